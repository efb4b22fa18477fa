/**
 * One topic's shared consumer (a throwaway group, no commits, deleted on close), its ring buffer
 * of the latest events and its viewers. A viewer starting before the ring (from=earliest, or
 * resuming after an event the ring no longer holds) reads history first, then joins the shared
 * feed with no gap and no duplicate.
 */
import { randomBytes } from "node:crypto";
import type avro from "avsc";
import type { Batch, Consumer, Kafka } from "@/lib/kafka/client-config";
import {
  render,
  TopicDecoder,
  type KafkaMessage,
  type Rendered,
  type TailEvent,
  type TailView,
} from "./event";
import { matchesFilter, type TailFilter } from "./filter";
import { mergeByTime, type WithAdmin } from "./history";
import { retry } from "@/lib/core/retry";
import type { TailViewer } from "./viewer";

export type TailState = "connecting" | "live" | "reconnecting";

/**
 * A process-side reader of a topic's shared feed (the contract monitor): gets every event from
 * when it joined, decoded once for everyone. It keeps the consumer running like a viewer does.
 */
export interface TopicObserver {
  onEvent(event: TailEvent, observedAt: number): void;
}

export interface TopicSource {
  topic: string;
  /** The port's declared format (json, avro, …). */
  format: string;
  /** The port's current Avro schema from the catalog (its JSON; compiled once per topic). */
  avroSchema?: unknown;
}

/** What a topic's tail needs of the hub. */
export interface TopicContext {
  kafka: Kafka;
  withAdmin: WithAdmin;
  registry?: (id: number) => Promise<avro.Type | undefined>;
  ringSize: number;
  lingerMs: number;
  groupPrefix: string;
  deleteGroup(groupId: string): Promise<void>;
  readHistory(
    topic: TopicTail,
    viewer: TailViewer,
    anchor?: { partition: number; offset: number },
  ): Promise<void>;
  /** The tail stopped with no viewers left: the hub may drop it. */
  forget(topic: TopicTail): void;
}

