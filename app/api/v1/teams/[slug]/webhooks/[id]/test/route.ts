// POST /api/v1/teams/{slug}/webhooks/{id}/test — send a test event (shows in the delivery log)
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { TestDeliveryDto } from "@/lib/notify/dto";
import { queueTestEvent } from "@/lib/notify/mutations";
import { WebhookParams } from "@/lib/notify/schemas";

export const POST = route(
  {
    operationId: "testWebhook",
    summary: "Queue a test event (`dev.meshport.webhook.test`) for the webhook, also when it is turned off",
    response: { schema: TestDeliveryDto, description: "The queued delivery", status: 201 },
    errors: [403, 404],
    scope: null,
    params: WebhookParams,
  },
  async ({ user, params }) => queueTestEvent(await db(), user, params.slug, params.id),
);
