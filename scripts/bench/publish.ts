/**
 * npm run bench -- publish — publish → the owner team's principal can produce, on the real broker:
 * each round creates a draft product with a Kafka port (policies met), publishes it, and from
 * that moment a producer authenticated as the owner team (`User:orders`) tries to write every
 * 20 ms until the broker accepts. Also the publish call alone (policies, transaction, topic,
 * bindings). Starts a fresh local broker (or uses KAFKA_BROKERS) and a scratch database.
 */
import { performance } from "node:perf_hooks";
import { findCurrentUser } from "@/lib/auth/find-user";
import { openDatabase } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { seedDemoMesh } from "@/lib/demo/seed";
import { teamKafkaPassword } from "@/lib/demo/teams";
import { env, setEnv } from "@/lib/core/env";
import { createKafka, localKafka } from "@/lib/kafka/client-config";
import { createScratchDatabase, dropDatabase, ensurePostgres } from "../lib/postgres";
import { printTimings, summarize } from "./stats";
import { benchBroker } from "./broker";
import { createDraftKafkaProduct } from "../test-support/publishing";

const RUNS = 30;
const WARMUP = 2;

export async function benchPublish(): Promise<void> {
  await ensurePostgres();
  const broker = await benchBroker();
  setEnv({ MESHPORT_BACKGROUND: "0" });
  const { changeLifecycle } = await import("@/lib/publishing/lifecycle");
  const scratch = await createScratchDatabase("meshport_bench_publish");
  const database = await openDatabase({ url: scratch.url });
  const admin = createKafka(env(), { retries: 8 }).admin();
  const producer = localKafka(env().KAFKA_BROKERS, "orders", teamKafkaPassword("orders"), {
    clientId: "bench-owner-producer",
    retries: 0,
  }).producer({ retry: { retries: 0 } });
  const stamp = Date.now().toString(36);
  const topics: string[] = [];
  try {
    await database.withSession((s) => applyMigrations(s));
    await seedDemoMesh(database.prisma, { kafkaServer: `kafka://${env().KAFKA_BROKERS}` });
    await admin.connect();
    await producer.connect();
    const alice = (await findCurrentUser(database.prisma, { email: "alice@meshport.dev" }))!;
    const canProduce = (topic: string) =>
      producer.send({ topic, acks: -1, messages: [{ value: "bench" }] }).then(
        () => true,
        () => false,
      );

    const publishCall: number[] = [];
    const writable: number[] = [];
    for (let i = 0; i < RUNS + WARMUP; i++) {
      const { slug, port } = await createDraftKafkaProduct(database.prisma, alice, {
        slug: `bench-publish-${stamp}-${i}`,
        name: `Bench Publish ${stamp} ${i}`,
        port: `bench-${stamp}-${i}`,
        partitions: 3,
      });
      topics.push(port.address);
      const start = performance.now();
      const result = await changeLifecycle(database.prisma, alice, slug, { to: "ACTIVE" });
      const called = performance.now() - start;
      if (result.ports[0]?.state !== "ACTIVE")
        throw new Error(`round ${i}: port ${result.ports[0]?.state}: ${result.ports[0]?.error}`);
      while (!(await canProduce(port.address))) {
        if (performance.now() - start > 30_000) throw new Error(`round ${i}: not writable within 30 s`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const seen = performance.now() - start;
      if (i >= WARMUP) {
        publishCall.push(called);
        writable.push(seen);
      }
    }
    printTimings(
      `Publishing on the real broker (${RUNS} rounds, Kafka ${env().KAFKA_BROKERS}; target p95 ≤ 2000 ms)`,
      [
        summarize("publish API call (policies, DB, topic, bindings)", publishCall),
        summarize("publish → owner principal can produce", writable),
      ],
    );
  } finally {
    await producer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await database.close();
    await dropDatabase(scratch.name);
    await broker?.stop();
  }
}
