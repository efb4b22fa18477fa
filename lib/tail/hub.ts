/**
 * The live tail's fan-out: all topics' tails in this process. One kafkajs consumer per topic
 * (`topic-tail.ts`) feeds a ring buffer and every viewer of that topic; a viewer (`viewer.ts`)
 * costs a queue, not a Kafka connection, and gets its events in coalesced writes every
 * `flushMs`. Older events come from a short-lived private consumer (`history.ts`). The admin
 * client is the caller's (`withAdmin`): the process hub passes the shared one with its deadlines.
 */
import type avro from "avsc";
import type { Admin, Kafka } from "@/lib/kafka/client-config";
import type { Rendered, TailView } from "./event";
import type { TailFilter } from "./filter";
import { readHistory, type WithAdmin } from "./history";
import { retry } from "@/lib/core/retry";
import { TopicTail, type TopicObserver, type TopicSource } from "./topic-tail";
import { TailViewer, type SharedChunks, type TailSink, type TailStart } from "./viewer";

export { tailView, type TailView } from "./event";
export type { WithAdmin } from "./history";
export type { TailState, TopicObserver, TopicSource } from "./topic-tail";
export type { TailSink, TailStart } from "./viewer";
export { TailViewer, TopicTail };

export const RING_SIZE = 1000;

export interface HubOptions {
  kafka: Kafka;
  /** Runs a request with a connected admin client (offsets, group deletion). */
  withAdmin: WithAdmin;
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

/** The broker no longer knows the group (an empty group without offsets can vanish on its own). */
function groupGone(err: unknown): boolean {
  const groups = (err as { groups?: { errorCode?: number; error?: { type?: string } }[] }).groups;
  return groups?.every((g) => g.error?.type === "GROUP_ID_NOT_FOUND" || g.errorCode === 69) ?? false;
}

class GroupBusy extends Error {}

/**
 * Viewers are flushed in this many staggered groups: with 500 viewers of a busy topic, writing
 * every stream in one tick blocked the event loop (and the readers' machines) in bursts; a fifth
 * at a time keeps each burst short (produce → client p99 at 500 viewers: see the tail bench).
 */
const FLUSH_SLOTS = 5;

/** All topics' tails in this process. */
export class TailHub {
  readonly options: Required<Omit<HubOptions, "registry">> & Pick<HubOptions, "registry">;
  private readonly topics = new Map<string, TopicTail>();
  private readonly flushTimer: NodeJS.Timeout;
  /** Groups whose deletion failed (broker down): retried with the next admin request that succeeds. */
  private readonly orphanGroups = new Set<string>();
  private historyConsumers = 0;
  private tick = 0;
  private nextSlot = 0;

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
    this.flushTimer = setInterval(() => this.flush(), this.options.flushMs / FLUSH_SLOTS);
    this.flushTimer.unref();
  }

  open(
    source: TopicSource,
    opts: { view: TailView; filter: TailFilter | null; start: TailStart; sink: TailSink },
  ): TailViewer {
    let topic = this.topics.get(source.topic);
    if (!topic) {
      topic = new TopicTail(source, this.topicContext());
      this.topics.set(source.topic, topic);
    }
    const owner = topic;
    const viewer = new TailViewer(
      opts.view,
      opts.filter,
      opts.start,
      opts.sink,
      {
        maxQueueBytes: this.options.maxQueueBytes,
        maxBytesPerSecond: this.options.maxBytesPerSecond,
        heartbeatMs: this.options.heartbeatMs,
      },
      (v) => owner.remove(v),
    );
    viewer.flushSlot = this.nextSlot++ % FLUSH_SLOTS;
    topic.add(viewer);
    return viewer;
  }

  /**
   * Feeds `observer` every event of the topic from now on, through the topic's one shared consumer
   * (started if no viewer has it open). Returns the function that stops it.
   */
  observe(source: TopicSource, observer: TopicObserver): () => void {
    let topic = this.topics.get(source.topic);
    if (!topic) {
      topic = new TopicTail(source, this.topicContext());
      this.topics.set(source.topic, topic);
    }
    const owner = topic;
    owner.observe(observer);
    return () => owner.unobserve(observer);
  }

