"use client";

import { useEffect, useRef, useState } from "react";
import type { LayoutInput, LayoutResult } from "./layout";

/** How long a layout may take before the view says so and offers a smaller one. */
export const LAYOUT_DEADLINE_MS = 8000;

const createWorker = () => new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });

type State =
  | { status: "idle" | "running" }
  | { status: "done"; result: LayoutResult; ms: number }
  | { status: "error"; message: string }
  | { status: "timeout" };

/**
 * Lays out `input` in a Web Worker (never the main thread), with a deadline: past it the worker
 * is terminated (a fresh one serves the next layout) and the state says "timeout".
 */
export function useLayout(input: LayoutInput | null): State {
  const [state, setState] = useState<State>({ status: "idle" });
  // One worker per canvas, kept across depth changes: its elkjs code stays JIT-warm (a cold
  // first layout of 1,000 nodes takes ~3× longer than a warm one).
  const worker = useRef<Worker | null>(null);
  const sequence = useRef(0);

  // Start the worker at once: loading elkjs overlaps the request for the graph's data.
  useEffect(() => {
    worker.current ??= createWorker();
    return () => {
      worker.current?.terminate();
      worker.current = null;
    };
  }, []);

  useEffect(() => {
    if (!input || input.nodes.length === 0) {
      setState({ status: "idle" });
      return;
    }
    worker.current ??= createWorker();
    const w = worker.current;
    const id = ++sequence.current;
    const started = performance.now();
    setState({ status: "running" });
    const timer = setTimeout(() => {
      if (sequence.current !== id) return;
      w.terminate();
      worker.current = null;
      setState({ status: "timeout" });
    }, LAYOUT_DEADLINE_MS);
    const onMessage = (event: MessageEvent<{ id: number; result?: LayoutResult; error?: string }>) => {
      if (event.data.id !== id) return;
      clearTimeout(timer);
      if (event.data.result) setState({ status: "done", result: event.data.result, ms: performance.now() - started });
      else setState({ status: "error", message: event.data.error ?? "layout failed" });
    };
    w.addEventListener("message", onMessage);
    w.postMessage({ id, input });
    return () => {
      clearTimeout(timer);
      w.removeEventListener("message", onMessage);
    };
  }, [input]);

  return state;
}
