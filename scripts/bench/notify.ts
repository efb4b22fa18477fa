/**
 * npm run bench -- notify — how soon people hear of a change, and what usage per grant costs.
 *
 * 1. Change committed → in-app notification visible, and → webhook received. Access requests are
 *    filed one by one (a few a second, as people click) on a fresh broker and scratch database;
 *    the outbox relay (as the portal runs it: a pass every 250 ms when idle), the notifier and
 *    its deliveries run in this process, with a webhook receiver on loopback. "Visible" is when
 *    the bell's live feed tells an open stream of the owner: measured for a feed in the
 *    notifier's instance (nudged) and for one in another instance (it polls every second).
 * 2. Lag of 500 active grants on 50 topics, with 100 consumer groups of the teams committed at
 *    known offsets: `grantUsages` uncached (ListGroups, one OffsetFetch per group, one ListOffsets
 *    per topic, the sampler's marks from the database).
 *
 * Options: --requests N (default 60), --grants N (default 500).
 */
import { performance } from "node:perf_hooks";
import { findCurrentUser } from "@/lib/auth/find-user";
import { openDatabase } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { seedDemoMesh } from "@/lib/demo/seed";
import { env, setEnv } from "@/lib/core/env";
import { createKafka } from "@/lib/kafka/client-config";
import { waitForTopics } from "@/lib/kafka/topics";
import { startWebhookReceiver } from "../test-support/webhook-receiver";
import { createScratchDatabase, dropDatabase, ensurePostgres } from "../lib/postgres";
import { numberOption, printTimings, summarize } from "./stats";
import { benchBroker } from "./broker";

