// POST /api/v1/lineage/layout — a lineage graph laid out on the server (warm elkjs threads, cached)
import { LayoutInputSchema, layoutOnServer } from "@/lib/lineage/server-layout";
import { route } from "@/lib/server/route";

// Any signed-in user: the body is the caller's own graph of ids and sizes; nothing is read.
export const POST = route({ body: LayoutInputSchema }, async ({ body }) => layoutOnServer(body));