  /**
   * The newest `n` events of a topic that match `filter`, as `view` sees them (oldest first), from
   * the topic's ring (the last RING_SIZE events): started and filled if nobody tails it yet, kept
   * warm for `lingerMs` after. Rejects with `unavailable` when the ring is not filled in `timeoutMs`.
   */
  async sample(
    source: TopicSource,
    opts: { view: TailView; filter: TailFilter | null; n: number; timeoutMs: number },
  ): Promise<Rendered[]> {
    const keepAlive: TopicObserver = { onEvent: () => undefined };
    const stop = this.observe(source, keepAlive);
    const topic = this.topics.get(source.topic)!;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        topic.whenFilled(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new Error(
                  topic.state === "reconnecting"
                    ? "Kafka unavailable: the topic could not be read"
                    : `the topic's newest events did not arrive within ${opts.timeoutMs} ms`,
                ),
              ),
            opts.timeoutMs,
          );
        }),
      ]);
      return topic.newest(opts.view, opts.filter, opts.n);
    } finally {
      clearTimeout(timer);
      stop();
    }
  }

  /** The topic's tail state, for the monitor's status ("reconnecting: Kafka unavailable …"). */
  topicState(topic: string): string {
    return this.topics.get(topic)?.state ?? "idle";
  }

  private topicContext() {
    const { kafka, registry, ringSize, lingerMs, groupPrefix } = this.options;
    return {
      kafka,
      registry,
      ringSize,
      lingerMs,
      groupPrefix,
      withAdmin: this.withAdmin,
      deleteGroup: (groupId: string) => this.deleteGroup(groupId),
      readHistory: (topic: TopicTail, viewer: TailViewer, anchor?: { partition: number; offset: number }) =>
        readHistory(
          {
            kafka,
            groupPrefix,
            withAdmin: this.withAdmin,
            deleteGroup: (groupId) => this.deleteGroup(groupId),
            track: (delta) => (this.historyConsumers += delta),
          },
          topic,
          viewer,
          anchor,
        ),
      forget: (topic: TopicTail) => {
        if (this.topics.get(topic.source.topic) === topic && topic.unused)
          this.topics.delete(topic.source.topic);
      },
    };
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

  /** Each tick flushes one slot's viewers: every viewer every `flushMs`, never all at once. */
  private flush(): void {
    const now = Date.now();
    const slot = this.tick++ % FLUSH_SLOTS;
    for (const topic of this.topics.values()) {
      const shared: SharedChunks = new Map();
      for (const v of topic.viewers) if (v.flushSlot === slot) v.flush(now, shared);
    }
  }

  /** The injected admin, first retrying the deletion of groups orphaned while the broker was away. */
  private readonly withAdmin: WithAdmin = (fn) =>
    this.options.withAdmin(async (admin) => {
      for (const g of [...this.orphanGroups])
        if (await this.tryDeleteGroup(admin, g)) this.orphanGroups.delete(g);
      return fn(admin);
    });

  private async tryDeleteGroup(admin: Admin, groupId: string): Promise<boolean> {
    try {
      await admin.deleteGroups([groupId]);
      return true;
    } catch (err) {
      return groupGone(err);
    }
  }

  /** Deletes a throwaway group, retrying while the broker finishes the member's departure. */
  async deleteGroup(groupId: string): Promise<void> {
    const deleted = await retry(
      () =>
        this.withAdmin(async (admin) => {
          if (!(await this.tryDeleteGroup(admin, groupId))) throw new GroupBusy(groupId);
        }),
      {
        attempts: 10,
        delayMs: (attempt) => 200 * (attempt + 1),
        // No admin at all (broker down): give up at once, the group becomes an orphan.
        onFailure: (err) => {
          if (!(err instanceof GroupBusy)) throw err;
        },
      },
    ).catch(() => ({ ok: false }) as const);
    if (!deleted.ok) this.orphanGroups.add(groupId);
  }

  /** Whether `<partition>:<offset>` can name an event of the topic; undefined when Kafka does not answer. */
  eventExists(topic: string, partition: number, offset: number): Promise<boolean | undefined> {
    // The position right after the event: its partition exists and ends past it.
    return this.positionExists(topic, new Map([[partition, offset + 1]]));
  }

  /** Whether the topic has every partition of a position, each ending at or after its offset; undefined when the broker does not answer. */
  async positionExists(topic: string, next: ReadonlyMap<number, number>): Promise<boolean | undefined> {
    try {
      const ends = await this.withAdmin((admin) => admin.fetchTopicOffsets(topic));
      const high = new Map(ends.map((o) => [o.partition, Number(o.high)]));
      return [...next].every(([p, offset]) => offset <= (high.get(p) ?? -1));
    } catch {
      return undefined;
    }
  }

  async shutdown(): Promise<void> {
    clearInterval(this.flushTimer);
    await Promise.all([...this.topics.values()].map((t) => t.shutdown()));
    this.topics.clear();
  }
}
