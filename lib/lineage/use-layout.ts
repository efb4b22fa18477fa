"use client";

import type { ElkNode } from "elkjs/lib/elk-api";
import { useEffect, useRef, useState } from "react";
import { ApiError, fetchJson } from "@/lib/api/fetch-json";
import { LayoutCache, type ElkLike, type LayoutInput, type LayoutResult } from "./layout";
import { PendingLayouts, type LayoutReply } from "./layout-calls";

/** How long a layout may take before the view says so and offers a smaller one. */
export const LAYOUT_DEADLINE_MS = 8000;

/** An elkjs instance in a Web Worker (lib/lineage/layout.worker.ts). */
class WorkerElk implements ElkLike {
  private readonly worker = new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
  private readonly pending = new PendingLayouts();
  /** Whether the worker has loaded and warmed elkjs up (a cold one is ~3× slower). */
  ready = false;

  constructor() {
    this.worker.onmessage = (event: MessageEvent<LayoutReply | { ready: true }>) => {
      if ("ready" in event.data) this.ready = true;
      else this.pending.settle(event.data);
    };
  }

  layout(graph: ElkNode): Promise<ElkNode> {
    return this.pending.call((request) => this.worker.postMessage(request), graph);
  }

  terminate(): void {
    this.worker.terminate();
    this.pending.failAll(new Error("layout stopped"));
  }
}

// One pool and one cache per page, kept across client-side navigations: the workers stay
// JIT-warm and a graph seen before is drawn from the cache.
let pool: WorkerElk[] | null = null;
const cache = new LayoutCache(20);

function workers(): WorkerElk[] {
  // One per core, up to four: a graph has ten-odd domains to share out.
  pool ??= Array.from(
    { length: Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2)) },
    () => new WorkerElk(),
  );
  return pool;
}

/**
 * Where a layout runs: in this page's workers once they are warm; before that on the server,
 * whose elkjs threads are warm and whose cache serves every viewer of the same graph (and the
 * workers again if the server cannot).
 */
async function layoutSomewhere(input: LayoutInput): Promise<LayoutResult> {
  if (pool?.every((w) => w.ready)) return cache.get(pool, input);
  return cache.through(input, async () => {
    try {
      return await fetchJson<LayoutResult>("/api/v1/lineage/layout", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(input),
      });
    } catch (err) {
      if (err instanceof ApiError && err.code === "timeout") throw err;
      return cache.get(workers(), input);
    }
  });
}

function stopWorkers(): void {
  for (const w of pool ?? []) w.terminate();
  pool = null;
}

type State =
  | { status: "idle" | "running" }
  | { status: "done"; result: LayoutResult; ms: number }
  | { status: "error"; message: string }
  | { status: "timeout" };

/**
 * Lays out `input` off the main thread (Web Workers, or the server while they warm up), with a
 * deadline: past it the workers are terminated (fresh ones serve the next layout) and the state
 * says "timeout".
 */
export function useLayout(input: LayoutInput | null): State {
  const [state, setState] = useState<State>({ status: "idle" });
  const sequence = useRef(0);

  // Start the workers once the first graph is on screen (the server lays out until they are
  // warm): loading and warming elkjs would otherwise take the cores the first paint needs.
  const done = state.status === "done";
  useEffect(() => {
    if (!done || pool) return;
    const timer = setTimeout(() => void workers(), 1000);
    return () => clearTimeout(timer);
  }, [done]);

  useEffect(() => {
    if (!input || input.nodes.length === 0) {
      setState({ status: "idle" });
      return;
    }
    const id = ++sequence.current;
    const started = performance.now();
    setState({ status: "running" });
    const timer = setTimeout(() => {
      if (sequence.current !== id) return;
      stopWorkers();
      setState({ status: "timeout" });
    }, LAYOUT_DEADLINE_MS);
    layoutSomewhere(input).then(
      (result) => {
        clearTimeout(timer);
        if (sequence.current === id) setState({ status: "done", result, ms: performance.now() - started });
      },
      (err: unknown) => {
        clearTimeout(timer);
        if (sequence.current !== id) return;
        if (err instanceof ApiError && err.code === "timeout") setState({ status: "timeout" });
        else if (pool)
          setState({ status: "error", message: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => clearTimeout(timer);
  }, [input]);

  return state;
}
