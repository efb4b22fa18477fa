// PATCH/DELETE /api/v1/teams/{slug}/webhooks/{id} — turn a webhook on or off, change its kinds, delete it
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { WebhookDto } from "@/lib/notify/dto";
import { deleteWebhook, updateWebhook } from "@/lib/notify/mutations";
import { WebhookParams, WebhookUpdateSchema } from "@/lib/notify/schemas";
import { z } from "zod";

export const PATCH = route(
  {
    operationId: "updateWebhook",
    summary:
      "Turn the webhook on again (resets its failure count) or off, or change its kinds or description",
    response: { schema: WebhookDto, description: "The webhook after the change" },
    errors: [403, 404],
    scope: null,
    params: WebhookParams,
    body: WebhookUpdateSchema,
  },
  async ({ user, params, body }) => updateWebhook(await db(), user, params.slug, params.id, body),
);

export const DELETE = route(
  {
    operationId: "deleteWebhook",
    summary: "Delete the webhook and its delivery log",
    response: { schema: z.object({ deleted: z.literal(true) }), description: "Deleted" },
    errors: [403, 404],
    scope: null,
    params: WebhookParams,
  },
  async ({ user, params }) => deleteWebhook(await db(), user, params.slug, params.id),
);
