// GET /api/v1/domains — domains with their teams and product counts (any signed-in user)
import { listDomains } from "@/lib/catalog/queries";
import { db } from "@/lib/server/db";
import { route } from "@/lib/server/route";

export const GET = route({}, async () => ({ items: await listDomains(await db()) }));
