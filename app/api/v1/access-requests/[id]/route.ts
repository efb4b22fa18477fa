// GET /api/v1/access-requests/{id} — one request with its grant and audit trail (404 unless yours to see)
import { getAccessRequest } from "@/lib/access/queries";
import { IdParams } from "@/lib/access/schemas";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { AccessRequestDetailDto } from "@/lib/access/dto";

export const GET = route(
  {
    operationId: "getAccessRequest",
    summary: "A request with its grant and audit trail (404 unless you may see it)",
    response: { schema: AccessRequestDetailDto, description: "The request" },
    errors: [404],
    params: IdParams,
  },
  async ({ params, user }) => getAccessRequest(await db(), user, params.id),
);
