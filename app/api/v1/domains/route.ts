// GET /api/v1/domains — domains with their teams and product counts (any signed-in user)
import { listDomains } from "@/lib/catalog/queries";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { DomainListDto } from "@/lib/catalog/dto";

export const GET = route(
  {
    operationId: "listDomains",
    summary: "Domains with their teams and product counts",
    response: { schema: DomainListDto, description: "All domains" },
  },
  async ({ user }) => ({ items: await listDomains(await db(), user) }),
);
