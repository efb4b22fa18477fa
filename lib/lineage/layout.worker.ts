/// <reference lib="webworker" />
// One elkjs instance off the main thread. The page keeps a small pool of these and shares a
// graph's domains out over them (lib/lineage/layout.ts), so a big layout uses every core.
import ELK from "elkjs/lib/elk.bundled.js";
import { warmUpGraph } from "./layout";
import type { LayoutReply, LayoutRequest } from "./layout-calls";

const elk = new ELK();
// Compile elkjs' hot paths before saying "ready" (the page lays out on the server until then): a
// cold first layout takes 2–3× longer than a warm one.
const WARM_UPS = 10;
const warm = (async () => {
  for (let i = 0; i < WARM_UPS; i++) await elk.layout(warmUpGraph());
})()
  .catch(() => undefined)
  .then(() => self.postMessage({ ready: true }));

self.onmessage = async (event: MessageEvent<LayoutRequest>) => {
  const { id, graph } = event.data;
  try {
    await warm;
    self.postMessage({ id, graph: await elk.layout(graph) } satisfies LayoutReply);
  } catch (err) {
    self.postMessage({ id, error: err instanceof Error ? err.message : String(err) } satisfies LayoutReply);
  }
};
