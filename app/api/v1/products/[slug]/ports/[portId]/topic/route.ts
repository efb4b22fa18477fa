// DELETE /api/v1/products/{slug}/ports/{portId}/topic — admins delete a retired port's topic, confirmed by its name
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { PortStateDto } from "@/lib/publishing/dto";
import { deleteRetiredTopic } from "@/lib/publishing/ports";
import { PortParams, TopicDeletionSchema } from "@/lib/publishing/schemas";

export const DELETE = route(
  {
    operationId: "deleteRetiredTopic",
    summary:
      "Admins delete a retired port's topic and its data; `confirm` must be the topic's name (never with a token)",
    response: { schema: PortStateDto, description: "The port, retired, its topic gone" },
    errors: [403, 404, 409],
    scope: null,
    params: PortParams,
    body: TopicDeletionSchema,
  },
  async ({ params, body, user }) =>
    deleteRetiredTopic(await db(), user, params.slug, params.portId, body.confirm),
);
