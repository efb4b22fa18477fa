// POST /api/v1/products/{slug}/ports/{portId}/provision — owners retry a port's provisioning (idempotent on the broker)
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { PortStateDto } from "@/lib/publishing/dto";
import { retryPort } from "@/lib/publishing/ports";
import { PortParams } from "@/lib/publishing/schemas";

export const POST = route(
  {
    operationId: "retryPortProvisioning",
    summary:
      "Owners provision a failed (or active) Kafka port again: its topic and the owner team's bindings",
    response: { schema: PortStateDto, description: "`{id, state, error}`" },
    errors: [403, 404, 409],
    scope: "catalog:publish",
    params: PortParams,
  },
  async ({ params, user }) => retryPort(await db(), user, params.slug, params.portId),
);
