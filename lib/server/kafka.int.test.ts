import { Kafka } from "kafkajs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { env, resetEnvCache } from "@/lib/env";
import { kafkaConfig } from "@/lib/kafka/client-config";
import { waitForTopics } from "@/lib/kafka/topics";

// The portal's Kafka module against the real broker: facts, a missing topic, and an outage.
const topic = `it.topic-facts.${Date.now()}`;
let admin: ReturnType<Kafka["admin"]>;

beforeAll(async () => {
  process.env.KAFKA_BROKERS = inject("kafkaBrokers");
  resetEnvCache();
  admin = new Kafka(kafkaConfig(env(), { retries: 8 })).admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2, replicationFactor: 1 }] });
  await waitForTopics(admin, [topic]);
  const producer = new Kafka(kafkaConfig(env(), { retries: 8 })).producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ value: "a" }, { value: "b" }, { value: "c" }] });
  await producer.disconnect();
});

afterAll(async () => {
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

describe("getTopicFacts", () => {
  it("reads partitions and retained messages from the broker", async () => {
    const { getTopicFacts } = await import("./kafka");
    expect(await getTopicFacts(topic)).toEqual({ topic, partitions: 2, retainedMessages: 3 });
  });

  it("answers 404 for a topic the broker does not have", async () => {
    const { getTopicFacts } = await import("./kafka");
    await expect(getTopicFacts("it.no-such-topic")).rejects.toMatchObject({ status: 404, code: "not_found" });
  });

  it("answers 503 kafka_unavailable within its deadline when the broker is unreachable", async () => {
    const { getTopicFacts } = await import("./kafka");
    process.env.KAFKA_BROKERS = "127.0.0.1:1";
    process.env.KAFKA_TIMEOUT_MS = "500";
    resetEnvCache();
    resetKafkaSingleton();
    const started = Date.now();
    await expect(getTopicFacts(topic)).rejects.toMatchObject({ status: 503, code: "kafka_unavailable" });
    expect(Date.now() - started).toBeLessThan(5_000);
    process.env.KAFKA_BROKERS = inject("kafkaBrokers");
    delete process.env.KAFKA_TIMEOUT_MS;
    resetEnvCache();
    resetKafkaSingleton();
  });
});

function resetKafkaSingleton(): void {
  const holder = globalThis as unknown as { __meshportKafka?: unknown; __meshportAdmin?: unknown };
  holder.__meshportKafka = undefined;
  holder.__meshportAdmin = undefined;
}
