import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { findCurrentUser } from "@/lib/auth/find-user";
import type { CurrentUser } from "@/lib/auth/types";
import { env, setEnv } from "@/lib/core/env";
import { seedDemoMesh } from "@/lib/demo/seed";
import { teamKafkaPassword } from "@/lib/demo/teams";
import { createKafka, localKafka, type Admin } from "@/lib/kafka/client-config";
import { waitForTopics } from "@/lib/kafka/topics";
import { openOwnDatabase } from "@/scripts/test-support/database";
import { poll } from "@/scripts/test-support/kafka-consume";
import type * as Access from "./mutations";
import type * as Queries from "./queries";
import type * as Usage from "./usage";

// Usage per grant on the real broker: a consumer in the team's group reads half the topic and
// commits; the lag shown is the other half, per partition, with an age from the sampler's marks.
// A grant nobody reads for the configured days is flagged to both teams (a grant.unused event).
const STAMP = Date.now();
const TOPIC = `orders.usage-it-${STAMP}.v1`;
const GROUP = `marketing-analytics.usage-it-${STAMP}`;
const BROKERS = () => inject("kafkaBrokers");

let m: { access: typeof Access; queries: typeof Queries; usage: typeof Usage };
let database: Awaited<ReturnType<typeof openOwnDatabase>>;
let admin: Admin;
let alice: CurrentUser;
let bob: CurrentUser;
let grantId = "";

beforeAll(async () => {
  setEnv({ KAFKA_BROKERS: BROKERS() });
  m = {
    access: await import("./mutations"),
    queries: await import("./queries"),
    usage: await import("./usage"),
  };
  database = await openOwnDatabase("meshport_it_usage");
  await seedDemoMesh(database.prisma, { kafkaServer: `kafka://${BROKERS()}` });
  const user = async (email: string) => (await findCurrentUser(database.prisma, { email }))!;
  alice = await user("alice@meshport.dev");
  bob = await user("bob@meshport.dev");
  admin = createKafka(env(), { retries: 8 }).admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 1 }],
  });
  await waitForTopics(admin, [TOPIC]);
  const product = await database.prisma.dataProduct.findFirstOrThrow({
    where: { ownerTeam: { slug: "orders" }, lifecycle: "ACTIVE" },
    orderBy: { slug: "asc" },
  });
  const port = await database.prisma.outputPort.create({
    data: { productId: product.id, name: `usage-${STAMP}`, type: "KAFKA_TOPIC", address: TOPIC },
  });
  // Ten events on the topic (written by the portal's principal), then bob's team is granted access.
  const producer = createKafka(env(), { retries: 5 }).producer();
  await producer.connect();
  await producer.send({
    topic: TOPIC,
    messages: Array.from({ length: 10 }, (_, i) => ({ value: `{"n":${i}}` })),
  });
  await producer.disconnect();
  const request = await m.access.createAccessRequest(database.prisma, bob, {
    portId: port.id,
    teamSlug: "marketing-analytics",
    purpose: "Usage",
    justification: "",
  });
  const decision = await m.access.decideAccessRequest(database.prisma, alice, request.id, "approve");
  expect(decision.grant?.status).toBe("active");
  grantId = decision.grant!.id;
}, 120_000);

afterAll(async () => {
  await admin?.deleteGroups([GROUP]).catch(() => undefined);
  await admin?.deleteTopics({ topics: [TOPIC] }).catch(() => undefined);
  await admin?.disconnect();
  await database?.drop();
});

/** As the team's principal, in its group: read the first five events and commit after them. */
async function readHalf(): Promise<void> {
  const kafka = localKafka(BROKERS(), "marketing-analytics", teamKafkaPassword("marketing-analytics"), {
    clientId: "usage-it",
    retries: 3,
  });
  const consumer = kafka.consumer({ groupId: GROUP });
  let committed = false;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message, partition }) => {
        if (message.offset === "4" && !committed) {
          await consumer.commitOffsets([{ topic: TOPIC, partition, offset: "5" }]);
          committed = true;
        }
      },
    });
    const deadline = Date.now() + 30_000;
    while (!committed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(committed).toBe(true);
  } finally {
    await consumer.disconnect();
  }
}

const grantFor = (g: Usage.UsageGrant[]) => g.find((x) => x.id === grantId)!;

it(
  "shows the team's group reading half the topic with the other half as its lag",
  { timeout: 120_000 },
  async () => {
    const grants = await m.usage.activeTopicGrants(database.prisma, { ids: [grantId] });
    expect(grants).toHaveLength(1);
    // Nobody reads yet.
    const idle = await m.usage.grantUsages(database.prisma, [grantFor(grants)]);
    expect(idle.get(grantId)!.groups).toEqual([]);
    // The sampler sees the topic's end (10) before anyone reads.
    const sampled = await m.usage.sampleUsage(database.prisma);
    expect(sampled.samples).toBeGreaterThanOrEqual(1);

    await readHalf();
    const usage = await poll(
      async () =>
        (await m.usage.grantUsages(database.prisma, [grantFor(grants)], new Date(Date.now() + 10_000))).get(
          grantId,
        )!,
      (u) => u.groups.length === 1,
      20_000,
      250,
    );
    expect(usage.groups[0]!.groupId).toBe(GROUP);
    expect(usage.groups[0]!.partitions).toEqual([{ partition: 0, committed: 5, high: 10, lag: 5 }]);
    expect(usage.lag).toBe(5);
    // The next message (offset 5) was on the topic when the sampler looked: at least that old.
    expect(usage.lagSeconds).toBeGreaterThanOrEqual(10);

    // The API's grant list carries the same, for the consumer team and the owner team alike.
    for (const viewer of [bob, alice]) {
      const listed = await m.queries.listGrants(database.prisma, viewer, {});
      const item = listed.items.find((g) => g.id === grantId)!;
      expect(item.usage?.lag, viewer.email).toBe(5);
      expect(item.usage?.groups.map((g) => g.groupId)).toEqual([GROUP]);
      expect(item.usageError).toBeNull();
    }

    // The sampler records the group's commit; a month without movement flags the grant, once.
    await m.usage.sampleUsage(database.prisma);
    const mark = await database.prisma.groupOffsetMark.findUniqueOrThrow({
      where: { groupId_topic_partition: { groupId: GROUP, topic: TOPIC, partition: 0 } },
    });
    expect(Number(mark.offset)).toBe(5);
    const later = new Date(Date.now() + 31 * 86_400_000);
    expect((await m.usage.sampleUsage(database.prisma, later, 30)).flagged).toBe(1);
    expect((await m.usage.sampleUsage(database.prisma, later, 30)).flagged).toBe(0);
    const flagged = await database.prisma.grant.findUniqueOrThrow({ where: { id: grantId } });
    expect(flagged.unusedFlaggedAt?.toISOString()).toBe(later.toISOString());
    const events = await database.prisma.outboxEvent.findMany({
      where: { type: "dev.meshport.grant.unused" },
    });
    expect(events.map((e) => (e.payload as { grantId: string }).grantId)).toEqual([grantId]);
    const listed = await m.queries.listGrants(database.prisma, alice, {});
    expect(listed.items.find((g) => g.id === grantId)!.usage?.unusedSince).toBe(later.toISOString());
  },
);
