// GET /api/v1/domains — domains with their teams and product counts (any signed-in user)
// POST /api/v1/domains — admins create a domain
import { listDomains } from "@/lib/catalog/queries";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { DomainListDto } from "@/lib/catalog/dto";
import { NextResponse } from "next/server";
import { DomainDto } from "@/lib/org/dto";
import { createDomain } from "@/lib/org/mutations";
import { DomainCreateSchema } from "@/lib/org/schemas";

export const GET = route(
  {
    operationId: "listDomains",
    summary: "Domains with their teams and product counts",
    response: { schema: DomainListDto, description: "All domains" },
  },
  async ({ user }) => ({ items: await listDomains(await db(), user) }),
);

export const POST = route(
  {
    operationId: "createDomain",
    summary: "Admins create a domain (never with a token)",
    response: { schema: DomainDto, status: 201, description: "The domain" },
    errors: [403, 409],
    scope: null,
    body: DomainCreateSchema,
  },
  async ({ body, user }) => NextResponse.json(await createDomain(await db(), user, body), { status: 201 }),
);
