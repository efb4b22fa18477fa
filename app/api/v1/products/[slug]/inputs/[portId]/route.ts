// DELETE /api/v1/products/{slug}/inputs/{portId} — owners remove an input port declaration
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { InputPortResultDto } from "@/lib/publishing/dto";
import { removeInputPort } from "@/lib/publishing/inputs";
import { PortParams } from "@/lib/publishing/schemas";

export const DELETE = route(
  {
    operationId: "removeInputPort",
    summary: "Owners remove an input port declaration",
    response: { schema: InputPortResultDto, description: "`{product, portId, declared}`" },
    errors: [403, 404],
    scope: "catalog:write",
    params: PortParams,
  },
  async ({ params, user }) => removeInputPort(await db(), user, params.slug, params.portId),
);
