/**
 * The message protocol between a layout caller and an elkjs worker (a browser Web Worker or a
 * Node worker thread, same messages): `{id, graph}` out, `{id, graph}` or `{id, error}` back.
 * One implementation of the bookkeeping for both sides' pools.
 */
import type { ElkNode } from "elkjs/lib/elk-api";

export interface LayoutRequest {
  id: number;
  graph: ElkNode;
}

export interface LayoutReply {
  id: number;
  graph?: ElkNode;
  error?: string;
}

/** Calls in flight to one or more workers, matched to their replies by id. */
export class PendingLayouts {
  private next = 0;
  private readonly calls = new Map<number, { resolve: (g: ElkNode) => void; reject: (e: Error) => void }>();

  /** Sends `graph` under a fresh id; resolves with the graph of the reply with that id. */
  call(send: (request: LayoutRequest) => void, graph: ElkNode): Promise<ElkNode> {
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve, reject });
      send({ id, graph });
    });
  }

  /** Settles the call a reply answers (a reply to no call in flight is ignored). */
  settle(reply: LayoutReply): void {
    const call = this.calls.get(reply.id);
    this.calls.delete(reply.id);
    if (reply.graph) call?.resolve(reply.graph);
    else call?.reject(new Error(reply.error ?? "layout failed"));
  }

  /** Rejects every call in flight (a worker died or the pool stops). */
  failAll(error: Error): void {
    for (const call of this.calls.values()) call.reject(error);
    this.calls.clear();
  }

  get size(): number {
    return this.calls.size;
  }
}
