/**
 * A live-tail viewer that behaves like a browser's EventSource behind a load balancer: it reads
 * the stream (parsed with eventsource-parser, never the portal's own code), and when the
 * connection drops it reconnects through the balancer (a real one, or the client-side round
 * robin of `PortalInstances`) with `Last-Event-ID` set to the last id it got (an event's, or the
 * position after it), so it may land on another instance. It records every event id and every
 * connection.
 */
import { createParser } from "eventsource-parser";
import { sleep } from "@/lib/core/time";
import type { PortalInstance, PortalInstances } from "./portal-instances";

export interface ViewerConnection {
  instance: string;
  at: number;
  lastEventId: string | undefined;
  /** How the connection ended: "dropped" (reset/closed), "end" (the server ended it), or an HTTP status. */
  ended?: string;
}

export class ResumingViewer {
  /** Offsets received, per partition, in arrival order. */
  readonly offsets = new Map<number, number[]>();
  readonly connections: ViewerConnection[] = [];
  /** `dropped` events the server sent (a viewer too slow for the stream): each is a gap. */
  dropped = 0;
  lastEventId: string | undefined;
  /** Arrival time of the first event after each reconnect (ms after the drop). */
  readonly resumeMs: number[] = [];
  /** Time from each drop to the next stream's answer (ms). */
  readonly reconnectMs: number[] = [];
  private controller = new AbortController();
  private stopped = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly portals: PortalInstances,
    private readonly path: string,
    private readonly token: string,
    /** The instance of the first connection (then whatever the balancer gives). */
    private readonly first: PortalInstance,
    /** A real balancer to connect through every time (it names the instance that served). */
    private readonly balancer?: { url: string },
  ) {}

  get received(): number {
    let n = 0;
    for (const list of this.offsets.values()) n += list.length;
    return n;
  }

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.controller.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    let instance: PortalInstance | undefined = this.first;
    let droppedAt: number | undefined;
    while (!this.stopped) {
      const target: PortalInstance | undefined = this.balancer
        ? undefined
        : (instance ?? this.portals.pick());
      instance = undefined;
      const connection: ViewerConnection = {
        instance: target?.name ?? "?",
        at: Date.now(),
        lastEventId: this.lastEventId,
      };
      this.connections.push(connection);
      this.controller = new AbortController();
      try {
        const response = await fetch((this.balancer?.url ?? target!.url) + this.path, {
          headers: {
            authorization: `Bearer ${this.token}`,
            accept: "text/event-stream",
            ...(this.lastEventId ? { "last-event-id": this.lastEventId } : {}),
          },
          signal: this.controller.signal,
        });
        if (this.balancer) connection.instance = response.headers.get("x-served-by") ?? "?";
        if (!response.ok || !response.body) {
          connection.ended = String(response.status);
          await response.body?.cancel();
          await sleep(500);
          continue;
        }
        if (droppedAt !== undefined) this.reconnectMs.push(Date.now() - droppedAt);
        let ended = false;
        const parser = createParser({
          onEvent: (e) => {
            if (e.event === "end") ended = true;
            if (e.event === "dropped") this.dropped++;
            // EventSource keeps the last id of any event: a position's, after each flush.
            if (e.event === "position" && e.id) this.lastEventId = e.id;
            if ((e.event ?? "message") !== "message" || !e.id) return;
            const [partition, offset] = e.id.split(":").map(Number) as [number, number];
            if (droppedAt !== undefined) {
              this.resumeMs.push(Date.now() - droppedAt);
              droppedAt = undefined;
            }
            const list = this.offsets.get(partition) ?? [];
            list.push(offset);
            this.offsets.set(partition, list);
            this.lastEventId = e.id;
          },
        });
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.feed(decoder.decode(value, { stream: true }));
        }
        connection.ended = ended ? "end" : "dropped";
        if (ended) return;
      } catch {
        connection.ended ??= "dropped";
        if (!this.stopped && target) this.portals.failed(target);
      }
      if (this.stopped) return;
      droppedAt ??= Date.now();
      // EventSource's reconnect delay (the tail asks for about this much).
      await sleep(250);
    }
  }

  /**
   * Offsets missing between the first and last offset received on each partition, up to `until`
   * (the partition's end offset when the producer stopped), and offsets received twice.
   */
  gapsAndRepeats(until: Map<number, number>): { missing: number; repeated: number } {
    let missing = 0;
    let repeated = 0;
    for (const [partition, list] of this.offsets) {
      const seen = new Set<number>();
      for (const o of list) {
        if (seen.has(o)) repeated++;
        seen.add(o);
      }
      const from = Math.min(...seen);
      const to = until.get(partition) ?? Math.max(...seen) + 1;
      for (let o = from; o < to; o++) if (!seen.has(o)) missing++;
    }
    return { missing, repeated };
  }
}
