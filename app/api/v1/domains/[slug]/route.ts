// PATCH /api/v1/domains/{slug} — admins rename or describe a domain
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { DomainDto } from "@/lib/org/dto";
import { updateDomain } from "@/lib/org/mutations";
import { DomainParams, DomainUpdateSchema } from "@/lib/org/schemas";

export const PATCH = route(
  {
    operationId: "updateDomain",
    summary: "Admins rename or describe a domain (never with a token)",
    response: { schema: DomainDto, description: "The domain" },
    errors: [403, 404],
    scope: null,
    params: DomainParams,
    body: DomainUpdateSchema,
  },
  async ({ params, body, user }) => updateDomain(await db(), user, params.slug, body),
);
