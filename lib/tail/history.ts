/**
 * Events older than a topic's ring: the time-ordered merge of what the fill read partition after
 * partition, and a viewer's history read with a short-lived private consumer until the ring
 * covers the rest.
 */
import { randomBytes } from "node:crypto";
import type { Admin, Kafka } from "@/lib/kafka/client-config";
import type { KafkaMessage, TailEvent } from "./event";
import type { TailViewer } from "./viewer";

/** Runs `fn` with a connected admin client (bounded, reconnecting: the caller's concern). */
export type WithAdmin = <T>(fn: (admin: Admin) => Promise<T>) => Promise<T>;

/**
 * Merges events into time order, keeping each partition in its given (offset) order: a k-way
 * merge over the partitions, the oldest head first; equal timestamps keep the earlier partition's
 * (first seen) event first.
 */
export function mergeByTime<E extends { partition: number; timestamp: number }>(events: readonly E[]): E[] {
  const byPartition = new Map<number, E[]>();
  for (const e of events) {
    const list = byPartition.get(e.partition);
    if (list) list.push(e);
    else byPartition.set(e.partition, [e]);
  }
  const lists = [...byPartition.values()];
  const heads = lists.map(() => 0);
  const merged: E[] = [];
  for (;;) {
    let best = -1;
    for (let i = 0; i < lists.length; i++) {
      const e = lists[i]![heads[i]!];
      if (e && (best < 0 || e.timestamp < lists[best]![heads[best]!]!.timestamp)) best = i;
    }
    if (best < 0) break;
    merged.push(lists[best]![heads[best]!++]!);
  }
  return merged;
}

/** What history reading needs of the hub. */
export interface HistoryContext {
  kafka: Kafka;
  groupPrefix: string;
  withAdmin: WithAdmin;
  /** Deletes the throwaway group (retrying; an orphan when the broker is gone). */
  deleteGroup(groupId: string): Promise<void>;
  /** Counts open history consumers (stats). */
  track(delta: 1 | -1): void;
}

/** What history reading needs of the topic's tail. */
export interface HistoryTopic {
  readonly name: string;
  decode(message: KafkaMessage, partition: number): TailEvent;
  /** Whether the viewer's cursor has reached what the ring (or the live end) holds. */
  caughtUp(viewer: TailViewer): boolean;
  /** Replays the ring from the viewer's cursor and switches it to the shared feed. */
  goLive(viewer: TailViewer): void;
}

/**
 * Reads a viewer's history with a private consumer until the ring covers the rest. With an
 * `anchor` (resuming after an event the ring no longer holds), the anchor's partition continues
 * after it and the other partitions from the anchor's time on.
 */
export async function readHistory(
  ctx: HistoryContext,
  topic: HistoryTopic,
  viewer: TailViewer,
  anchor?: { partition: number; offset: number },
): Promise<void> {
  const name = topic.name;
  const groupId = `${ctx.groupPrefix}-history-${name}-${randomBytes(4).toString("hex")}`;
  const consumer = ctx.kafka.consumer({
    groupId,
    maxWaitTimeInMs: 200,
    allowAutoTopicCreation: false,
    retry: { retries: 2, restartOnFailure: async () => false },
  });
  ctx.track(1);
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
    const [atTime, ends] = await ctx.withAdmin((admin) =>
      Promise.all([admin.fetchTopicOffsetsByTimestamp(name, timestamp), admin.fetchTopicOffsets(name)]),
    );
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
    // Live at once, while the ring still holds what follows the cursor: closing this consumer
    // and deleting its group can take seconds, in which a busy topic's ring moves on.
    if (viewer.mode === "history") topic.goLive(viewer);
  } finally {
    await consumer.disconnect().catch(() => undefined);
    ctx.track(-1);
    await ctx.deleteGroup(groupId);
  }
  if (viewer.mode === "history") topic.goLive(viewer);
}
