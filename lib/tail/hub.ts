/**
 * The live tail's fan-out. One kafkajs consumer per topic per process (a throwaway group, no
 * commits, deleted on close) feeds a ring buffer of the topic's latest events and every viewer
 * of that topic; a viewer costs a queue, not a Kafka connection. Viewers get their events in
 * coalesced writes (every `flushMs`), within a byte budget; one that falls behind loses its
 * oldest queued events and is told how many. A viewer starting before the ring (from=earliest,
 * or resuming after an event the ring no longer holds) reads history with a short-lived private
 * consumer, then joins the shared feed with no gap and no duplicate.
 */
import { randomBytes } from "node:crypto";
import type { Admin, Batch, Consumer, Kafka } from "@/lib/kafka/client-config";
import type avro from "avsc";
import { avroType, confluentSchemaId, decodeMessage, printable, type Decoded } from "./decode";
import { matchesFilter, type TailFilter } from "./filter";
import { applyMask, type MaskPlan } from "./mask";

export const RING_SIZE = 1000;

/** What a viewer may see: raw values (the owner team) or a masking plan (everyone else). */
export interface TailView {
  /** Cache key of the rendering: "raw", or the plan's paths. */
  key: string;
  plan: MaskPlan | null;
}

export function tailView(plan: MaskPlan | null): TailView {
  return plan ? { key: `mask:${plan.paths.join(",")}`, plan } : { key: "raw", plan: null };
}

export type TailStart =
  | { kind: "latest" }
  | { kind: "earliest" }
  | { kind: "last"; n: number }
  | { kind: "after"; partition: number; offset: number };

export type TailState = "connecting" | "live" | "reconnecting";

/** Where a viewer's bytes go (an SSE response body). */
export interface TailSink {
  write(chunk: string): void;
  /** The client is not reading: hold writes back (the queue, then dropping, absorbs it). */
  backedUp(): boolean;
}

export interface TopicSource {
  topic: string;
  /** The port's declared format (json, avro, …). */
  format: string;
  /** The port's current Avro schema from the catalog (its JSON; compiled once per topic). */
  avroSchema?: unknown;
}

export interface HubOptions {
  kafka: Kafka;
  /** Resolves Confluent schema ids (a schema registry), when one is configured. */
  registry?: (id: number) => Promise<avro.Type | undefined>;
  ringSize?: number;
  flushMs?: number;
  heartbeatMs?: number;
  /** How long a topic's consumer outlives its last viewer (a reconnecting browser finds it warm). */
  lingerMs?: number;
  /** A viewer's queue beyond this drops its oldest events. */
  maxQueueBytes?: number;
  /** A viewer's stream rate beyond this is queued (then dropped). */
  maxBytesPerSecond?: number;
  groupPrefix?: string;
}

interface TailEvent {
  partition: number;
  offset: number;
  timestamp: number;
  key: string | null;
  headers: Record<string, string>;
  decoded: Decoded;
  /** Rendered SSE frames by view key. */
  frames: Map<string, { frame: string; value: unknown; text: string }>;
}

function text(bytes: Buffer | string | null | undefined): string | null {
  if (bytes === null || bytes === undefined) return null;
  const s = Buffer.isBuffer(bytes) ? bytes.toString("utf8") : bytes;
  return printable(s) ? s : `base64:${Buffer.from(bytes).toString("base64")}`;
}

