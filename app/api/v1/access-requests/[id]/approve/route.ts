// POST /api/v1/access-requests/{id}/approve — an owner approves; the grant's ACLs are provisioned on Kafka
import { decideAccessRequest } from "@/lib/access/mutations";
import { ApproveSchema, IdParams } from "@/lib/access/schemas";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { DecisionDto } from "@/lib/access/dto";

export const POST = route(
  {
    operationId: "approveAccessRequest",
    summary:
      "The owner team approves; the grant's Kafka ACLs are provisioned. Approving your own team's request: admins only",
    response: { schema: DecisionDto, description: "`{status, grant:{id,status}}`" },
    errors: [404, 409],
    scope: "access:decide",
    params: IdParams,
    body: ApproveSchema,
  },
  async ({ params, body, user }) => decideAccessRequest(await db(), user, params.id, "approve", body.reason),
);
