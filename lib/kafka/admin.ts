import "server-only";
import { z } from "zod";
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { createKafka, type Admin, type Kafka } from "./client-config";

/** The shared admin client and how many calls are using it right now. */
interface SharedAdmin {
  admin: Promise<Admin>;
  users: number;
  /** Failed once: new calls get a fresh client; this one is closed when its last user is done. */
  stale: boolean;
  closed: boolean;
}

const holder = globalThis as unknown as { __meshportKafka?: Kafka; __meshportAdmin?: SharedAdmin };

export function getKafka(): Kafka {
  holder.__meshportKafka ??= createKafka(env());
  return holder.__meshportKafka;
}

function kafkaUnavailable(cause: unknown): AppError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new AppError("kafka_unavailable", `Kafka unavailable (${env().KAFKA_BROKERS}): ${detail}`, 503);
}

function sharedAdmin(): SharedAdmin {
  const current = holder.__meshportAdmin;
  if (current && !current.stale) return current;
  const shared: SharedAdmin = {
    users: 0,
    stale: false,
    closed: false,
    admin: (async () => {
      const admin = getKafka().admin();
      await admin.connect();
      return admin;
    })(),
  };
  shared.admin.catch(() => retire(shared));
  holder.__meshportAdmin = shared;
  return shared;
}

/**
 * Takes a failed client out of service. It is disconnected once no call uses it (a call that
 * timed out counts as done, though kafkajs may still be working on it): closing it
 * under a concurrent call made that call fail too ("write after end", "reading 'brokers'"), and
 * one broker hiccup spread to every caller of the instance. A fresh client also forgets the
 * topics the old one tracked (kafkajs refreshes metadata for all of them, and one topic that is
 * gone fails every later call).
 */
function retire(shared: SharedAdmin): void {
  shared.stale = true;
  if (holder.__meshportAdmin === shared) holder.__meshportAdmin = undefined;
  if (shared.users === 0 && !shared.closed) {
    shared.closed = true;
    void shared.admin.then((a) => a.disconnect()).catch(() => undefined);
  }
}

/**
 * Runs `fn` with the shared admin client, bounded by KAFKA_TIMEOUT_MS. Any broker failure
 * becomes a 503 `kafka_unavailable` AppError, so pages and APIs degrade instead of hanging.
 */
export async function withKafkaAdmin<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
  const timeoutMs = env().KAFKA_TIMEOUT_MS * 2;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  const shared = sharedAdmin();
  shared.users++;
  try {
    return await Promise.race([shared.admin.then(fn), deadline]);
  } catch (err) {
    if (err instanceof AppError) throw err;
    // The next call gets a fresh client (the broker may be back).
    shared.stale = true;
    throw kafkaUnavailable(err);
  } finally {
    clearTimeout(timer);
    shared.users--;
    if (shared.stale) retire(shared);
  }
}

/** The protocol error type of a kafkajs error, looking through its retry wrapper (`cause`). */
export function kafkaErrorType(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 3 && typeof current === "object" && current !== null; depth++) {
    const { type, cause } = current as { type?: unknown; cause?: unknown };
    if (typeof type === "string") return type;
    current = cause;
  }
  return undefined;
}

/** Live facts of a topic, read from the broker (offsets and groups only; nothing is consumed). */
export const TopicFactsDto = z
  .object({
    topic: z.string(),
    partitions: z.int(),
    retainedMessages: z.int().describe("Sum of high minus low watermarks: messages currently retained"),
    messagesPerMinute: z.array(z.number()).describe("Last hour in 12 five-minute buckets, oldest first"),
    lastEventAt: z.iso
      .datetime()
      .nullable()
      .describe("The newest message, to the second; null when none arrived in the last hour"),
    consumerGroups: z.int().describe("Consumer groups with committed offsets on this topic"),
  })
  .meta({ id: "TopicFacts" });
export type TopicFacts = z.infer<typeof TopicFactsDto>;

const BUCKETS = 12;
const BUCKET_MS = 5 * 60_000;

/** Sum over partitions of the first offset at or after `timestamp` (the high watermark when none). */
async function offsetAt(
  admin: Admin,
  topic: string,
  timestamp: number,
  high: Map<number, number>,
): Promise<number> {
  const offsets = await admin.fetchTopicOffsetsByTimestamp(topic, timestamp);
  return offsets.reduce(
    (sum, o) => sum + (Number(o.offset) < 0 ? (high.get(o.partition) ?? 0) : Number(o.offset)),
    0,
  );
}

/**
 * When the newest message arrived, to the second: offsets by timestamp are monotonic, so a binary
 * search between the last bucket start with messages and now finds the time after which no new
 * offset appears (ListOffsets requests only — nothing is consumed).
 */
async function findLastEventAt(
  admin: Admin,
  topic: string,
  high: Map<number, number>,
  total: number,
  from: number,
  to: number,
): Promise<number> {
  let lo = from;
  let hi = to;
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await offsetAt(admin, topic, mid, high)) < total) lo = mid;
    else hi = mid;
  }
  return lo;
}

async function countConsumerGroups(admin: Admin, topic: string): Promise<number> {
  const { groups } = await admin.listGroups();
  const offsets = await Promise.all(
    groups
      .slice(0, 100)
      .map((g) => admin.fetchOffsets({ groupId: g.groupId, topics: [topic] }).catch(() => [])),
  );
  return offsets.filter((byTopic) => byTopic.some((t) => t.partitions.some((p) => Number(p.offset) >= 0)))
    .length;
}

export async function getTopicFacts(topic: string): Promise<TopicFacts> {
  return withKafkaAdmin(async (admin) => {
    const offsets = await admin.fetchTopicOffsets(topic).catch((err: unknown) => {
      if (kafkaErrorType(err) === "UNKNOWN_TOPIC_OR_PARTITION") {
        throw AppError.notFound(`Topic "${topic}" on the broker`);
      }
      throw err;
    });
    const high = new Map(offsets.map((o) => [o.partition, Number(o.high)]));
    const total = [...high.values()].reduce((a, b) => a + b, 0);
    const retained = offsets.reduce((sum, o) => sum + (Number(o.high) - Number(o.low)), 0);
    const now = Date.now();
    const starts = Array.from({ length: BUCKETS }, (_, i) => now - (BUCKETS - i) * BUCKET_MS);
    const [marks, consumerGroups] = await Promise.all([
      Promise.all(starts.map((t) => offsetAt(admin, topic, t, high))),
      countConsumerGroups(admin, topic),
    ]);
    const bounds = [...marks, total];
    const messagesPerMinute = starts.map((_, i) => (bounds[i + 1]! - bounds[i]!) / (BUCKET_MS / 60_000));
    const lastActive = messagesPerMinute.findLastIndex((n) => n > 0);
    const lastEventAt =
      lastActive < 0
        ? null
        : new Date(await findLastEventAt(admin, topic, high, total, starts[lastActive]!, now)).toISOString();
    return {
      topic,
      partitions: offsets.length,
      retainedMessages: retained,
      messagesPerMinute,
      lastEventAt,
      consumerGroups,
    };
  });
}

/** Every topic on the broker (topic discovery). */
export async function listBrokerTopics(): Promise<string[]> {
  return withKafkaAdmin((admin) => admin.listTopics());
}
