import type { ChildProcess } from "node:child_process";
import { exited, ready, startWorker as spawnWorker } from "@/scripts/test-support/worker";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { openDatabase } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { seedDemoMesh } from "@/lib/demo/seed";
import { env, setEnv } from "@/lib/core/env";
import { createKafka, type Admin } from "@/lib/kafka/client-config";
import { waitForTopics } from "@/lib/kafka/topics";
import { createScratchDatabase, dropDatabase } from "@/scripts/lib/postgres";

// Chaos: while a worker process approves many requests (provisioning ACLs) and relays the
// outbox, it is SIGKILLed at random points and restarted. Afterwards every committed outbox
// event is on the topic at least once and every approved grant has its ACLs on the broker.
const REQUESTS = 30;
let database: Database;
let scratchName = "";
let url = "";
let admin: Admin;

beforeAll(async () => {
  setEnv({ KAFKA_BROKERS: inject("kafkaBrokers") });
  const scratch = await createScratchDatabase("meshport_it_chaos");
  scratchName = scratch.name;
  url = scratch.url;
  database = await openDatabase({ url });
  await database.withSession((s) => applyMigrations(s));
  await seedDemoMesh(database.prisma, { kafkaServer: `kafka://${inject("kafkaBrokers")}` });
  admin = createKafka(env(), { retries: 8 }).admin();
  await admin.connect();
  const topics = [env().MESHPORT_EVENTS_TOPIC, ...Array.from({ length: 3 }, (_, i) => `chaos.topic-${i}.v1`)];
  await admin.createTopics({
    waitForLeaders: true,
    topics: topics.map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })),
  });
  await waitForTopics(admin, topics);
  // Requests from every team for ports of other teams' products, oldest first.
  const teams = await database.prisma.team.findMany({ orderBy: { slug: "asc" } });
  const products = await database.prisma.dataProduct.findMany({
    where: { lifecycle: { in: ["ACTIVE", "EXPERIMENTAL"] } },
    orderBy: { slug: "asc" },
    take: 12,
  });
  const requester = await database.prisma.user.findFirstOrThrow({ where: { role: "ADMIN" } });
  let made = 0;
  for (const [i, product] of products.entries()) {
    const port = await database.prisma.outputPort.create({
      data: {
        productId: product.id,
        name: `chaos-${i}`,
        type: "KAFKA_TOPIC",
        address: `chaos.topic-${i % 3}.v1.${i}`,
      },
    });
    for (const team of teams.filter((t) => t.id !== product.ownerTeamId)) {
      if (made++ >= REQUESTS) break;
      await database.prisma.accessRequest.create({
        data: {
          portId: port.id,
          teamId: team.id,
          requesterId: requester.id,
          purpose: "chaos",
          // Beyond the 7-day notice: no grant.expiring events appear after the outbox drained.
          expiresAt: new Date(Date.now() + 30 * 86_400_000),
        },
      });
    }
  }
}, 120_000);

afterAll(async () => {
  await admin?.disconnect();
  await database?.close();
  if (scratchName) await dropDatabase(scratchName);
});

function startWorker(): ChildProcess {
  return spawnWorker("scripts/test-support/chaos-worker.ts", {
    DATABASE_URL: url,
    KAFKA_BROKERS: inject("kafkaBrokers"),
    MESHPORT_DEMO: "0",
    MESHPORT_MONITOR: "0",
    MESHPORT_NOTIFY: "0",
    // A killed worker's leases (relay, scheduler) lapse quickly for the next one.
    MESHPORT_LEASE_SECONDS: "2",
  });
}

it("loses nothing when the worker is killed at random points", { timeout: 300_000 }, async () => {
  let kills = 0;
  let killsMidApproval = 0;
  for (let round = 0; round < 40; round++) {
    const worker = startWorker();
    await ready(worker);
    await new Promise((r) => setTimeout(r, 200 + Math.random() * 1300));
    worker.kill("SIGKILL");
    await exited(worker);
    kills++;
    const pending = await database.prisma.accessRequest.count({ where: { status: "PENDING" } });
    if (pending > 0) killsMidApproval++;
    else if (kills >= 3) break;
  }
  // The kills really interrupted the approvals (not only an idle worker).
  expect(killsMidApproval).toBeGreaterThanOrEqual(1);

  // One last worker, left running: it approves what the kills left pending (a loaded machine
  // gets through fewer approvals per life), the relay drains the outbox, the scheduler finishes
  // the grants a kill left PROVISIONING (after 10 s).
  const worker = startWorker();
  try {
    const deadline = Date.now() + 90_000;
    for (;;) {
      // Upstream first: an approval writes a PROVISIONING grant, which writes an outbox row when
      // it turns ACTIVE; read in that order, none of them can appear behind the reads.
      const pending = await database.prisma.accessRequest.count({ where: { status: "PENDING" } });
      const provisioning = await database.prisma.grant.count({ where: { status: "PROVISIONING" } });
      const unpublished = await database.prisma.outboxEvent.count({ where: { publishedAt: null } });
      if ((pending === 0 && unpublished === 0 && provisioning === 0) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    worker.kill("SIGTERM");
    await exited(worker);
  }

  expect(await database.prisma.accessRequest.count({ where: { status: "PENDING" } })).toBe(0);
  // Every approved request has an active grant whose ACLs are on the broker.
  const approved = await database.prisma.accessRequest.findMany({
    where: { status: "APPROVED" },
    include: { grant: true, port: true, team: true },
  });
  expect(approved.length).toBe(REQUESTS);
  for (const request of approved) {
    expect(request.grant?.status, `grant of ${request.team.slug} on ${request.port.address}`).toBe("ACTIVE");
  }
  const { describeGrantAcls } = await import("@/lib/kafka/acls");
  for (const principal of new Set(approved.map((r) => r.grant!.principal))) {
    const onBroker = new Set((await describeGrantAcls(principal)).map((a) => a.resourceName));
    for (const request of approved.filter((r) => r.grant!.principal === principal)) {
      expect(onBroker.has(request.port.address), `${principal} READ ${request.port.address}`).toBe(true);
      expect(onBroker.has(`${request.team.slug}.`), `${principal} group prefix`).toBe(true);
    }
  }

  // Every committed outbox event is on the topic at least once.
  const committed = await database.prisma.outboxEvent.findMany({ select: { id: true, publishedAt: true } });
  expect(committed.every((e) => e.publishedAt !== null)).toBe(true);
  const seen = new Set<string>();
  const consumer = createKafka(env(), { retries: 5 }).consumer({
    groupId: `meshport.chaos-${Date.now()}`,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: env().MESHPORT_EVENTS_TOPIC, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) =>
        void seen.add((JSON.parse(message.value!.toString()) as { id: string }).id),
    });
    const deadline = Date.now() + 30_000;
    while (committed.some((e) => !seen.has(e.id)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
  } finally {
    await consumer.disconnect();
  }
  const missing = committed.filter((e) => !seen.has(e.id));
  expect(missing).toEqual([]);
});
