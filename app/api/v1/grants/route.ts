// GET /api/v1/grants?team=&product= — grants the caller's teams hold or own (admins: all)
import { listGrants } from "@/lib/access/mutations";
import { GrantListQuery } from "@/lib/access/schemas";
import { db } from "@/lib/server/db";
import { route } from "@/lib/server/route";

export const GET = route({ query: GrantListQuery }, async ({ query, user }) =>
  listGrants(await db(), user, query),
);
