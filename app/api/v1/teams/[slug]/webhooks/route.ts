// GET/POST /api/v1/teams/{slug}/webhooks — a team's webhooks (CloudEvents, Standard Webhooks signatures)
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { WebhookCreatedDto, WebhookListDto } from "@/lib/notify/dto";
import { createWebhook } from "@/lib/notify/mutations";
import { listWebhooks } from "@/lib/notify/queries";
import { TeamWebhooksParams, WebhookCreateSchema } from "@/lib/notify/schemas";

export const GET = route(
  {
    operationId: "listWebhooks",
    summary: "The team's webhooks (members and admins; never the secret)",
    response: { schema: WebhookListDto, description: "Webhooks" },
    errors: [403, 404],
    params: TeamWebhooksParams,
  },
  async ({ user, params }) => listWebhooks(await db(), user, params.slug),
);

export const POST = route(
  {
    operationId: "createWebhook",
    summary:
      "Add a webhook (team owners and admins, signed in): an http(s) URL on a public address, the kinds of events; answers the signing secret once",
    response: { schema: WebhookCreatedDto, description: "The webhook with its secret", status: 201 },
    errors: [403, 404, 409],
    scope: null,
    params: TeamWebhooksParams,
    body: WebhookCreateSchema,
  },
  async ({ user, params, body }) => createWebhook(await db(), user, params.slug, body),
);
