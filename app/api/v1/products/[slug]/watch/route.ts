// GET/POST/DELETE /api/v1/products/{slug}/watch — follow a product (new schema versions, deprecation, retirement, contract checks)
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { WatchDto } from "@/lib/notify/dto";
import { setWatch } from "@/lib/notify/mutations";
import { getWatch } from "@/lib/notify/queries";
import { WatchParams } from "@/lib/notify/schemas";

export const GET = route(
  {
    operationId: "getWatch",
    summary: "Whether you watch the product, and how many people do",
    response: { schema: WatchDto, description: "Watch state" },
    errors: [404],
    params: WatchParams,
  },
  async ({ user, params }) => getWatch(await db(), user, params.slug),
);

export const POST = route(
  {
    operationId: "watchProduct",
    summary: "Watch the product: be told of new schema versions, deprecation, retirement and contract checks",
    response: { schema: WatchDto, description: "Watching" },
    errors: [404],
    scope: "notifications",
    params: WatchParams,
  },
  async ({ user, params }) => setWatch(await db(), user, params.slug, true),
);

export const DELETE = route(
  {
    operationId: "unwatchProduct",
    summary: "Stop watching the product",
    response: { schema: WatchDto, description: "Not watching" },
    errors: [404],
    scope: "notifications",
    params: WatchParams,
  },
  async ({ user, params }) => setWatch(await db(), user, params.slug, false),
);
