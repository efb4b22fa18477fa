// One elkjs instance in a Node worker thread: the server's twin of lib/lineage/layout.worker.ts
// (lib/lineage/thread-pool.ts starts these). Plain JavaScript, loaded by path, never bundled.
import { parentPort } from "node:worker_threads";
import ELK from "elkjs/lib/elk.bundled.js";

const elk = new ELK();
parentPort.on("message", async ({ id, graph }) => {
  try {
    parentPort.postMessage({ id, graph: await elk.layout(graph) });
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