/** A status message for a broker failure (the shared admin's errors already say it). */
function unavailable(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.startsWith("Kafka unavailable") ? message : `Kafka unavailable: ${message}`;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** One topic's shared consumer, ring buffer and viewers. */
export class TopicTail {
  readonly viewers = new Set<TailViewer>();
  readonly observers = new Set<TopicObserver>();
  /** Per partition, the first offset observers get (events before it filled the ring at start). */
  private readonly observeFrom = new Map<number, number>();
  state: TailState | "idle" = "idle";
  /** The ring: the topic's latest events in arrival order (per partition in offset order). */
  private ring: TailEvent[] = [];
  private ringStart = 0;
  /** Offset after the newest event seen (or the high watermark when the consumer started), per partition. */
  private readonly next = new Map<number, number>();
  private readonly lowWatermarks = new Map<number, number>();
  private consumer: Consumer | undefined;
  private groupId: string | undefined;
  private generation = 0;
  private lifecycle: Promise<void> = Promise.resolve();
  private lingerTimer: NodeJS.Timeout | undefined;
  private ready = deferred();
  private fillTarget = new Map<number, number>();
  private filled = false;
  private readonly decoder: TopicDecoder;

  constructor(
    readonly source: TopicSource,
    private readonly ctx: TopicContext,
  ) {
    this.decoder = new TopicDecoder(source.format, source.avroSchema, ctx.registry);
  }

  get name(): string {
    return this.source.topic;
  }

  get consumerGroup(): string | undefined {
    return this.groupId;
  }

  add(viewer: TailViewer): void {
    clearTimeout(this.lingerTimer);
    this.viewers.add(viewer);
    // "live" only once the viewer is placed: a viewer starting at the latest event gets every
    // event written after it was told "live" (not before its ring is filled, when those events
    // would already be behind its start).
    viewer.control("status", {
      state: this.state === "idle" || this.state === "live" ? "connecting" : this.state,
    });
    if (this.state === "idle") this.ensureRunning();
    void this.ready.promise.then(() => this.place(viewer));
  }

  observe(observer: TopicObserver): void {
    clearTimeout(this.lingerTimer);
    this.observers.add(observer);
    if (this.state === "idle") this.ensureRunning();
  }

  unobserve(observer: TopicObserver): void {
    this.observers.delete(observer);
    this.lingerIfUnused();
  }

  /** Neither viewers nor observers. */
  get unused(): boolean {
    return this.viewers.size === 0 && this.observers.size === 0;
  }

  remove(viewer: TailViewer): void {
    this.viewers.delete(viewer);
    this.lingerIfUnused();
  }

  private lingerIfUnused(): void {
    if (!this.unused) return;
    clearTimeout(this.lingerTimer);
    this.lingerTimer = setTimeout(() => {
      if (this.unused) this.stop();
    }, this.ctx.lingerMs);
  }

  private broadcast(state: TailState, message?: string): void {
    this.state = state;
    for (const v of this.viewers)
      if (state !== "live" || v.mode !== "waiting")
        v.control("status", { state, ...(message ? { message } : {}) });
  }

  /** (Re)starts the consumer, backing off up to 5 s while Kafka is away, until a newer start or a stop. */
  private ensureRunning(): void {
    this.state = "connecting";
    const generation = ++this.generation;
    const current = () => generation === this.generation;
    this.lifecycle = this.lifecycle.then(async () => {
      await retry(() => this.startConsumer(generation), {
        active: current,
        delayMs: (attempt) => Math.min(5000, 500 * 2 ** attempt),
        onFailure: async (err) => {
          await this.closeConsumer();
          if (current()) this.broadcast("reconnecting", unavailable(err));
        },
      });
    });
  }

  private async startConsumer(generation: number): Promise<void> {
    const offsets = await this.ctx.withAdmin((admin) => admin.fetchTopicOffsets(this.source.topic));
    const perPartition = Math.ceil(this.ctx.ringSize / Math.max(1, offsets.length));
    const seekTo = new Map<number, number>();
    for (const o of offsets) {
      const low = Number(o.low);
      const high = Number(o.high);
      this.lowWatermarks.set(o.partition, low);
      // A restart resumes after the newest event seen; a first start fills the ring, and
      // viewers are placed once it holds everything up to the high watermark of now.
      const from = this.next.get(o.partition) ?? Math.max(low, high - perPartition);
      seekTo.set(o.partition, from);
      // Observers start at the live end the first time, and resume where the feed stopped after.
      this.observeFrom.set(o.partition, this.next.has(o.partition) ? from : high);
      this.next.set(o.partition, from);
      if (from < high) this.fillTarget.set(o.partition, high);
    }
    this.groupId = `${this.ctx.groupPrefix}-${this.source.topic}-${randomBytes(4).toString("hex")}`;
    const batching = this.viewers.size === 0 && this.observers.size > 0;
    const consumer = this.ctx.kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: 10_000,
      rebalanceTimeout: 10_000,
      heartbeatInterval: 3000,
      // A topic only the contract monitor reads batches its fetches (16 KiB, or 250 ms on a quiet
      // topic): dozens of such consumers in one process would otherwise fetch a thousand times a
      // second and slow the portal's pages. A viewer's topic fetches as soon as anything arrives.
      ...(batching ? { maxWaitTimeInMs: 250, minBytes: 16 * 1024 } : { maxWaitTimeInMs: 500 }),
      allowAutoTopicCreation: false,
      retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2000, restartOnFailure: async () => false },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (event) => {
      if (this.consumer !== consumer || generation !== this.generation) return;
      const error = (event.payload as { error?: Error }).error;
      this.broadcast("reconnecting", unavailable(error ?? "consumer stopped"));
      this.ensureRunning();
    });
    await consumer.connect();
    await consumer.subscribe({ topic: this.source.topic, fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => this.onBatch(batch, consumer),
    });
    for (const [partition, offset] of seekTo)
      consumer.seek({ topic: this.source.topic, partition, offset: String(offset) });
    if (generation !== this.generation) return;
    this.checkFilled();
    // Offsets that never arrive (transaction markers, compaction) must not hold viewers back.
    setTimeout(() => {
      if (generation === this.generation) this.finishFill();
    }, 3000).unref();
    this.broadcast("live");
  }

  private checkFilled(): void {
    for (const [p, target] of this.fillTarget) if ((this.next.get(p) ?? 0) < target) return;
    this.finishFill();
  }

  /**
   * The fill reads partition after partition: put the ring in time order (a merge that keeps each
   * partition in offset order), so "last N" is the newest N of the topic and resuming after an
   * event continues with what came after it in time.
   */
  private finishFill(): void {
    if (this.fillTarget.size === 0 && this.filled) return;
    this.fillTarget.clear();
    this.filled = true;
    this.ring = mergeByTime(this.events());
    this.ringStart = 0;
    this.ready.resolve();
  }

  decode(message: KafkaMessage, partition: number): TailEvent {
    return this.decoder.decode(message, partition);
  }

  private async onBatch(batch: Batch, consumer: Consumer): Promise<void> {
    if (this.consumer !== consumer) return;
    await this.decoder.resolveSchemas(batch);
    const cap = this.ctx.ringSize;
    for (const message of batch.messages) {
      const offset = Number(message.offset);
      if (offset < (this.next.get(batch.partition) ?? 0)) continue;
      const event = this.decode(message, batch.partition);
      this.ring.push(event);
      if (this.ring.length - this.ringStart > cap) this.ringStart++;
      if (this.ringStart > cap) {
        this.ring = this.ring.slice(this.ringStart);
        this.ringStart = 0;
      }
      this.next.set(batch.partition, offset + 1);
      for (const v of this.viewers) if (v.mode === "live") v.offer(event);
      if (this.observers.size > 0 && offset >= (this.observeFrom.get(batch.partition) ?? 0)) {
        const now = Date.now();
        for (const o of this.observers) o.onEvent(event, now);
      }
    }
    if (this.fillTarget.size > 0) this.checkFilled();
  }

  /** Resolves once the ring holds the topic's newest events (its first fill after a start). */
  whenFilled(): Promise<void> {
    return this.ready.promise;
  }

  /**
   * The newest `n` events of the ring that match `filter` as `view` sees them, oldest first:
   * rendered (masked) by the same code as a viewer's, so a sample shows exactly what the live
   * tail would.
   */
  newest(view: TailView, filter: TailFilter | null, n: number): Rendered[] {
    const picked: Rendered[] = [];
    const events = this.events();
    for (let i = events.length - 1; i >= 0 && picked.length < n; i--) {
      const event = events[i]!;
      const r = render(event, view);
      if (filter && !matchesFilter(filter, { key: event.key, value: r.value }, () => r.text)) continue;
      picked.push(r);
    }
    return picked.reverse();
  }

  /** The ring's events in order. */
  events(): TailEvent[] {
    return this.ring.slice(this.ringStart);
  }

  ringOldest(partition: number): number | undefined {
    for (let i = this.ringStart; i < this.ring.length; i++)
      if (this.ring[i]!.partition === partition) return this.ring[i]!.offset;
    return undefined;
  }

  /** Sets a viewer's cursor from where it asked to start, then replays what the ring holds. */
  private place(viewer: TailViewer): void {
    if (viewer.mode !== "waiting") return;
    if (this.state === "live") viewer.control("status", { state: "live" });
    const events = this.events();
    for (const [p, next] of this.next) viewer.cursor.set(p, next);
    const start = viewer.start;
    let history: Map<number, number> | null = null;
    if (start.kind === "last") {
      const tail = events.slice(Math.max(0, events.length - start.n));
      for (const e of [...tail].reverse()) viewer.cursor.set(e.partition, e.offset);
    } else if (start.kind === "after") {
      const at = events.findIndex((e) => e.partition === start.partition && e.offset === start.offset);
      if (at >= 0) {
        for (const e of [...events.slice(at + 1)].reverse()) viewer.cursor.set(e.partition, e.offset);
        viewer.cursor.set(start.partition, start.offset + 1);
      } else {
        // Older than the ring: history, the other partitions from the event's time on.
        viewer.mode = "history";
        void this.ctx
          .readHistory(this, viewer, { partition: start.partition, offset: start.offset })
          .catch((err: unknown) => this.historyFailed(viewer, err));
        return;
      }
    } else if (start.kind === "earliest") {
      history = new Map([...this.next.keys()].map((p) => [p, this.lowWatermarks.get(p) ?? 0]));
    } else if (start.kind === "at") {
      // Each partition from the viewer's own next offset (what retention deleted is gone);
      // ahead of this instance's consumer is fine: the cursor skips what it already had.
      history = new Map(
        [...start.next].map(([p, from]) => [p, Math.max(from, this.lowWatermarks.get(p) ?? 0)]),
      );
    }
    if (
      history &&
      ![...history].every(([p, from]) => from >= (this.ringOldest(p) ?? this.next.get(p) ?? 0))
    ) {
      for (const [p, from] of history) viewer.cursor.set(p, from);
      viewer.mode = "history";
      void this.ctx.readHistory(this, viewer).catch((err: unknown) => this.historyFailed(viewer, err));
      return;
    }
    if (history) for (const [p, from] of history) viewer.cursor.set(p, from);
    this.goLive(viewer);
  }

  private historyFailed(viewer: TailViewer, err: unknown): void {
    viewer.control("status", {
      state: "reconnecting",
      message: `Reading older events failed (${err instanceof Error ? err.message : String(err)}): showing what the buffer holds`,
    });
    this.goLive(viewer);
  }

  /** Replays the ring from the viewer's cursor and switches it to the shared feed. */
  goLive(viewer: TailViewer): void {
    if (viewer.mode === "closed") return;
    for (const e of this.events()) viewer.offer(e);
    viewer.mode = "live";
  }

  /** Whether a history reader has caught up with what the ring (or the live end) holds. */
  caughtUp(viewer: TailViewer): boolean {
    for (const [p, next] of this.next) {
      const from = viewer.cursor.get(p) ?? 0;
      if (from < (this.ringOldest(p) ?? next)) return false;
    }
    return true;
  }

  private stop(): void {
    ++this.generation;
    this.lifecycle = this.lifecycle.then(async () => {
      if (!this.unused) {
        this.ensureRunning();
        return;
      }
      // Idle before the consumer is closed: a viewer arriving meanwhile starts it again (after
      // this step) instead of being placed on a ring that is about to go.
      this.state = "idle";
      this.ring = [];
      this.ringStart = 0;
      this.next.clear();
      this.filled = false;
      this.ready = deferred();
      await this.closeConsumer();
      if (this.unused) this.ctx.forget(this);
    });
  }

  private async closeConsumer(): Promise<void> {
    const consumer = this.consumer;
    const groupId = this.groupId;
    this.consumer = undefined;
    if (consumer) await consumer.disconnect().catch(() => undefined);
    // Counted as open (stats) until its group is gone from the broker.
    if (groupId) await this.ctx.deleteGroup(groupId);
    if (this.groupId === groupId) this.groupId = undefined;
  }

  /** Stops now, whatever the viewers (process shutdown, tests). */
  async shutdown(): Promise<void> {
    for (const v of [...this.viewers]) v.close();
    clearTimeout(this.lingerTimer);
    ++this.generation;
    await this.lifecycle;
    await this.closeConsumer();
    this.state = "idle";
  }
}
