// GET /api/v1/asyncapi — the whole mesh's event streams as one AsyncAPI 3.0 document (what the caller may see)
import { meshAsyncApiYaml } from "@/lib/catalog/exports";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";

export const GET = route(
  {
    operationId: "meshAsyncApi",
    summary:
      "Every Kafka port of every product the caller may see, as one AsyncAPI 3.0 document: servers, channels with payload schemas and Kafka bindings, send/receive operations per team",
    response: { description: "YAML", mediaType: "application/yaml" },
  },
  async ({ user }) =>
    new Response(await meshAsyncApiYaml(await db(), user), {
      headers: {
        "content-type": "application/yaml; charset=utf-8",
        "content-disposition": 'attachment; filename="meshport.asyncapi.yaml"',
      },
    }),
);
