// POST /api/v1/grants/{id}/provision — retries a failed provisioning (idempotent on the broker)
import { retryGrant } from "@/lib/access/mutations";
import { IdParams } from "@/lib/access/schemas";
import { db } from "@/lib/server/db";
import { route } from "@/lib/server/route";

export const POST = route({ scope: "access:decide", params: IdParams }, async ({ params, user }) =>
  retryGrant(await db(), user, params.id),
);
