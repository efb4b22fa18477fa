// POST /api/v1/grants/{id}/revoke — removes exactly the grant's ACLs (503 and retried later if Kafka is down)
import { revokeGrant } from "@/lib/access/mutations";
import { IdParams } from "@/lib/access/schemas";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { GrantStateDto } from "@/lib/access/dto";

export const POST = route(
  {
    operationId: "revokeGrant",
    summary:
      "Removes exactly the grant's ACLs that no other live grant needs (503: Kafka down, finished later)",
    response: { schema: GrantStateDto, description: "`{id, status}`" },
    errors: [404, 409, 503],
    scope: "access:decide",
    params: IdParams,
  },
  async ({ params, user }) => revokeGrant(await db(), user, params.id),
);
