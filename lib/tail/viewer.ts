/**
 * One browser's stream of the live tail: a queue of rendered frames, written in coalesced chunks
 * at each `flush` (every 50 ms; the hub flushes its viewers in staggered groups), within a byte
 * rate; a viewer that falls behind loses its oldest queued events and is told how many. Knows
 * nothing of Kafka.
 */
import { render, type TailEvent, type TailView } from "./event";
import { matchesFilter, type TailFilter } from "./filter";
import { encodePosition, MAX_POSITION_PARTITIONS } from "./position";
import { HEARTBEAT, sseEvent, sseJson } from "./sse";

export type TailStart =
  | { kind: "latest" }
  | { kind: "earliest" }
  | { kind: "last"; n: number }
  | { kind: "after"; partition: number; offset: number }
  /** A `position` id: the next offset to send, per partition. */
  | { kind: "at"; next: Map<number, number> };

/** Where a viewer's bytes go (an SSE response body). */
export interface TailSink {
  /** A chunk as text, or already encoded (bytes shared by the viewers a flush writes alike). */
  write(chunk: string | Uint8Array): void;
  /** The client is not reading: hold writes back (the queue, then dropping, absorbs it). */
  backedUp(): boolean;
}

/**
 * One flush tick's encoded chunks, by view: viewers that see the same frames (same view, no
 * filter, nothing dropped or held back; caught up, so at the same position) write the same
 * bytes, encoded once. With 500 viewers of a busy topic that is one string and one buffer per
 * view and tick instead of 500 of each.
 */
export type SharedChunks = Map<
  string,
  { first: string; last: string; count: number; position: string; bytes: Uint8Array }
>;

const encoder = new TextEncoder();

/** A viewer with nothing to write says a changed position at most this often. */
const IDLE_POSITION_MS = 1000;

export interface ViewerLimits {
  /** A queue beyond this drops its oldest events (down to half of it). */
  maxQueueBytes: number;
  /** Writes beyond this rate wait in the queue. */
  maxBytesPerSecond: number;
  /** A comment after this long without a write. */
  heartbeatMs: number;
}

/** One browser's stream. Created by `TailHub.open`. */
export class TailViewer {
  /** Next offset to deliver, per partition. */
  readonly cursor = new Map<number, number>();
  mode: "waiting" | "history" | "live" | "closed" = "waiting";
  /** Which of the hub's staggered flush ticks writes this viewer. */
  flushSlot = 0;
  /**
   * The queue holds exactly what the topic offered since the last flush: live, unfiltered, its
   * last flush wrote everything and nothing was dropped. Only then may it share a chunk.
   */
  private steady = false;
  private queue: string[] = [];
  private queuedBytes = 0;
  private dropped = 0;
  private lastWriteAt: number;
  private tokens: number;
  private lastRefill: number;
  private drainWaiters: (() => void)[] = [];
  /** The last position written, and when. */
  private lastPosition = "";
  private lastPositionAt = -Infinity;

  constructor(
    readonly view: TailView,
    readonly filter: TailFilter | null,
    readonly start: TailStart,
    private readonly sink: TailSink,
    private readonly limits: ViewerLimits,
    /** Called once when the viewer closes (its topic lets go of it). */
    private readonly onClose: (viewer: TailViewer) => void = () => undefined,
    now = Date.now(),
  ) {
    this.tokens = limits.maxBytesPerSecond;
    this.lastWriteAt = now;
    this.lastRefill = now;
  }

  /** Offers an event: queued unless the viewer's cursor is past it (already sent) or the filter rejects it. */
  offer(event: TailEvent): void {
    const next = this.cursor.get(event.partition) ?? 0;
    if (event.offset < next) return;
    this.cursor.set(event.partition, event.offset + 1);
    const r = render(event, this.view);
    if (this.filter && !matchesFilter(this.filter, { key: event.key, value: r.value }, () => r.text)) return;
    this.push(r.frame);
  }

  /** A control event (`status`, `end`…), written at once, ahead of queued data. */
  control(event: string, data: unknown): void {
    if (this.mode === "closed") return;
    this.sink.write(sseJson(event, data));
    this.lastWriteAt = Date.now();
  }

  /** Bytes waiting in the queue. */
  get queued(): number {
    return this.queuedBytes;
  }

  private push(frame: string): void {
    this.queue.push(frame);
    this.queuedBytes += frame.length;
    if (this.queuedBytes > this.limits.maxQueueBytes) {
      // Fallen behind: drop the oldest, keep the newest (a tail is about now).
      let cut = 0;
      while (this.queuedBytes > this.limits.maxQueueBytes / 2 && cut < this.queue.length)
        this.queuedBytes -= this.queue[cut++]!.length;
      this.queue = this.queue.slice(cut);
      this.dropped += cut;
      this.steady = false;
    }
  }

