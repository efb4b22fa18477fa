// PATCH /api/v1/products/{slug}/ports/{portId} — owners change a port (a provisioned one within policy, on the broker)
// DELETE /api/v1/products/{slug}/ports/{portId} — owners delete a draft port
import { addressContext } from "@/lib/catalog/address-context";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { DeletedPortDto, PortResultDto } from "@/lib/publishing/dto";
import { deletePort, updatePort } from "@/lib/publishing/ports";
import { PortParams, PortUpdateSchema } from "@/lib/publishing/schemas";

export const PATCH = route(
  {
    operationId: "updateOutputPort",
    summary:
      "Owners change a port: a draft freely; a provisioned Kafka port evolves within policy (more partitions, retention, cleanup) on the broker first; its topic stays",
    response: { schema: PortResultDto, description: "The port's state and its policy violations" },
    errors: [403, 404, 409],
    scope: "catalog:publish",
    params: PortParams,
    body: PortUpdateSchema,
  },
  async ({ params, body, user }) =>
    updatePort(await db(), user, params.slug, params.portId, body, addressContext()),
);

export const DELETE = route(
  {
    operationId: "deleteOutputPort",
    summary: "Owners delete a draft port (a provisioned one is retired with its product)",
    response: { schema: DeletedPortDto, description: "`{id, deleted: true}`" },
    errors: [403, 404, 409],
    scope: "catalog:publish",
    params: PortParams,
  },
  async ({ params, user }) => {
    await deletePort(await db(), user, params.slug, params.portId);
    return { id: params.portId, deleted: true as const };
  },
);
