/** Consuming and producing as a team's Kafka principal in tests: did the broker let it, and what arrived? */
import { randomBytes } from "node:crypto";
import { sleep } from "@/lib/core/time";
import { teamKafkaPassword } from "@/lib/demo/teams";
import { localKafka, type Kafka } from "@/lib/kafka/client-config";
import type { WithAdmin } from "@/lib/tail/hub";

export { kafkaErrorType } from "@/lib/kafka/admin";

export type ConsumeResult = { ok: true; messages: string[] } | { ok: false; error: unknown };

/**
 * Reads `topic` from the beginning as team `team` in a throwaway group `<team>.<random>` until
 * `expected` messages arrived, the broker refused, or `timeoutMs` passed; deletes the group after.
 */
export async function consumeAsTeam(
  brokers: string,
  team: string,
  topic: string,
  expected: number,
  timeoutMs = 10_000,
): Promise<ConsumeResult> {
  const kafka = localKafka(brokers, team, teamKafkaPassword(team), {
    clientId: `it-${team}`,
    retries: 1,
    tune: { connectionTimeout: 3000, requestTimeout: 10_000 },
  });
  const consumer = kafka.consumer({
    groupId: `${team}.it-${randomBytes(4).toString("hex")}`,
    retry: { retries: 0, restartOnFailure: async () => false },
  });
  const messages: string[] = [];
  let failure: unknown;
  consumer.on(consumer.events.CRASH, (event) => {
    failure = event.payload.error;
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void messages.push(message.value?.toString() ?? ""),
    });
    const deadline = Date.now() + timeoutMs;
    while (messages.length < expected && failure === undefined && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    if (failure !== undefined) return { ok: false, error: failure };
    if (messages.length < expected)
      return {
        ok: false,
        error: new Error(`only ${messages.length} of ${expected} messages within ${timeoutMs} ms`),
      };
    return { ok: true, messages };
  } catch (error) {
    return { ok: false, error };
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}

export type ProduceResult = { ok: true } | { ok: false; error: unknown };

/**
 * Writes `values` to `topic` as team `team`; refused or sent. An idempotent producer asks the
 * cluster for a producer id first (refused with CLUSTER_AUTHORIZATION_FAILED when the principal
 * may write no topic at all); a plain one is refused per topic (TOPIC_AUTHORIZATION_FAILED).
 */
export async function produceAsTeam(
  brokers: string,
  team: string,
  topic: string,
  values: string[],
  { idempotent = true }: { idempotent?: boolean } = {},
): Promise<ProduceResult> {
  const kafka = localKafka(brokers, team, teamKafkaPassword(team), {
    clientId: `it-${team}-producer`,
    retries: 0,
    tune: { connectionTimeout: 3000, requestTimeout: 10_000 },
  });
  // An idempotent producer needs retries; an authorization error is not retried anyway.
  const producer = kafka.producer(
    idempotent ? { idempotent, maxInFlightRequests: 1, retry: { retries: 2 } } : { retry: { retries: 0 } },
  );
  try {
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: values.map((value) => ({ value })) });
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
}

/** Retries `attempt` until `done` accepts its value or `timeoutMs` passes (ACLs apply asynchronously). */
export async function poll<T>(
  attempt: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  pauseMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(pauseMs);
  }
}

/** A fresh admin per request for a test's own `TailHub` (the portal passes its shared one): rides out a broker restart. */
export function adminPerRequest(kafka: Kafka): WithAdmin {
  return async (fn) => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return await fn(admin);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  };
}
