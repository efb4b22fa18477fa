import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { findCurrentUser } from "@/lib/auth/find-user";
import type { CurrentUser } from "@/lib/auth/types";
import type { Database } from "@/lib/db/client";
import { seedDemoMesh } from "@/lib/demo/seed";
import { env, setEnv } from "@/lib/core/env";
import { createKafka, type Admin } from "@/lib/kafka/client-config";
import { waitForTopics } from "@/lib/kafka/topics";
import { openTestDatabase } from "@/scripts/test-support/database";
import { consumeAsTeam, kafkaErrorType, poll } from "@/scripts/test-support/kafka-consume";
import type * as AccessMutations from "./mutations";
import { getAccessRequest } from "./queries";

// The access flow against the real PostgreSQL and the real broker: bob's team cannot read the
// topic before approval, can after, cannot after revocation; exactly one of two concurrent
// approvals wins; the outbox reaches the events topic as CloudEvents.
const TOPIC = `orders.access-it-${Date.now()}.v1`;
let database: Database;
let admin: Admin;
let portId: string;
let users: Record<"alice" | "bob" | "carol", CurrentUser>;
let access: typeof AccessMutations;

async function currentUser(email: string): Promise<CurrentUser> {
  return (await findCurrentUser(database.prisma, { email }))!;
}

beforeAll(async () => {
  setEnv({ KAFKA_BROKERS: inject("kafkaBrokers") });
  access = await import("./mutations");
  database = await openTestDatabase();
  await seedDemoMesh(database.prisma, { kafkaServer: `kafka://${inject("kafkaBrokers")}` });
  users = {
    alice: await currentUser("alice@meshport.dev"),
    bob: await currentUser("bob@meshport.dev"),
    carol: await currentUser("carol@meshport.dev"),
  };
  admin = createKafka(env(), { retries: 8 }).admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 1 }],
  });
  await waitForTopics(admin, [TOPIC]);
  const producer = createKafka(env(), { retries: 8 }).producer();
  await producer.connect();
  await producer.send({ topic: TOPIC, messages: [{ value: "one" }, { value: "two" }] });
  await producer.disconnect();
  const product = await database.prisma.dataProduct.findFirstOrThrow({
    where: { ownerTeam: { slug: "orders" } },
    orderBy: { slug: "asc" },
  });
  portId = (
    await database.prisma.outputPort.create({
      data: { productId: product.id, name: "access-it", type: "KAFKA_TOPIC", address: TOPIC },
    })
  ).id;
});

afterAll(async () => {
  await admin?.deleteTopics({ topics: [TOPIC] }).catch(() => undefined);
  await admin?.disconnect();
  await database?.close();
});

const request = (purpose = "Campaign attribution for order funnels") =>
  access.createAccessRequest(database.prisma, users.bob, {
    portId,
    teamSlug: "marketing-analytics",
    purpose,
    justification: "",
  });

