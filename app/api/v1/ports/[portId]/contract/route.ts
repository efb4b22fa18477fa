// GET /api/v1/ports/{portId}/contract — the port's data contract as ODCS v3.1.0 YAML (anyone who may see the product)
import { exportPortContract } from "@/lib/catalog/port-contracts";
import { PortIdParams } from "@/lib/catalog/schemas";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";

export const GET = route(
  {
    operationId: "exportPortContract",
    summary:
      "The port's data contract (ODCS v3.1.0 YAML): id, version, status, schema, quality rules, SLA, support",
    response: { description: "YAML", mediaType: "application/yaml" },
    errors: [404],
    params: PortIdParams,
  },
  async ({ params, user }) => {
    const { yaml, filename } = await exportPortContract(await db(), user, params.portId);
    return new Response(yaml, {
      headers: {
        "content-type": "application/yaml; charset=utf-8",
        "content-disposition": `attachment; filename="${filename}"`,
      },
    });
  },
);
