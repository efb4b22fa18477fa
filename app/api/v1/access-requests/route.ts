// POST /api/v1/access-requests — a team member requests access to an output port for their team
// GET /api/v1/access-requests?as=owner|requester&status= — the owner inbox, or my teams' requests
import { NextResponse } from "next/server";
import { createAccessRequest } from "@/lib/access/mutations";
import { listAccessRequests } from "@/lib/access/queries";
import { AccessRequestCreateSchema, AccessRequestListQuery } from "@/lib/access/schemas";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { AccessRequestListDto, CreatedRequestDto } from "@/lib/access/dto";

export const POST = route(
  {
    operationId: "createAccessRequest",
    summary: "Request access to an output port for one of your teams (default expiry 90 days)",
    response: { schema: CreatedRequestDto, status: 201, description: '`{id, status: "pending"}`' },
    errors: [404, 409],
    scope: "access:request",
    body: AccessRequestCreateSchema,
  },
  async ({ body, user }) =>
    NextResponse.json(await createAccessRequest(await db(), user, body), { status: 201 }),
);

export const GET = route(
  {
    operationId: "listAccessRequests",
    summary: "The owner inbox (`as=owner`) or your teams' requests (`as=requester`)",
    response: { schema: AccessRequestListDto, description: "`{items}`" },
    query: AccessRequestListQuery,
  },
  async ({ query, user }) => listAccessRequests(await db(), user, query),
);
