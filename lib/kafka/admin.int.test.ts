import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { env, setEnv } from "@/lib/core/env";
import { createKafka, type Admin } from "@/lib/kafka/client-config";
import { waitForTopics } from "@/lib/kafka/topics";

// The portal's Kafka module against the real broker: facts, a missing topic, and an outage.
const topic = `it.topic-facts.${Date.now()}`;
let admin: Admin;
let sentAt = 0;

beforeAll(async () => {
  setEnv({ KAFKA_BROKERS: inject("kafkaBrokers") });
  admin = createKafka(env(), { retries: 8 }).admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: 2, replicationFactor: 1 }],
  });
  await waitForTopics(admin, [topic]);
  const producer = createKafka(env(), { retries: 8 }).producer();
  await producer.connect();
  // Two messages half an hour ago, one now: the facts' per-minute history and last event time.
  const halfAnHourAgo = String(Date.now() - 30 * 60_000);
  await producer.send({
    topic,
    messages: [
      { value: "a", timestamp: halfAnHourAgo },
      { value: "b", timestamp: halfAnHourAgo },
    ],
  });
  sentAt = Date.now();
  await producer.send({ topic, messages: [{ value: "c", timestamp: String(sentAt) }] });
  await producer.disconnect();
  await admin.setOffsets({ groupId: `${topic}.reader`, topic, partitions: [{ partition: 0, offset: "0" }] });
});

afterAll(async () => {
  await admin.deleteGroups([`${topic}.reader`]).catch(() => undefined);
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

describe("getTopicFacts", () => {
  it("reads partitions, retained messages, the last hour's rate, the last event and consumer groups", async () => {
    const { getTopicFacts } = await import("./admin");
    const facts = await getTopicFacts(topic);
    expect(facts).toMatchObject({ topic, partitions: 2, retainedMessages: 3, consumerGroups: 1 });
    expect(facts.messagesPerMinute).toHaveLength(12);
    // 3 messages in 5-minute buckets: 2 half an hour ago, 1 in the newest bucket.
    expect(facts.messagesPerMinute.reduce((a, b) => a + b, 0) * 5).toBeCloseTo(3, 5);
    expect(facts.messagesPerMinute[11]).toBeCloseTo(0.2, 5);
    expect(facts.messagesPerMinute[5]! + facts.messagesPerMinute[6]!).toBeCloseTo(0.4, 5);
    expect(Math.abs(Date.parse(facts.lastEventAt!) - sentAt)).toBeLessThanOrEqual(1500);
  });

  it("answers 404 for a topic the broker does not have", async () => {
    const { getTopicFacts } = await import("./admin");
    await expect(getTopicFacts("it.no-such-topic")).rejects.toMatchObject({ status: 404, code: "not_found" });
  });

  it("answers 503 kafka_unavailable within its deadline when the broker is unreachable", async () => {
    const { getTopicFacts } = await import("./admin");
    setEnv({ KAFKA_BROKERS: "127.0.0.1:1", KAFKA_TIMEOUT_MS: "500" });
    resetKafkaSingleton();
    const started = Date.now();
    await expect(getTopicFacts(topic)).rejects.toMatchObject({ status: 503, code: "kafka_unavailable" });
    expect(Date.now() - started).toBeLessThan(5_000);
    setEnv({ KAFKA_BROKERS: inject("kafkaBrokers"), KAFKA_TIMEOUT_MS: undefined });
    resetKafkaSingleton();
  });
});

function resetKafkaSingleton(): void {
  const holder = globalThis as unknown as { __meshportKafka?: unknown; __meshportAdmin?: unknown };
  holder.__meshportKafka = undefined;
  holder.__meshportAdmin = undefined;
}
