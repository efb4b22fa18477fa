// GET /api/v1/teams/{slug}/webhooks/{id}/deliveries — the delivery log (status codes, response times)
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { DeliveryListDto } from "@/lib/notify/dto";
import { listDeliveries } from "@/lib/notify/queries";
import { DeliveriesQuery, WebhookParams } from "@/lib/notify/schemas";

export const GET = route(
  {
    operationId: "listWebhookDeliveries",
    summary:
      "The webhook's deliveries, newest first, each with every attempt's status code and response time",
    response: { schema: DeliveryListDto, description: "Deliveries" },
    errors: [403, 404],
    params: WebhookParams,
    query: DeliveriesQuery,
  },
  async ({ user, params, query }) => listDeliveries(await db(), user, params.slug, params.id, query.limit),
);
