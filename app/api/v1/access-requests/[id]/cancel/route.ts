// POST /api/v1/access-requests/{id}/cancel — the requester withdraws a pending request
import { decideAccessRequest } from "@/lib/access/mutations";
import { IdParams } from "@/lib/access/schemas";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { DecisionDto } from "@/lib/access/dto";

export const POST = route(
  {
    operationId: "cancelAccessRequest",
    summary: "The requester withdraws a pending request",
    response: { schema: DecisionDto, description: "`{status}`" },
    errors: [404, 409],
    scope: "access:request",
    params: IdParams,
  },
  async ({ params, user }) => decideAccessRequest(await db(), user, params.id, "cancel"),
);