  /** Room in the queue (history reading waits for it). */
  drained(): Promise<void> {
    if (this.queuedBytes < this.limits.maxQueueBytes / 4 || this.mode === "closed") return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /**
   * Writes what the rate allows as one chunk (a `dropped` event first), or a heartbeat when idle.
   * `shared`: the tick's chunks, reused when this viewer's frames are the same as another's.
   */
  flush(now: number, shared?: SharedChunks): void {
    if (this.mode === "closed") return;
    this.tokens = Math.min(
      this.limits.maxBytesPerSecond,
      this.tokens + ((now - this.lastRefill) / 1000) * this.limits.maxBytesPerSecond,
    );
    this.lastRefill = now;
    if ((this.queue.length > 0 || this.dropped > 0) && !this.sink.backedUp()) {
      let take = 0;
      let bytes = 0;
      while (take < this.queue.length && bytes + this.queue[take]!.length <= this.tokens)
        bytes += this.queue[take++]!.length;
      if (take === 0 && this.queue.length > 0 && this.tokens >= this.limits.maxBytesPerSecond)
        bytes += this.queue[take++]!.length; // one oversized frame
      const all = take === this.queue.length;
      const sharing = shared && this.steady && all && this.dropped === 0 ? shared : undefined;
      // Everything offered so far is written: say where that leaves the viewer (its cursor is
      // ahead of the written frames while some wait in the queue, so only then).
      const position =
        all && take > 0 && this.cursor.size <= MAX_POSITION_PARTITIONS ? this.positionFrame(now) : "";
      if (sharing) {
        const first = this.queue[0]!;
        const last = this.queue[take - 1]!;
        let hit = sharing.get(this.view.key);
        if (
          !hit ||
          hit.first !== first ||
          hit.last !== last ||
          hit.count !== take ||
          hit.position !== position
        ) {
          hit = { first, last, count: take, position, bytes: encoder.encode(this.queue.join("") + position) };
          sharing.set(this.view.key, hit);
        }
        this.sink.write(hit.bytes);
      } else {
        let chunk = (all ? this.queue.join("") : this.queue.slice(0, take).join("")) + position;
        if (this.dropped > 0) {
          chunk = sseJson("dropped", { count: this.dropped }) + chunk;
          this.dropped = 0;
        }
        this.sink.write(chunk);
      }
      this.queue = all ? [] : this.queue.slice(take);
      this.steady = all && this.mode === "live" && this.filter === null;
      this.queuedBytes -= bytes;
      this.tokens -= bytes;
      this.lastWriteAt = now;
    } else if (this.idlePositionDue(now)) {
      // Nothing to write, but the cursor moved (events the filter skipped) or was never said (a
      // quiet topic): a reconnect resumes from here, not from the live end.
      this.sink.write(this.positionFrame(now));
      this.lastWriteAt = now;
    } else if (now - this.lastWriteAt >= this.limits.heartbeatMs) {
      this.sink.write(HEARTBEAT);
      this.lastWriteAt = now;
    }
    if (this.drainWaiters.length > 0 && this.queuedBytes < this.limits.maxQueueBytes / 4) {
      for (const w of this.drainWaiters.splice(0)) w();
    }
  }

  /**
   * A `position` event: its id is the viewer's cursor, which EventSource sends back as
   * Last-Event-ID when it reconnects. Frames keep their events' own ids (`<partition>:<offset>`),
   * which a client that drops mid-chunk resumes after instead.
   */
  private positionFrame(now: number): string {
    this.lastPosition = encodePosition(this.cursor);
    this.lastPositionAt = now;
    return sseEvent({ event: "position", id: this.lastPosition, data: "{}" });
  }

  /** Live, nothing queued, the last position said over a second ago and no longer true. */
  private idlePositionDue(now: number): boolean {
    return (
      this.mode === "live" &&
      this.queue.length === 0 &&
      this.dropped === 0 &&
      now - this.lastPositionAt >= IDLE_POSITION_MS &&
      this.cursor.size <= MAX_POSITION_PARTITIONS &&
      encodePosition(this.cursor) !== this.lastPosition
    );
  }

  close(): void {
    if (this.mode === "closed") return;
    this.mode = "closed";
    this.queue = [];
    for (const w of this.drainWaiters.splice(0)) w();
    this.onClose(this);
  }
}