export async function benchNotify(): Promise<void> {
  const REQUESTS = numberOption("requests", 60);
  const GRANTS = numberOption("grants", 500);
  await ensurePostgres();
  const broker = await benchBroker();
  const topic = `meshport.bench-notify-${Date.now()}.events`;
  setEnv({ MESHPORT_BACKGROUND: "0", MESHPORT_EVENTS_TOPIC: topic, MESHPORT_WEBHOOK_ALLOW_PRIVATE: "1" });
  const { createAccessRequest } = await import("@/lib/access/mutations");
  const { relayOutboxBatch } = await import("@/lib/events/relay");
  const { Notifier } = await import("@/lib/notify/notifier");
  const { NotificationFeed } = await import("@/lib/notify/feed");
  const { createWebhook } = await import("@/lib/notify/mutations");
  const { grantUsages } = await import("@/lib/access/usage");
  const scratch = await createScratchDatabase("meshport_bench_notify");
  const database = await openDatabase({ url: scratch.url });
  const prisma = database.prisma;
  const kafka = createKafka(env(), { retries: 8 });
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const receiver = await startWebhookReceiver();
  let relaying = true;
  let relay: Promise<void> | undefined;
  let notifier: InstanceType<typeof Notifier> | undefined;
  const extraTopics: string[] = [];
  try {
    await database.withSession((s) => applyMigrations(s));
    await seedDemoMesh(prisma, { kafkaServer: `kafka://${env().KAFKA_BROKERS}` });
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
    });
    await waitForTopics(admin, [topic]);
    await producer.connect();
    const alice = (await findCurrentUser(prisma, { email: "alice@meshport.dev" }))!;
    const hook = await createWebhook(prisma, alice, "orders", {
      url: receiver.url,
      description: "bench",
      kinds: ["access.request_new"],
    });
    receiver.secret = hook.secret;

    // The portal's relay loop.
    relay = (async () => {
      while (relaying) {
        const n = await relayOutboxBatch(prisma, producer).catch(() => 0);
        if (n === 0) await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const sameInstance = new NotificationFeed(async () => prisma, 1000);
    const otherInstance = new NotificationFeed(async () => prisma, 1000);
    notifier = new Notifier({ prisma, onNotified: () => sameInstance.nudge(), idleMs: 1000 });
    await notifier.start();

    // Requests from each other team's member for new ports of orders products.
    const products = await prisma.dataProduct.findMany({
      where: { ownerTeam: { slug: "orders" }, lifecycle: "ACTIVE" },
      orderBy: { slug: "asc" },
    });
    const requesters = await prisma.teamMembership.findMany({
      where: { team: { slug: { not: "orders" } } },
      distinct: ["teamId"],
      include: { team: true },
    });
    const committedAt = new Map<string, number>();
    const seenHere: number[] = [];
    const seenThere: number[] = [];
    const hooked: number[] = [];
    let latest = "";
    const onFeed = (list: number[]) => () => {
      const at = committedAt.get(latest);
      if (at !== undefined) list.push(performance.now() - at);
    };
    const unsubscribe = [
      sameInstance.subscribe(alice.id, onFeed(seenHere)),
      otherInstance.subscribe(alice.id, onFeed(seenThere)),
    ];
    receiver.answer = (h) => {
      const requestId = (h.body?.data as { requestId?: string } | undefined)?.requestId;
      const at = requestId ? committedAt.get(requestId) : undefined;
      if (at !== undefined) hooked.push(performance.now() - at);
      return 204;
    };
    for (let i = 0; i < REQUESTS; i++) {
      const requester = requesters[i % requesters.length]!;
      const port = await prisma.outputPort.create({
        data: {
          productId: products[i % products.length]!.id,
          name: `bench-${i}`,
          type: "KAFKA_TOPIC",
          address: `orders.bench-notify-${i}.v1`,
        },
      });
      const user = (await findCurrentUser(prisma, { id: requester.userId }))!;
      const made = await createAccessRequest(prisma, user, {
        portId: port.id,
        teamSlug: requester.team.slug,
        purpose: `bench ${i}`,
        justification: "",
      });
      latest = made.id;
      committedAt.set(made.id, performance.now());
      const before = [seenHere.length, seenThere.length, hooked.length];
      const deadline = performance.now() + 10_000;
      while (
        (seenHere.length === before[0] || seenThere.length === before[1] || hooked.length === before[2]) &&
        performance.now() < deadline
      )
        await new Promise((r) => setTimeout(r, 5));
      // People click a few times a second, not back to back.
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 200));
    }
    unsubscribe.forEach((u) => u());
    printTimings(`change committed → owner told (${REQUESTS} access requests, one at a time)`, [
      summarize("in-app, bell in the notifier's instance", seenHere),
      summarize("in-app, bell in another instance (1 s poll)", seenThere),
      summarize("webhook received (signed, verified)", hooked),
    ]);

    // 2. Usage of 500 grants.
    const step = (what: string) => console.log(`  … ${what}`);
    step("making 50 topics, 500 grants and 100 consumer groups");
    const teams = await prisma.team.findMany({
      where: { slug: { not: "orders" } },
      orderBy: { slug: "asc" },
    });
    const TOPICS = 50;
    for (let t = 0; t < TOPICS; t++) extraTopics.push(`orders.bench-usage-${Date.now()}-${t}.v1`);
    await admin.createTopics({
      waitForLeaders: true,
      topics: extraTopics.map((name) => ({ topic: name, numPartitions: 3, replicationFactor: 1 })),
    });
    await waitForTopics(admin, extraTopics);
    step("topics made");
    await producer.sendBatch({
      topicMessages: extraTopics.map((name) => ({
        topic: name,
        messages: Array.from({ length: 30 }, (_, i) => ({ key: String(i), value: `{"i":${i}}` })),
      })),
    });
    const ports = await Promise.all(
      extraTopics.map((address, t) =>
        prisma.outputPort.create({
          data: {
            productId: products[t % products.length]!.id,
            name: `usage-${t}`,
            type: "KAFKA_TOPIC",
            address,
          },
        }),
      ),
    );
    const grants: { id: string; teamSlug: string; topic: string; unusedFlaggedAt: null }[] = [];
    for (let g = 0; g < GRANTS; g++) {
      const team = teams[g % teams.length]!;
      const port = ports[Math.floor(g / teams.length) % ports.length]!;
      const row = await prisma.grant.create({
        data: {
          portId: port.id,
          teamId: team.id,
          principal: team.kafkaPrincipal,
          status: "ACTIVE",
          provisionedAt: new Date(),
          expiresAt: new Date(Date.now() + 30 * 86_400_000),
        },
      });
      grants.push({ id: row.id, teamSlug: team.slug, topic: port.address, unusedFlaggedAt: null });
    }
    step("grants made");
    // 100 consumer groups of the teams, each committed at offset 5 of every partition of two
    // topics: a member joins, commits and leaves (ten groups at a time).
    const commitAt = async (groupId: string, topics: string[]) => {
      const consumer = kafka.consumer({ groupId });
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
      const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
      await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
      await joined;
      await consumer.commitOffsets(
        topics.flatMap((t) => [0, 1, 2].map((partition) => ({ topic: t, partition, offset: "5" }))),
      );
      await consumer.disconnect();
    };
    const groups = Array.from({ length: 100 }, (_, g) => ({
      groupId: `${teams[g % teams.length]!.slug}.bench-${g}`,
      topics: [...new Set([extraTopics[g % TOPICS]!, extraTopics[(g * 7) % TOPICS]!])],
    }));
    for (let i = 0; i < groups.length; i += 10)
      await Promise.all(groups.slice(i, i + 10).map((g) => commitAt(g.groupId, g.topics)));
    step("groups committed");
    const times: number[] = [];
    let groupsSeen = 0;
    for (let run = 0; run < 12; run++) {
      const start = performance.now();
      const usage = await grantUsages(prisma, grants, new Date(), { cached: false });
      times.push(performance.now() - start);
      groupsSeen = [...usage.values()].reduce((n, u) => n + u.groups.length, 0);
    }
    printTimings(`usage of ${GRANTS} active grants on ${TOPICS} topics, 100 consumer groups (uncached)`, [
      summarize(`lag computed (${groupsSeen} grant-group pairs found)`, times.slice(2)),
    ]);
    console.log("\ntargets: in-app and webhook p95 ≤ 2000 ms; usage of 500 grants ≤ 1000 ms");
  } finally {
    relaying = false;
    await relay;
    await notifier?.stop();
    await receiver.stop();
    await producer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic, ...extraTopics] }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await database.close();
    await dropDatabase(scratch.name).catch(() => undefined);
    await broker?.stop();
  }
}
