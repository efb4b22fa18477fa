// GET /api/v1/grants?team=&product= — grants the caller's teams hold or own (admins: all)
import { listGrants } from "@/lib/access/queries";
import { GrantListQuery } from "@/lib/access/schemas";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { GrantListDto } from "@/lib/access/dto";

export const GET = route(
  {
    operationId: "listGrants",
    summary: "Grants your teams hold or own (admins: all)",
    response: { schema: GrantListDto, description: "`{items}`" },
    query: GrantListQuery,
  },
  async ({ query, user }) => listGrants(await db(), user, query),
);
