// POST /api/v1/lineage/layout — a lineage graph laid out on the server (warm elkjs threads, cached)
import { AppError } from "@/lib/core/errors";
import { LayoutInputSchema, layoutOnServer } from "@/lib/lineage/server-layout";
import { route } from "@/lib/http/route";

// Callers with a layout running on this server: one at a time each, so nobody holds the threads.
const holder = globalThis as unknown as { __meshportLayoutCallers?: Set<string> };

// Any signed-in user: the body is the caller's own graph of ids and sizes; nothing is read.
export const POST = route(
  {
    operationId: "layoutLineage",
    summary:
      "Lays out a lineage graph on the server (elkjs in worker threads, cached by graph hash); the lineage page uses it until its own Web Workers are warm",
    response: { description: "`{nodes: {id: {x, y}}, groups, width, height}`" },
    errors: [503],
    scope: "read",
    body: LayoutInputSchema,
  },
  async ({ body, user }) => {
    const running = (holder.__meshportLayoutCallers ??= new Set());
    if (running.has(user.id))
      throw AppError.rateLimited("One layout at a time: your previous layout is still running", 1);
    running.add(user.id);
    try {
      return await layoutOnServer(body);
    } finally {
      running.delete(user.id);
    }
  },
);
