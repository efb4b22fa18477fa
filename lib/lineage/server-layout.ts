import "server-only";
import { availableParallelism } from "node:os";
import { z } from "zod";
import { AppError } from "@/lib/core/errors";
import { LayoutCache, layoutGraph, type ElkLike, type LayoutInput, type LayoutResult } from "./layout";
import { syntheticLineage } from "./synthetic";
import { elkThreadPool, type ElkThreadPool } from "./thread-pool";

/** Past this, a layout is abandoned (its threads terminated) and the view offers a smaller one. */
export const SERVER_LAYOUT_DEADLINE_MS = 8000;

const id = z.string().min(1).max(300);
/** Bigger graphs than the mesh map of a large catalog are not laid out on the shared threads. */
export const MAX_LAYOUT_NODES = 5_000;
export const MAX_LAYOUT_EDGES = 20_000;

export const LayoutInputSchema = z
  .object({
    nodes: z
      .array(
        z.object({
          id,
          group: z.string().max(300).optional(),
          rank: z.number().int().min(-1000).max(1000).optional(),
          width: z.number().positive().max(5000),
          height: z.number().positive().max(5000),
        }),
      )
      .min(1)
      .max(MAX_LAYOUT_NODES, "at most 5,000 nodes"),
    edges: z.array(z.object({ id, source: id, target: id })).max(MAX_LAYOUT_EDGES, "at most 20,000 edges"),
  })
  .superRefine((input, ctx) => {
    const ids = new Set<string>();
    for (const [i, n] of input.nodes.entries()) {
      if (ids.has(n.id))
        ctx.addIssue({ code: "custom", path: ["nodes", i, "id"], message: `duplicate node id "${n.id}"` });
      ids.add(n.id);
    }
    for (const [i, e] of input.edges.entries()) {
      for (const end of ["source", "target"] as const) {
        if (!ids.has(e[end]))
          ctx.addIssue({ code: "custom", path: ["edges", i, end], message: `no node "${e[end]}"` });
      }
    }
  });

// One pool of warm elkjs threads and one cache per server process: every viewer of a graph
// after the first gets its layout from the cache.
const holder = globalThis as unknown as { __meshportElk?: ElkThreadPool; __meshportLayouts?: LayoutCache };

/** A synthetic graph with ranks (hops from a focused product), as a product's lineage view has. */
function ranked(nodes: number, edges: number, groups: number, seed: number): LayoutInput {
  const g = syntheticLineage(nodes, edges, groups, seed);
  return { ...g, nodes: g.nodes.map((n, i) => ({ ...n, rank: Math.floor((i * 9) / nodes) - 4 })) };
}

/**
 * What real big views ask for: layouts of a 300-node graph in 3 domains, then of a 1,000-node
 * graph in 10, with and without ranks (≈5 s of each background thread at server start).
 */
async function warmUp(elk: ElkLike): Promise<void> {
  for (const graph of [syntheticLineage(300, 450, 3, 11), ranked(300, 450, 3, 12)])
    for (let i = 0; i < 2; i++) await layoutGraph(elk, graph);
  for (const graph of [syntheticLineage(1000, 1500, 10, 13), ranked(1000, 2500, 10, 14)])
    await layoutGraph(elk, graph);
}

function threads(): ElkThreadPool {
  holder.__meshportElk ??= elkThreadPool(Math.max(1, Math.min(2, availableParallelism())), { warmUp });
  return holder.__meshportElk;
}

/** Starts (and warms) the threads ahead of the first request. */
export function prewarmServerLayout(): void {
  threads();
}

export async function layoutOnServer(input: LayoutInput): Promise<LayoutResult> {
  holder.__meshportLayouts ??= new LayoutCache(50);
  const pool = threads();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Stop the runaway layout: the next request starts fresh threads.
      if (holder.__meshportElk === pool) holder.__meshportElk = undefined;
      void pool.close();
      reject(
        new AppError(
          "timeout",
          `Laying out ${input.nodes.length} nodes took longer than ${SERVER_LAYOUT_DEADLINE_MS / 1000} s`,
          503,
        ),
      );
    }, SERVER_LAYOUT_DEADLINE_MS);
  });
  try {
    return await Promise.race([holder.__meshportLayouts.get(pool.pool, input), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
