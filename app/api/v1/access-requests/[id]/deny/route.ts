// POST /api/v1/access-requests/{id}/deny — an owner denies, with a reason the requester sees
import { decideAccessRequest } from "@/lib/access/mutations";
import { DenySchema, IdParams } from "@/lib/access/schemas";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { DecisionDto } from "@/lib/access/dto";

export const POST = route(
  {
    operationId: "denyAccessRequest",
    summary: "The owner team denies, with a reason the requester sees",
    response: { schema: DecisionDto, description: "`{status}`" },
    errors: [404, 409],
    scope: "access:decide",
    params: IdParams,
    body: DenySchema,
  },
  async ({ params, body, user }) => decideAccessRequest(await db(), user, params.id, "deny", body.reason),
);
