import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PRODUCTS } from "@/lib/demo/mesh";
import { LOCAL_BROKER_PASSWORD, localKafka, type Admin } from "@/lib/kafka/client-config";
import { ensureDemoTopics, portalEventsTopic, startDemoProducer } from "./demo-producer";

// The broker may still be loading the group coordinator; kafkajs logs and retries that by itself.
const kafka = () => localKafka(inject("kafkaBrokers"), "meshport", LOCAL_BROKER_PASSWORD, { retries: 5 });
let admin: Admin;

beforeAll(async () => {
  admin = kafka().admin();
  await admin.connect();
});
afterAll(async () => {
  await admin.disconnect();
});

describe("demo topics and producer on the real broker", () => {
  it("every kafka-topic port of the demo mesh exists, and the portal's events topic", async () => {
    await ensureDemoTopics(admin);
    expect(await ensureDemoTopics(admin)).toEqual([]);
    const topics = new Set(await admin.listTopics());
    const wanted = DEMO_PRODUCTS.flatMap((p) =>
      p.outputPorts.filter((o) => o.type === "KAFKA_TOPIC").map((o) => o.address),
    );
    expect(wanted.length).toBeGreaterThanOrEqual(20);
    for (const t of [...wanted, portalEventsTopic()]) expect(topics).toContain(t);
  });

  it("writes realistic JSON events with PII fields", async () => {
    const product =
      DEMO_PRODUCTS.find((p) => p.slug === "customer-profiles") ??
      DEMO_PRODUCTS.find((p) => p.domain === "customers")!;
    const port = product.outputPorts.find((o) => o.type === "KAFKA_TOPIC")!;
    const before = await admin.fetchTopicOffsets(port.address);
    const producer = await startDemoProducer(kafka(), { rateFactor: 20, seed: 1 });
    const deadline = Date.now() + 20_000;
    while (producer.sent() < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await producer.stop();
    expect(producer.sent()).toBeGreaterThanOrEqual(20);

    const after = await admin.fetchTopicOffsets(port.address);
    const written = after.reduce((n, o, i) => n + Number(o.high) - Number(before[i]?.high ?? 0), 0);
    expect(written).toBeGreaterThan(0);

    const groupId = `meshport.it-demo-${Date.now()}`;
    const consumer = kafka().consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topic: port.address, fromBeginning: true });
    const values: Record<string, unknown>[] = [];
    await consumer.run({
      eachMessage: async ({ message }) =>
        void values.push(JSON.parse(message.value!.toString()) as Record<string, unknown>),
    });
    const until = Date.now() + 20_000;
    while (values.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    await consumer.disconnect();
    await admin.deleteGroups([groupId]);

    expect(values.length).toBeGreaterThan(0);
    const piiFields = port.fields.filter((f) => f.classification === "PII").map((f) => f.name);
    expect(piiFields.length).toBeGreaterThan(0);
    const first = values[0]!;
    for (const f of port.fields.filter((x) => x.required)) expect(first).toHaveProperty(f.name);
  });
});
