import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { findCurrentUser } from "@/lib/auth/find-user";
import { env, setEnv } from "@/lib/core/env";
import { seedDemoMesh } from "@/lib/demo/seed";
import { createKafka, type Admin } from "@/lib/kafka/client-config";
import { openOwnDatabase } from "@/scripts/test-support/database";
import { createDraftKafkaProduct } from "@/scripts/test-support/publishing";
import { poll } from "@/scripts/test-support/kafka-consume";
import { exited, ready, startWorker } from "@/scripts/test-support/worker";
import type * as Provisioning from "./provisioning";

// Kafka down while publishing — the choice: the product is published and its Kafka ports stay
// PROVISIONING with the reason; the scheduler provisions them once the broker answers. A worker
// whose broker is unreachable publishes; then the scheduler, with the broker back, finishes.
const PREFIX = `outage-${Date.now().toString(36)}-`;
const TOPIC = `orders.${PREFIX}events.v1`;
let database: Awaited<ReturnType<typeof openOwnDatabase>>;
let admin: Admin;
let provisioning: typeof Provisioning;

beforeAll(async () => {
  setEnv({ KAFKA_BROKERS: inject("kafkaBrokers") });
  provisioning = await import("./provisioning");
  database = await openOwnDatabase("meshport_it_publish_outage");
  await seedDemoMesh(database.prisma, { kafkaServer: `kafka://${inject("kafkaBrokers")}` });
  admin = createKafka(env(), { retries: 8 }).admin();
  await admin.connect();
  const alice = (await findCurrentUser(database.prisma, { email: "alice@meshport.dev" }))!;
  // The draft is made while the broker is up (a new topic's name is checked against it).
  await createDraftKafkaProduct(database.prisma, alice, {
    slug: `${PREFIX}product`,
    name: `Outage ${PREFIX}`,
    port: `${PREFIX}events`,
  });
}, 60_000);

afterAll(async () => {
  await admin?.deleteTopics({ topics: [TOPIC] }).catch(() => undefined);
  await admin?.disconnect();
  await database?.drop();
});

it(
  "publishes with the broker down, keeps the port provisioning, and the scheduler finishes it",
  { timeout: 120_000 },
  async () => {
    let worker: ChildProcess | undefined;
    try {
      worker = startWorker("scripts/test-support/publish-chaos-worker.ts", {
        DATABASE_URL: database.url,
        // Nothing listens there: every broker call fails fast as "Kafka unavailable".
        KAFKA_BROKERS: "127.0.0.1:9",
        KAFKA_TIMEOUT_MS: "1000",
        MESHPORT_DEMO: "0",
        MESHPORT_MONITOR: "0",
        MESHPORT_NOTIFY: "0",
        // A killed worker's leases (relay, scheduler) lapse quickly for the next one.
        MESHPORT_LEASE_SECONDS: "2",
        CHAOS_PREFIX: PREFIX,
      });
      await ready(worker);
      const port = await poll(
        () =>
          database.prisma.outputPort.findFirstOrThrow({
            where: { address: TOPIC },
            include: { product: true },
          }),
        (p) => p.product.lifecycle === "ACTIVE" && p.provisioningError !== null,
        60_000,
      );
      expect(port.product.lifecycle).toBe("ACTIVE");
      expect(port.state).toBe("PROVISIONING");
      expect(port.provisioningError).toMatch(/^Waiting for the broker: Kafka unavailable/);
    } finally {
      worker?.kill("SIGKILL");
      if (worker) await exited(worker);
    }
    expect(await admin.listTopics()).not.toContain(TOPIC);

    // The broker answers again (this process reaches the real one): the scheduler's sweep finishes.
    await provisioning.sweepPorts(database.prisma, new Date(Date.now() + 20_000));
    const done = await database.prisma.outputPort.findFirstOrThrow({ where: { address: TOPIC } });
    expect(done).toMatchObject({ state: "ACTIVE", provisioningError: null });
    expect(await admin.listTopics()).toContain(TOPIC);
    const { describeGrantAcls } = await import("@/lib/kafka/acls");
    // The broker's authorizer applies the bindings a moment after the controller answered.
    const bound = await poll(
      async () => (await describeGrantAcls("User:orders")).map((a) => a.resourceName),
      (names) => names.includes(TOPIC),
      10_000,
      100,
    );
    expect(bound).toContain(TOPIC);
  },
);