describe("access on the real broker", () => {
  it(
    "refuses before approval, reads after, refuses again after revocation",
    { timeout: 120_000 },
    async () => {
      const before = await consumeAsTeam(inject("kafkaBrokers"), "marketing-analytics", TOPIC, 2, 5000);
      expect(before.ok).toBe(false);
      if (!before.ok) expect(kafkaErrorType(before.error)).toBe("TOPIC_AUTHORIZATION_FAILED");

      const { id } = await request();
      const approved = await access.decideAccessRequest(
        database.prisma,
        users.alice,
        id,
        "approve",
        "ok for attribution",
      );
      expect(approved).toMatchObject({ status: "approved", grant: { status: "active" } });
      const grantId = (approved as { grant: { id: string } }).grant.id;
      const granted = await poll(
        () => consumeAsTeam(inject("kafkaBrokers"), "marketing-analytics", TOPIC, 2, 5000),
        (r) => r.ok,
        30_000,
      );
      expect(granted.ok ? granted.messages.sort() : String(granted.error)).toEqual(["one", "two"]);

      // Re-provisioning is idempotent.
      expect(await access.retryGrant(database.prisma, users.alice, grantId)).toMatchObject({
        status: "active",
      });

      expect(await access.revokeGrant(database.prisma, users.alice, grantId)).toMatchObject({
        status: "revoked",
      });
      const revoked = await poll(
        () => consumeAsTeam(inject("kafkaBrokers"), "marketing-analytics", TOPIC, 2, 5000),
        (r) => !r.ok && kafkaErrorType(r.error) === "TOPIC_AUTHORIZATION_FAILED",
        30_000,
      );
      expect(revoked.ok).toBe(false);
      const trail = await getAccessRequest(database.prisma, users.bob, id);
      expect(trail.audit.map((a) => a.action)).toEqual([
        "access_request.created",
        "access_request.approved",
        "grant.provisioning",
        "grant.active",
        "grant.active", // the idempotent re-provisioning
        "grant.revoked",
      ]);
    },
  );

  it("records exactly one decision when two owners approve at once", async () => {
    const { id } = await request("Second request, raced by two owners");
    const results = await Promise.allSettled([
      access.decideAccessRequest(database.prisma, users.alice, id, "approve"),
      access.decideAccessRequest(database.prisma, users.carol, id, "approve"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ status: 409 });
    expect(await database.prisma.grant.count({ where: { requestId: id } })).toBe(1);
    const grant = await database.prisma.grant.findFirstOrThrow({ where: { requestId: id } });
    await access.revokeGrant(database.prisma, users.carol, grant.id);
  });

  it("refuses invalid transitions and other people's decisions", async () => {
    const { id } = await request("Third request, cancelled by bob");
    await expect(access.decideAccessRequest(database.prisma, users.bob, id, "approve")).rejects.toMatchObject(
      { status: 403 },
    );
    await access.decideAccessRequest(database.prisma, users.bob, id, "cancel");
    await expect(
      access.decideAccessRequest(database.prisma, users.alice, id, "approve"),
    ).rejects.toMatchObject({ status: 409 });
    await expect(access.decideAccessRequest(database.prisma, users.bob, id, "cancel")).rejects.toMatchObject({
      status: 409,
    });
  });

  it("expires a grant past its time and removes its ACLs", { timeout: 60_000 }, async () => {
    const { id } = await request("Fourth request, expiring");
    const approved = await access.decideAccessRequest(database.prisma, users.alice, id, "approve");
    const grantId = (approved as { grant: { id: string } }).grant.id;
    await database.prisma.grant.update({
      where: { id: grantId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const swept = await access.sweepGrants(database.prisma);
    expect(swept.expired).toBeGreaterThanOrEqual(1);
    expect((await database.prisma.grant.findUniqueOrThrow({ where: { id: grantId } })).status).toBe(
      "EXPIRED",
    );
    const refused = await poll(
      () => consumeAsTeam(inject("kafkaBrokers"), "marketing-analytics", TOPIC, 2, 5000),
      (r) => !r.ok && kafkaErrorType(r.error) === "TOPIC_AUTHORIZATION_FAILED",
      30_000,
    );
    expect(refused.ok).toBe(false);
  });
});

describe("outbox relay", () => {
  it(
    "publishes every committed change to the events topic as a CloudEvent",
    { timeout: 60_000 },
    async () => {
      const { relayOutboxBatch } = await import("@/lib/events/relay");
      const eventsTopic = env().MESHPORT_EVENTS_TOPIC;
      await admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic: eventsTopic, numPartitions: 1, replicationFactor: 1 }],
      });
      await waitForTopics(admin, [eventsTopic]);
      const producer = createKafka(env(), { retries: 5 }).producer({
        idempotent: true,
        maxInFlightRequests: 1,
      });
      await producer.connect();
      try {
        while ((await relayOutboxBatch(database.prisma, producer)) > 0);
      } finally {
        await producer.disconnect();
      }
      const committed = await database.prisma.outboxEvent.findMany({
        select: { id: true, publishedAt: true },
      });
      expect(committed.length).toBeGreaterThan(5);
      expect(committed.every((e) => e.publishedAt !== null)).toBe(true);
      // The topic may also hold other test databases' events: each of ours must be there.
      const ids = new Set(
        await readAllAsPortal(
          eventsTopic,
          committed.map((e) => e.id),
        ),
      );
      expect(committed.filter((e) => !ids.has(e.id))).toEqual([]);
    },
  );
});

async function readAllAsPortal(topic: string, expected: string[]): Promise<string[]> {
  const consumer = createKafka(env(), { retries: 5 }).consumer({
    groupId: `meshport.it-${Date.now()}`,
  });
  const ids: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const event = JSON.parse(message.value!.toString()) as { id: string; specversion: string };
        expect(event.specversion).toBe("1.0");
        expect(message.headers?.ce_id?.toString()).toBe(event.id);
        ids.push(event.id);
      },
    });
    const deadline = Date.now() + 20_000;
    while (expected.some((id) => !ids.includes(id)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
  } finally {
    await consumer.disconnect();
  }
  return ids;
}
