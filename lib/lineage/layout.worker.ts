/// <reference lib="webworker" />
// Lineage layouts off the main thread: elkjs runs here, results cached by graph hash.
import ELK from "elkjs/lib/elk.bundled.js";
import { LayoutCache, type LayoutInput } from "./layout";

const elk = new ELK();
const cache = new LayoutCache(20);

self.onmessage = async (event: MessageEvent<{ id: number; input: LayoutInput }>) => {
  const { id, input } = event.data;
  try {
    const result = await cache.get(elk, input);
    self.postMessage({ id, result });
  } catch (err) {
    self.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
