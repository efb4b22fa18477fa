// POST /api/v1/grants/{id}/revoke — removes exactly the grant's ACLs (503 and retried later if Kafka is down)
import { revokeGrant } from "@/lib/access/mutations";
import { IdParams } from "@/lib/access/schemas";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";

export const POST = route({ scope: "access:decide", params: IdParams }, async ({ params, user }) =>
  revokeGrant(await db(), user, params.id),
);
