/**
 * elkjs in Node worker threads: a pool of `ElkLike`s for `layoutGraph` that never blocks the
 * event loop. The server lays out big graphs with one (lib/lineage/server-layout.ts), the
 * benchmark measures with one what the browser's pool of Web Workers does.
 */
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { ElkLike } from "./layout";
import { PendingLayouts, type LayoutReply } from "./layout-calls";

export interface ElkThreadPool {
  pool: ElkLike[];
  close(): Promise<void>;
}

/**
 * `warmUp`: work each thread runs first, in the background. elkjs (compiled from Java) needs a
 * good many layouts before V8 has optimized its hot paths: measured here, a first 1,000-node
 * layout took 1.3 s cold, 0.8 s after five 60-node layouts and 0.54 s after five of 300 nodes.
 */
export function elkThreadPool(
  size: number,
  opts: { warmUp?: (elk: ElkLike) => Promise<void> } = {},
): ElkThreadPool {
  // A path, not `new URL(…, import.meta.url)`: bundlers leave it alone and Node loads the file as is.
  const script = join(process.cwd(), "lib/lineage/elk-thread.mjs");
  const threads = Array.from({ length: size }, () => {
    const thread = new Worker(script);
    thread.unref();
    return thread;
  });
  const pending = new PendingLayouts();
  for (const thread of threads) {
    thread.on("message", (reply: LayoutReply) => pending.settle(reply));
    thread.on("error", (err) => pending.failAll(err));
  }
  const pool: ElkLike[] = threads.map((thread) => ({
    layout: (graph) => pending.call((request) => thread.postMessage(request), graph),
  }));
  if (opts.warmUp) for (const elk of pool) void opts.warmUp(elk).catch(() => undefined);
  return {
    pool,
    async close() {
      pending.failAll(new Error("layout stopped"));
      await Promise.all(threads.map((t) => t.terminate()));
    },
  };
}