function render(event: TailEvent, view: TailView): { frame: string; value: unknown; text: string } {
  const hit = event.frames.get(view.key);
  if (hit) return hit;
  const d = event.decoded;
  let value: unknown = d.value;
  let masked: string[] = [];
  let withheld = false;
  if (view.plan && view.plan.paths.length > 0) {
    if (d.encoding === "json" || d.encoding === "avro") ({ value, masked } = applyMask(d.value, view.plan));
    else if (d.encoding !== "null") {
      // Bytes that did not decode may hold the PII the schema marks: never shown to non-owners.
      value = null;
      withheld = true;
    }
  }
  const data = {
    partition: event.partition,
    offset: String(event.offset),
    timestamp: event.timestamp,
    key: event.key,
    headers: event.headers,
    value,
    masked,
    encoding: d.encoding,
    size: d.size,
    ...(d.truncated ? { truncated: true } : {}),
    ...(withheld ? { withheld: true } : {}),
    ...(d.error ? { error: d.error } : {}),
  };
  const json = JSON.stringify(data);
  const rendered = { frame: `id: ${event.partition}:${event.offset}\ndata: ${json}\n\n`, value, text: json };
  event.frames.set(view.key, rendered);
  return rendered;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One browser's stream. Created by `TailHub.open`. */
export class TailViewer {
  /** Next offset to deliver, per partition. */
  readonly cursor = new Map<number, number>();
  mode: "waiting" | "history" | "live" | "closed" = "waiting";
  private queue: string[] = [];
  private queuedBytes = 0;
  private dropped = 0;
  private lastWriteAt = Date.now();
  private tokens: number;
  private lastRefill = Date.now();
  private drainWaiters: (() => void)[] = [];

  constructor(
    readonly topic: TopicTail,
    readonly view: TailView,
    readonly filter: TailFilter | null,
    readonly start: TailStart,
    private readonly sink: TailSink,
    private readonly limits: { maxQueueBytes: number; maxBytesPerSecond: number; heartbeatMs: number },
  ) {
    this.tokens = limits.maxBytesPerSecond;
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

  /** A control event (`status`, `end`…), sent ahead of queued data at the next flush. */
  control(event: string, data: unknown): void {
    if (this.mode === "closed") return;
    this.sink.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    this.lastWriteAt = Date.now();
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
    }
  }

  /** Room in the queue (history reading waits for it). */
  drained(): Promise<void> {
    if (this.queuedBytes < this.limits.maxQueueBytes / 4 || this.mode === "closed") return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  flush(now: number): void {
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
      let chunk = take === this.queue.length ? this.queue.join("") : this.queue.slice(0, take).join("");
      if (this.dropped > 0) {
        chunk = `event: dropped\ndata: ${JSON.stringify({ count: this.dropped })}\n\n${chunk}`;
        this.dropped = 0;
      }
      this.queue = take === this.queue.length ? [] : this.queue.slice(take);
      this.queuedBytes -= bytes;
      this.tokens -= bytes;
      this.sink.write(chunk);
      this.lastWriteAt = now;
    } else if (now - this.lastWriteAt >= this.limits.heartbeatMs) {
      this.sink.write(": heartbeat\n\n");
      this.lastWriteAt = now;
    }
    if (this.drainWaiters.length > 0 && this.queuedBytes < this.limits.maxQueueBytes / 4) {
      for (const w of this.drainWaiters.splice(0)) w();
    }
  }

  close(): void {
    if (this.mode === "closed") return;
    this.mode = "closed";
    this.queue = [];
    for (const w of this.drainWaiters.splice(0)) w();
    this.topic.remove(this);
  }
}

/** One topic's shared consumer, ring buffer and viewers. */
export class TopicTail {
  readonly viewers = new Set<TailViewer>();
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
  private ready: { promise: Promise<void>; resolve: () => void };
  private fillTarget = new Map<number, number>();
  private filled = false;
  private readonly schemas = new Map<number, avro.Type>();
  private readonly unknownSchemas = new Map<number, number>();
  private readonly avroSchema: avro.Type | undefined;

  constructor(
    readonly source: TopicSource,
    private readonly hub: TailHub,
  ) {
    this.ready = TopicTail.deferred();
    this.avroSchema = source.avroSchema === undefined ? undefined : avroType(source.avroSchema);
  }

  private static deferred(): { promise: Promise<void>; resolve: () => void } {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  }

  get consumerGroup(): string | undefined {
    return this.groupId;
  }

  add(viewer: TailViewer): void {
    clearTimeout(this.lingerTimer);
    this.viewers.add(viewer);
    viewer.control("status", { state: this.state === "idle" ? "connecting" : this.state });
    if (this.state === "idle") this.ensureRunning();
    void this.ready.promise.then(() => this.place(viewer));
  }

  remove(viewer: TailViewer): void {
    this.viewers.delete(viewer);
    if (this.viewers.size > 0) return;
    clearTimeout(this.lingerTimer);
    this.lingerTimer = setTimeout(() => {
      if (this.viewers.size === 0) this.stop();
    }, this.hub.options.lingerMs);
  }

  private broadcast(state: TailState, message?: string): void {
    this.state = state;
    for (const v of this.viewers) v.control("status", { state, ...(message ? { message } : {}) });
  }

  private ensureRunning(): void {
    this.state = "connecting";
    const generation = ++this.generation;
    this.lifecycle = this.lifecycle.then(async () => {
      for (let attempt = 0; generation === this.generation; attempt++) {
        try {
          await this.startConsumer(generation);
          return;
        } catch (err) {
          await this.closeConsumer();
          if (generation !== this.generation) return;
          this.broadcast(
            "reconnecting",
            `Kafka unavailable: ${err instanceof Error ? err.message : String(err)}`,
          );
          await sleep(Math.min(5000, 500 * 2 ** attempt));
        }
      }
    });
  }

  private async startConsumer(generation: number): Promise<void> {
    const admin = await this.hub.admin();
    const offsets = await admin.fetchTopicOffsets(this.source.topic);
    const perPartition = Math.ceil(this.hub.options.ringSize / Math.max(1, offsets.length));
    const seekTo = new Map<number, number>();
    for (const o of offsets) {
      const low = Number(o.low);
      const high = Number(o.high);
      this.lowWatermarks.set(o.partition, low);
      // A restart resumes after the newest event seen; a first start fills the ring, and
      // viewers are placed once it holds everything up to the high watermark of now.
      const from = this.next.get(o.partition) ?? Math.max(low, high - perPartition);
      seekTo.set(o.partition, from);
      this.next.set(o.partition, from);
      if (from < high) this.fillTarget.set(o.partition, high);
    }
    this.groupId = `${this.hub.options.groupPrefix}-${this.source.topic}-${randomBytes(4).toString("hex")}`;
    const consumer = this.hub.options.kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: 10_000,
      rebalanceTimeout: 10_000,
      heartbeatInterval: 3000,
      maxWaitTimeInMs: 500,
      allowAutoTopicCreation: false,
      retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2000, restartOnFailure: async () => false },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (event) => {
      if (this.consumer !== consumer || generation !== this.generation) return;
      const error = (event.payload as { error?: Error }).error;
      this.broadcast("reconnecting", `Kafka unavailable: ${error?.message ?? "consumer stopped"}`);
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
    const byPartition = new Map<number, TailEvent[]>();
    for (const e of this.events()) {
      const list = byPartition.get(e.partition);
      if (list) list.push(e);
      else byPartition.set(e.partition, [e]);
    }
    const lists = [...byPartition.values()];
    const heads = lists.map(() => 0);
    const merged: TailEvent[] = [];
    for (;;) {
      let best = -1;
      for (let i = 0; i < lists.length; i++) {
        const e = lists[i]![heads[i]!];
        if (e && (best < 0 || e.timestamp < lists[best]![heads[best]!]!.timestamp)) best = i;
      }
      if (best < 0) break;
      merged.push(lists[best]![heads[best]!++]!);
    }
    this.ring = merged;
    this.ringStart = 0;
    this.ready.resolve();
  }

  private async resolveSchemas(batch: Batch): Promise<void> {
    if (!this.hub.options.registry || this.source.format.toLowerCase() !== "avro") return;
    for (const m of batch.messages) {
      const id = m.value ? confluentSchemaId(m.value) : undefined;
      if (id === undefined || this.schemas.has(id) || (this.unknownSchemas.get(id) ?? 0) > Date.now())
        continue;
      const type = await this.hub.options.registry(id).catch(() => undefined);
      if (type) this.schemas.set(id, type);
      else this.unknownSchemas.set(id, Date.now() + 60_000);
    }
  }

  decode(message: Batch["messages"][number], partition: number): TailEvent {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(message.headers ?? {})) {
      const first = Array.isArray(v) ? v[0] : v;
      headers[k] = text(first as Buffer | string | undefined) ?? "";
    }
    return {
      partition,
      offset: Number(message.offset),
      timestamp: Number(message.timestamp),
      key: text(message.key),
      headers,
      decoded: decodeMessage(message.value, {
        format: this.source.format,
        avroSchema: this.avroSchema,
        registrySchemas: this.schemas,
      }),
      frames: new Map(),
    };
  }

  private async onBatch(batch: Batch, consumer: Consumer): Promise<void> {
    if (this.consumer !== consumer) return;
    await this.resolveSchemas(batch);
    const cap = this.hub.options.ringSize;
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
    }
    if (this.fillTarget.size > 0) this.checkFilled();
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
        void this.hub
          .readHistory(this, viewer, { partition: start.partition, offset: start.offset })
          .catch((err: unknown) => this.historyFailed(viewer, err));
        return;
      }
    } else if (start.kind === "earliest") {
      history = new Map([...this.next.keys()].map((p) => [p, this.lowWatermarks.get(p) ?? 0]));
    }
    if (
      history &&
      ![...history].every(([p, from]) => from >= (this.ringOldest(p) ?? this.next.get(p) ?? 0))
    ) {
      for (const [p, from] of history) viewer.cursor.set(p, from);
      viewer.mode = "history";
      void this.hub.readHistory(this, viewer).catch((err: unknown) => this.historyFailed(viewer, err));
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
      if (this.viewers.size > 0) {
        this.ensureRunning();
        return;
      }
      await this.closeConsumer();
      this.state = "idle";
      this.ring = [];
      this.ringStart = 0;
      this.next.clear();
      this.filled = false;
      this.ready = TopicTail.deferred();
      this.hub.forget(this);
    });
  }

  private async closeConsumer(): Promise<void> {
    const consumer = this.consumer;
    const groupId = this.groupId;
    this.consumer = undefined;
    if (consumer) await consumer.disconnect().catch(() => undefined);
    // Counted as open (stats) until its group is gone from the broker.
    if (groupId) await this.hub.deleteGroup(groupId);
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

/** All topics' tails in this process. */
export class TailHub {
  readonly options: Required<Omit<HubOptions, "registry">> & Pick<HubOptions, "registry">;
  private readonly topics = new Map<string, TopicTail>();
  private adminClient: Promise<Admin> | undefined;
  private readonly flushTimer: NodeJS.Timeout;
  /** Groups whose deletion failed (broker down): retried on the next flush tick that finds the broker. */
  private readonly orphanGroups = new Set<string>();
  private historyConsumers = 0;

  constructor(options: HubOptions) {
    this.options = {
      ringSize: RING_SIZE,
      flushMs: 50,
      heartbeatMs: 10_000,
      lingerMs: 2000,
      maxQueueBytes: 1024 * 1024,
      maxBytesPerSecond: 2 * 1024 * 1024,
      groupPrefix: "meshport-tail",
      ...options,
    };
    this.flushTimer = setInterval(() => this.flush(), this.options.flushMs);
    this.flushTimer.unref();
  }

  open(
    source: TopicSource,
    opts: { view: TailView; filter: TailFilter | null; start: TailStart; sink: TailSink },
  ): TailViewer {
    let topic = this.topics.get(source.topic);
    if (!topic) {
      topic = new TopicTail(source, this);
      this.topics.set(source.topic, topic);
    }
    const viewer = new TailViewer(topic, opts.view, opts.filter, opts.start, opts.sink, {
      maxQueueBytes: this.options.maxQueueBytes,
      maxBytesPerSecond: this.options.maxBytesPerSecond,
      heartbeatMs: this.options.heartbeatMs,
    });
    topic.add(viewer);
    return viewer;
  }

  forget(topic: TopicTail): void {
    if (this.topics.get(topic.source.topic) === topic && topic.viewers.size === 0)
      this.topics.delete(topic.source.topic);
  }

  /** Open consumers (shared and history), for tests, the bench and health. */
  stats(): { topics: number; consumers: number; viewers: number } {
    const tails = [...this.topics.values()];
    return {
      topics: tails.length,
      consumers: tails.filter((t) => t.consumerGroup).length + this.historyConsumers,
      viewers: tails.reduce((n, t) => n + t.viewers.size, 0),
    };
  }

  private flush(): void {
    const now = Date.now();
    for (const topic of this.topics.values()) for (const v of topic.viewers) v.flush(now);
  }

  async admin(): Promise<Admin> {
    this.adminClient ??= (async () => {
      const admin = this.options.kafka.admin();
      await admin.connect();
      return admin;
    })().catch((err: unknown) => {
      this.adminClient = undefined;
      throw err;
    });
    try {
      const admin = await this.adminClient;
      for (const g of [...this.orphanGroups])
        if (await this.tryDeleteGroup(admin, g)) this.orphanGroups.delete(g);
      return admin;
    } catch (err) {
      const stale = this.adminClient;
      this.adminClient = undefined;
      void stale?.then((a) => a.disconnect()).catch(() => undefined);
      throw err;
    }
  }

  private async tryDeleteGroup(admin: Admin, groupId: string): Promise<boolean> {
    try {
      await admin.deleteGroups([groupId]);
      return true;
    } catch (err) {
      const groups = (err as { groups?: { errorCode?: number; error?: { type?: string } }[] }).groups;
      // Already gone (an empty group without offsets can vanish on its own).
      if (groups?.every((g) => g.error?.type === "GROUP_ID_NOT_FOUND" || g.errorCode === 69)) return true;
      return false;
    }
  }

  /** Deletes a throwaway group, retrying while the broker finishes the member's departure. */
  async deleteGroup(groupId: string): Promise<void> {
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        if (await this.tryDeleteGroup(await this.admin(), groupId)) return;
      } catch {
        break;
      }
      await sleep(200 * (attempt + 1));
    }
    this.orphanGroups.add(groupId);
  }

  /**
   * Reads a viewer's history with a private consumer until the ring covers the rest. With an
   * `anchor` (resuming after an event the ring no longer holds), the anchor's partition continues
   * after it and the other partitions from the anchor's time on.
   */
  async readHistory(
    topic: TopicTail,
    viewer: TailViewer,
    anchor?: { partition: number; offset: number },
  ): Promise<void> {
    const name = topic.source.topic;
    const groupId = `${this.options.groupPrefix}-history-${name}-${randomBytes(4).toString("hex")}`;
    const consumer = this.options.kafka.consumer({
      groupId,
      maxWaitTimeInMs: 200,
      allowAutoTopicCreation: false,
      retry: { retries: 2, restartOnFailure: async () => false },
    });
    this.historyConsumers++;
    let finish!: () => void;
    let fail!: (err: unknown) => void;
    const finished = new Promise<void>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    let anchored = anchor === undefined;
    const left = () => viewer.mode !== "history";
    // Caught up scans the ring: checked per batch, not per message (an overshoot is harmless,
    // the cursor keeps the ring from sending those events again).
    const done = () => left() || (anchored && topic.caughtUp(viewer));
    const others = anchor ? [...viewer.cursor.keys()].filter((p) => p !== anchor.partition) : [];
    if (anchor) {
      for (const p of others) viewer.cursor.set(p, 0);
      viewer.cursor.set(anchor.partition, anchor.offset);
    }
    const placeOthers = async (timestamp: number) => {
      const admin = await this.admin();
      const [atTime, ends] = await Promise.all([
        admin.fetchTopicOffsetsByTimestamp(name, timestamp),
        admin.fetchTopicOffsets(name),
      ]);
      for (const q of others) {
        const at = Number(atTime.find((o) => o.partition === q)?.offset ?? -1);
        const from = at >= 0 ? at : Number(ends.find((o) => o.partition === q)?.high ?? 0);
        viewer.cursor.set(q, from);
        consumer.seek({ topic: name, partition: q, offset: String(from) });
      }
      if (others.length > 0) consumer.resume([{ topic: name, partitions: others }]);
      anchored = true;
    };
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: name, fromBeginning: true });
      consumer.on(consumer.events.CRASH, (e) =>
        fail((e.payload as { error?: Error }).error ?? new Error("history consumer stopped")),
      );
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: true,
        eachBatch: async ({ batch }) => {
          if (done()) return finish();
          for (const message of batch.messages) {
            if (left()) break;
            const event = topic.decode(message, batch.partition);
            if (!anchored && anchor && batch.partition === anchor.partition) {
              // The anchor (or, if it is gone, the first event after it) gives the time.
              await placeOthers(event.timestamp);
              if (event.offset === anchor.offset) {
                viewer.cursor.set(anchor.partition, anchor.offset + 1);
                continue;
              }
            }
            if (!anchored) continue;
            viewer.offer(event);
            await viewer.drained();
          }
          if (done()) finish();
        },
      });
      if (anchor && others.length > 0) consumer.pause([{ topic: name, partitions: others }]);
      for (const [partition, offset] of viewer.cursor)
        if (!others.includes(partition)) consumer.seek({ topic: name, partition, offset: String(offset) });
      const check = setInterval(() => done() && finish(), 200);
      try {
        await finished;
      } finally {
        clearInterval(check);
      }
    } finally {
      await consumer.disconnect().catch(() => undefined);
      this.historyConsumers--;
      await this.deleteGroup(groupId);
    }
    if (viewer.mode === "history") topic.goLive(viewer);
  }

  /** Whether `<partition>:<offset>` can name an event of the topic; undefined when Kafka does not answer. */
  async eventExists(topic: string, partition: number, offset: number): Promise<boolean | undefined> {
    try {
      const ends = await (await this.admin()).fetchTopicOffsets(topic);
      const p = ends.find((o) => o.partition === partition);
      return p !== undefined && offset < Number(p.high);
    } catch {
      return undefined;
    }
  }

  async shutdown(): Promise<void> {
    clearInterval(this.flushTimer);
    await Promise.all([...this.topics.values()].map((t) => t.shutdown()));
    this.topics.clear();
    const admin = await this.adminClient?.catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  }
}
