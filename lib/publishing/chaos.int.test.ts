import type { ChildProcess } from "node:child_process";
import { exited, ready, startWorker as spawnWorker } from "@/scripts/test-support/worker";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { findCurrentUser } from "@/lib/auth/find-user";
import { env, setEnv } from "@/lib/core/env";
import { seedDemoMesh } from "@/lib/demo/seed";
import { createKafka, type Admin } from "@/lib/kafka/client-config";
import { openOwnDatabase } from "@/scripts/test-support/database";
import { createDraftKafkaProduct } from "@/scripts/test-support/publishing";

// Chaos: a worker publishing draft products (topic + the owner team's WRITE bindings each) is
// SIGKILLed at random points and restarted. Afterwards every product is ACTIVE and every one of
// its Kafka ports ACTIVE, with its topic and its bindings on the broker — a crash inside the
// publish transaction left a draft the next worker published; a crash after it left ports
// PROVISIONING the scheduler finished.
const PRODUCTS = 12;
const PREFIX = `chaos-${Date.now().toString(36)}-`;
let database: Awaited<ReturnType<typeof openOwnDatabase>>;
let url = "";
let admin: Admin;

beforeAll(async () => {
  setEnv({ KAFKA_BROKERS: inject("kafkaBrokers") });
  database = await openOwnDatabase("meshport_it_publish_chaos");
  url = database.url;
  await seedDemoMesh(database.prisma, { kafkaServer: `kafka://${inject("kafkaBrokers")}` });
  admin = createKafka(env(), { retries: 8 }).admin();
  await admin.connect();
  const alice = (await findCurrentUser(database.prisma, { email: "alice@meshport.dev" }))!;
  for (let i = 0; i < PRODUCTS; i++)
    await createDraftKafkaProduct(database.prisma, alice, {
      slug: `${PREFIX}${String(i).padStart(2, "0")}`,
      name: `Chaos ${PREFIX}${i}`,
      port: `${PREFIX}${i}`,
    });
}, 120_000);

afterAll(async () => {
  const topics =
    (await database?.prisma.outputPort.findMany({ where: { address: { contains: PREFIX } } })) ?? [];
  await admin?.deleteTopics({ topics: topics.map((t) => t.address) }).catch(() => undefined);
  await admin?.disconnect();
  await database?.drop();
});

function startWorker(): ChildProcess {
  return spawnWorker("scripts/test-support/publish-chaos-worker.ts", {
    DATABASE_URL: url,
    KAFKA_BROKERS: inject("kafkaBrokers"),
    MESHPORT_DEMO: "0",
    // This test is about publishing: the contract monitor's consumers would only compete.
    MESHPORT_MONITOR: "0",
    MESHPORT_NOTIFY: "0",
    // A killed worker's leases (relay, scheduler) lapse quickly for the next one.
    MESHPORT_LEASE_SECONDS: "2",
    CHAOS_PREFIX: PREFIX,
  });
}

const drafts = () =>
  database.prisma.dataProduct.count({ where: { lifecycle: "DRAFT", slug: { startsWith: PREFIX } } });

it(
  "leaves every published port with its topic and bindings when the worker is killed at random points",
  { timeout: 300_000 },
  async () => {
    let killsMidPublish = 0;
    for (let round = 0; round < 30; round++) {
      const worker = startWorker();
      await ready(worker);
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 1000));
      worker.kill("SIGKILL");
      await exited(worker);
      const left = await drafts();
      if (left > 0 && left < PRODUCTS) killsMidPublish++;
      if (left === 0 || killsMidPublish >= 4) break;
    }
    expect(killsMidPublish).toBeGreaterThanOrEqual(1);

    // A last worker: publishes what is left, and its scheduler provisions ports a kill left PROVISIONING.
    const worker = startWorker();
    try {
      const deadline = Date.now() + 90_000;
      for (;;) {
        // Drafts first: publishing commits the product ACTIVE with its ports PROVISIONING, so a
        // port counted after the drafts cannot turn PROVISIONING behind the count.
        const left = await drafts();
        const provisioning = await database.prisma.outputPort.count({
          where: { state: "PROVISIONING", address: { contains: PREFIX } },
        });
        if ((left === 0 && provisioning === 0) || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 500));
      }
    } finally {
      worker.kill("SIGTERM");
      await exited(worker);
    }

    const products = await database.prisma.dataProduct.findMany({
      where: { slug: { startsWith: PREFIX } },
      include: { outputPorts: true },
    });
    expect(products.map((p) => p.lifecycle)).toEqual(Array(PRODUCTS).fill("ACTIVE"));
    const ports = products.flatMap((p) => p.outputPorts);
    expect(ports.map((p) => p.state)).toEqual(Array(PRODUCTS).fill("ACTIVE"));
    const topics = new Set(await admin.listTopics());
    expect(ports.filter((p) => !topics.has(p.address)).map((p) => p.address)).toEqual([]);
    const { describeGrantAcls } = await import("@/lib/kafka/acls");
    const bound = new Set((await describeGrantAcls("User:orders")).map((a) => a.resourceName));
    expect(ports.filter((p) => !bound.has(p.address)).map((p) => p.address)).toEqual([]);
  },
);
