import path from "node:path";
import { tmpdir } from "node:os";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { findCurrentUser } from "@/lib/auth/find-user";
import type { CurrentUser } from "@/lib/auth/types";
import { env, setEnv } from "@/lib/core/env";
import { seedDemoMesh } from "@/lib/demo/seed";
import { createKafka, type Admin, type Producer } from "@/lib/kafka/client-config";
import { waitForTopics } from "@/lib/kafka/topics";
import { startMailbox, type Mailbox } from "@/scripts/lib/mailbox";
import { openOwnDatabase } from "@/scripts/test-support/database";
import { poll } from "@/scripts/test-support/kafka-consume";
import { startWebhookReceiver, type WebhookReceiver } from "@/scripts/test-support/webhook-receiver";
// Loaded after setEnv (they read the environment when first imported); the types come first.
import type * as Access from "@/lib/access/mutations";
import type * as Relay from "@/lib/events/relay";
import type * as Notifier from "./notifier";
import type * as Deliver from "./deliver";
import type * as Mutations from "./mutations";
import type * as Queries from "./queries";

// The notifier end to end on the real broker and database: requests decided through the access
// code → events through the outbox and the topic → in-app rows, emails received by a real SMTP
// server (smtp-server) with the right recipients, a webhook received and verified by a test
// receiver (retried after a 500). A second notifier in a new consumer group re-reads every event
// and adds nothing: dedupe by (event, recipient).
const STAMP = Date.now();
const TOPIC = `meshport.notify-it-${STAMP}.events`;

let m: {
  access: typeof Access;
  relay: typeof Relay;
  notifier: typeof Notifier;
  deliver: typeof Deliver;
  mutations: typeof Mutations;
  queries: typeof Queries;
};
let database: Awaited<ReturnType<typeof openOwnDatabase>>;
let mailbox: Mailbox;
let receiver: WebhookReceiver;
let admin: Admin;
let producer: Producer;
let relaying = true;
let relayLoop: Promise<void>;
let alice: CurrentUser;
let bob: CurrentUser;
let priya: CurrentUser;
let portIds: string[] = [];

beforeAll(async () => {
  mailbox = await startMailbox({ dir: path.join(tmpdir(), `meshport-mail-${STAMP}`) });
  receiver = await startWebhookReceiver();
  setEnv({
    KAFKA_BROKERS: inject("kafkaBrokers"),
    MESHPORT_EVENTS_TOPIC: TOPIC,
    SMTP_URL: mailbox.url,
    MESHPORT_PUBLIC_URL: "http://portal.test:3000",
    MESHPORT_WEBHOOK_ALLOW_PRIVATE: "1",
    MESHPORT_WEBHOOK_FIRST_RETRY_MS: "200",
  });
  m = {
    access: await import("@/lib/access/mutations"),
    relay: await import("@/lib/events/relay"),
    notifier: await import("./notifier"),
    deliver: await import("./deliver"),
    mutations: await import("./mutations"),
    queries: await import("./queries"),
  };
  database = await openOwnDatabase("meshport_it_notify");
  await seedDemoMesh(database.prisma, { kafkaServer: `kafka://${inject("kafkaBrokers")}` });
  const user = async (email: string) => (await findCurrentUser(database.prisma, { email }))!;
  alice = await user("alice@meshport.dev");
  bob = await user("bob@meshport.dev");
  priya = await user("priya@meshport.dev");
  const kafka = createKafka(env(), { retries: 8 });
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic: TOPIC, numPartitions: 2, replicationFactor: 1 }],
  });
  await waitForTopics(admin, [TOPIC]);
  producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  // The portal's relay, as background.ts runs it: the outbox onto the topic.
  relayLoop = (async () => {
    while (relaying) {
      const n = await m.relay.relayOutboxBatch(database.prisma, producer).catch(() => 0);
      if (n === 0) await new Promise((r) => setTimeout(r, 100));
    }
  })();
  // Four live Kafka ports of an orders product: bob's team asks for each.
  const ports = await database.prisma.outputPort.findMany({
    where: { type: "KAFKA_TOPIC", product: { ownerTeam: { slug: "orders" }, lifecycle: "ACTIVE" } },
    orderBy: { address: "asc" },
  });
  portIds = ports.slice(0, 4).map((p) => p.id);
  expect(portIds.length).toBe(4);
}, 120_000);

afterAll(async () => {
  relaying = false;
  await relayLoop;
  await producer?.disconnect();
  await admin?.deleteTopics({ topics: [TOPIC] }).catch(() => undefined);
  await admin?.disconnect();
  await mailbox?.stop();
  await receiver?.stop();
  await database?.drop();
});

const request = (portId: string, purpose: string) =>
  m.access.createAccessRequest(database.prisma, bob, {
    portId,
    teamSlug: "marketing-analytics",
    purpose,
    justification: "",
  });

const notificationsOf = (userId: string, kind?: string) =>
  database.prisma.notification.findMany({
    where: { userId, ...(kind ? { kind } : {}) },
    orderBy: { createdAt: "asc" },
  });

it(
  "tells owners, requesters and webhooks, once each, by every channel; a restart re-reads and adds nothing",
  { timeout: 180_000 },
  async () => {
    // The orders team's webhook for new requests; the receiver fails the first delivery with a 500.
    const hook = await m.mutations.createWebhook(database.prisma, alice, "orders", {
      url: receiver.url,
      description: "CI",
      kinds: ["access.request_new"],
    });
    receiver.secret = hook.secret;
    receiver.answer = (_hook, index) => (index === 0 ? 500 : 204);
    // bob watches nothing; priya (orders member) turns email off for new requests.
    await m.mutations.saveNotificationSettings(database.prisma, priya, {
      kinds: { "access.request_new": { inApp: true, email: false } },
    });

    // Committed before the notifier's first start on this database: history, told to nobody.
    const r0 = await request(portIds[3]!, "Before the notifier");

    const first = new m.notifier.Notifier({
      prisma: database.prisma,
      groupId: `meshport.notify-it-${STAMP}-a`,
      mailer: m.deliver.createMailer(mailbox.url),
      idleMs: 100,
    });
    await first.start();
    try {
      const r1 = await request(portIds[0]!, "Campaign attribution");
      const r2 = await request(portIds[1]!, "Churn model");

      // In the portal: each orders member once per request; never bob (he filed them).
      const orders = await database.prisma.teamMembership.findMany({ where: { team: { slug: "orders" } } });
      expect(orders.length).toBeGreaterThanOrEqual(2);
      for (const member of orders) {
        const rows = await poll(
          () => notificationsOf(member.userId, "access.request_new"),
          (r) => r.length >= 2,
          30_000,
          100,
        );
        expect(rows.map((r) => r.link).sort()).toEqual(
          [`/access/requests/${r1.id}`, `/access/requests/${r2.id}`].sort(),
        );
        expect(rows[0]!.title).toMatch(/Marketing Analytics requests access to/);
      }
      expect(await notificationsOf(bob.id)).toEqual([]);

      // By email: alice twice (priya chose no email), to her address, with a link into the portal.
      await mailbox.waitFor((all) => all.filter((x) => x.to.includes(alice.email)).length >= 2);
      const toAlice = mailbox.messages.filter((x) => x.to.includes(alice.email));
      const parsedAll = await Promise.all(toAlice.map((x) => simpleParser(x.raw)));
      for (const mail of parsedAll)
        expect(mail.subject).toMatch(/^\[Meshport\] Marketing Analytics requests access to /);
      const parsed = parsedAll[0]!;
      expect(parsed.text).toMatch(/Open: http:\/\/portal\.test:3000\/access\/requests\/[0-9a-f-]{36}/);
      expect(parsed.html).toContain('href="http://portal.test:3000/access/requests/');
      expect(parsed.messageId).toMatch(/^<[0-9a-f-]{36}\.[0-9a-f-]{36}@meshport>$/);
      expect(mailbox.messages.some((x) => x.to.includes(priya.email))).toBe(false);

      // By webhook: both events arrive verified; the one answered 500 came again with the same id.
      await receiver.waitFor((all) => all.filter((h) => h.answered === 204).length >= 2);
      expect(receiver.received.every((h) => h.verified)).toBe(true);
      expect(receiver.received[0]!.answered).toBe(500);
      const retried = receiver.received.filter((h) => h.id === receiver.received[0]!.id);
      expect(retried.map((h) => h.answered)).toEqual([500, 204]);
      expect(new Set(receiver.received.filter((h) => h.answered === 204).map((h) => h.body!.type))).toEqual(
        new Set(["dev.meshport.access_request.created"]),
      );
      // The receiver has its 204 before the notifier records it: wait for the record.
      const logged = await poll(
        async () =>
          (await m.queries.listDeliveries(database.prisma, alice, "orders", hook.id, 10)).items.find(
            (d) => d.id === receiver.received[0]!.id,
          ),
        (d) => d?.status === "DELIVERED",
        15_000,
        50,
      );
      expect(logged!.status).toBe("DELIVERED");
      expect(logged!.log.map((a) => a.statusCode)).toEqual([500, 204]);

      // Decisions reach the requester: approval (then the grant going active), denial with its reason.
      await m.access.decideAccessRequest(database.prisma, alice, r1.id, "approve");
      await m.access.decideAccessRequest(database.prisma, alice, r2.id, "deny", "Use the aggregate instead");
      const bobs = await poll(
        () => notificationsOf(bob.id),
        (r) =>
          r.filter((n) => n.kind === "access.decision").length >= 2 &&
          r.some((n) => n.kind === "access.grant_active"),
        30_000,
        100,
      );
      const denied = bobs.find((n) => n.title.includes("denied"))!;
      expect(denied.body).toContain("Use the aggregate instead");
      expect(denied.link).toBe(`/access/requests/${r2.id}`);
      // The owners hear of their new consumer; alice, who approved, not of her own decision.
      const newConsumer = await poll(
        () => notificationsOf(priya.id, "access.new_consumer"),
        (r) => r.length >= 1,
        30_000,
        100,
      );
      expect(newConsumer[0]!.title).toContain("Marketing Analytics");
      expect((await notificationsOf(alice.id)).some((n) => n.kind === "access.decision")).toBe(false);
      await mailbox.waitFor((all) => all.filter((x) => x.to.includes(bob.email)).length >= 3);
    } finally {
      await first.stop();
    }

    const counts = async () => ({
      notifications: await database.prisma.notification.count(),
      emails: await database.prisma.emailDelivery.count(),
      webhooks: await database.prisma.webhookDelivery.count(),
    });
    const before = await counts();
    const mailsBefore = mailbox.messages.length;
    const hooksBefore = receiver.received.length;

    // Its position forgotten, a notifier reads the whole topic again: nothing is written twice.
    await database.prisma.notifierOffset.deleteMany();
    const second = new m.notifier.Notifier({
      prisma: database.prisma,
      groupId: `meshport.notify-it-${STAMP}-b`,
      mailer: m.deliver.createMailer(mailbox.url),
      idleMs: 100,
    });
    await second.start();
    try {
      // The sentinel: a third request, after everything above. Once it is notified and mailed,
      // the re-read of the earlier events is behind us.
      const r3 = await request(portIds[2]!, "Sentinel");
      await poll(
        () => notificationsOf(alice.id, "access.request_new"),
        (r) => r.some((n) => n.link.endsWith(r3.id)),
        30_000,
        100,
      );
      const members = await database.prisma.teamMembership.count({ where: { team: { slug: "orders" } } });
      await mailbox.waitFor((all) => all.length >= mailsBefore + members - 1);
      await receiver.waitFor((all) => all.length >= hooksBefore + 1);
      // It re-read every event the first one did, and the sentinel.
      expect(second.stats.events).toBeGreaterThanOrEqual(first.stats.events + 1);
    } finally {
      await second.stop();
    }
    const after = await counts();
    const orders = await database.prisma.teamMembership.count({ where: { team: { slug: "orders" } } });
    // Exactly the sentinel's rows were added: one notification per orders member, one email per
    // member but priya (no email for requests), one webhook delivery — and as many messages more
    // in the mailbox and at the receiver.
    expect(after).toEqual({
      notifications: before.notifications + orders,
      emails: before.emails + orders - 1,
      webhooks: before.webhooks + 1,
    });
    expect(mailbox.messages.length).toBe(mailsBefore + orders - 1);
    expect(receiver.received.length).toBe(hooksBefore + 1);
    // The request filed before the notifier's first start told nobody.
    expect(second.stats.skipped).toBeGreaterThan(0);
    expect(await database.prisma.notification.count({ where: { link: `/access/requests/${r0.id}` } })).toBe(
      0,
    );
  },
);

it("keeps mail while the SMTP server is down and sends it once it is back", { timeout: 60_000 }, async () => {
  const event = "6f1d7a52-0b43-4a7e-9d55-000000000001";
  await database.prisma.emailDelivery.create({
    data: {
      eventId: event,
      userId: alice.id,
      to: alice.email,
      subject: "[Meshport] Outage test",
      text: "t",
      html: "<p>t</p>",
    },
  });
  const down = await startMailbox({ dir: path.join(tmpdir(), `meshport-mail-down-${STAMP}`) });
  const port = down.port;
  await down.stop();
  // Nothing listens: the delivery waits for a retry, with the error noted.
  const mailer = m.deliver.createMailer(`smtp://127.0.0.1:${port}`)!;
  expect(await m.deliver.deliverEmails(database.prisma, mailer)).toBe(0);
  const waiting = await database.prisma.emailDelivery.findUniqueOrThrow({
    where: { eventId_userId: { eventId: event, userId: alice.id } },
  });
  expect(waiting.status).toBe("PENDING");
  expect(waiting.attempts).toBe(1);
  expect(waiting.lastError).toMatch(/ECONNREFUSED|connect/i);
  expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
  // The server is back on the same port; at the retry time the message goes out, once.
  const back = await startMailbox({ dir: path.join(tmpdir(), `meshport-mail-back-${STAMP}`), port });
  try {
    const retryAt = new Date(waiting.nextAttemptAt.getTime() + 1);
    expect(await m.deliver.deliverEmails(database.prisma, mailer, { now: retryAt })).toBe(1);
    expect(await m.deliver.deliverEmails(database.prisma, mailer, { now: retryAt })).toBe(0);
    expect(back.messages).toHaveLength(1);
    expect(back.messages[0]!.messageId).toBe(`<${event}.${alice.id}@meshport>`);
  } finally {
    mailer.close();
    await back.stop();
  }
});

it(
  "gives up on a 4xx, and turns a failing webhook off and tells the team's owners",
  { timeout: 60_000 },
  async () => {
    const failing = await startWebhookReceiver();
    try {
      failing.answer = () => 410;
      const hook = await m.mutations.createWebhook(database.prisma, alice, "orders", {
        url: failing.url,
        description: "gone",
        kinds: ["access.request_new"],
      });
      failing.secret = hook.secret;
      // bob (not an owner of orders) may neither manage nor see it.
      await expect(m.mutations.queueTestEvent(database.prisma, bob, "orders", hook.id)).rejects.toMatchObject(
        { status: 403 },
      );
      await expect(m.queries.listWebhooks(database.prisma, bob, "orders")).rejects.toMatchObject({
        status: 403,
      });
      // Three test events are sent once each: 410 is not retried.
      for (let i = 0; i < 3; i++) await m.mutations.queueTestEvent(database.prisma, alice, "orders", hook.id);
      await m.deliver.deliverWebhooks(database.prisma, { maxFailures: 2, allowPrivate: true });
      const log = await m.queries.listDeliveries(database.prisma, alice, "orders", hook.id, 10);
      expect(log.items.map((d) => [d.status, d.attempts, d.lastStatusCode])).toEqual([
        ["FAILED", 1, 410],
        ["FAILED", 1, 410],
        ["FAILED", 1, 410],
      ]);
      expect(failing.received).toHaveLength(3);
      // Test events never turn a webhook off; real events failing in a row do.
      expect((await database.prisma.webhook.findUniqueOrThrow({ where: { id: hook.id } })).enabled).toBe(
        true,
      );
      const payload = {
        specversion: "1.0",
        id: "",
        type: "dev.meshport.access_request.created",
        source: "/meshport/catalog",
      };
      for (const id of ["7a0f8a4c-1d2e-4b6f-8c3a-000000000001", "7a0f8a4c-1d2e-4b6f-8c3a-000000000002"])
        await database.prisma.webhookDelivery.create({
          data: { webhookId: hook.id, eventId: id, kind: "access.request_new", payload: { ...payload, id } },
        });
      await m.deliver.deliverWebhooks(database.prisma, { maxFailures: 2, allowPrivate: true });
      const off = await database.prisma.webhook.findUniqueOrThrow({ where: { id: hook.id } });
      expect(off.enabled).toBe(false);
      expect(off.disabledReason).toMatch(/^2 failed attempts in a row \(last: answered 410/);
      const disabled = await database.prisma.outboxEvent.findMany({
        where: { type: "dev.meshport.webhook.disabled" },
      });
      expect(disabled.map((e) => (e.payload as { webhookId: string }).webhookId)).toEqual([hook.id]);
      // Through the stream, the owners of orders hear of it (alice is one; priya, a member, is not).
      const notifier = new m.notifier.Notifier({
        prisma: database.prisma,
        groupId: `meshport.notify-it-${STAMP}-c`,
        mailer: null,
        idleMs: 100,
      });
      await notifier.start();
      try {
        const told = await poll(
          () => notificationsOf(alice.id, "team.webhook_disabled"),
          (r) => r.length === 1,
          30_000,
          100,
        );
        expect(told[0]!.link).toBe("/teams/orders/webhooks");
        expect(await notificationsOf(priya.id, "team.webhook_disabled")).toEqual([]);
      } finally {
        await notifier.stop();
      }
      // Turned on again: the count starts over.
      const on = await m.mutations.updateWebhook(database.prisma, alice, "orders", hook.id, {
        enabled: true,
      });
      expect([on.enabled, on.consecutiveFailures]).toEqual([true, 0]);
    } finally {
      await failing.stop();
    }
  },
);

it("refuses webhook URLs on private addresses unless allowed, with a clear reason", async () => {
  setEnv({ MESHPORT_WEBHOOK_ALLOW_PRIVATE: "0" });
  try {
    await expect(
      m.mutations.createWebhook(database.prisma, alice, "orders", {
        url: "http://169.254.169.254/latest/meta-data",
        description: "",
        kinds: ["access.request_new"],
      }),
    ).rejects.toMatchObject({
      status: 422,
      message: expect.stringMatching(/^url: must not point at a private/),
    });
    // Marking someone else's notifications read marks nothing.
    const alices = await notificationsOf(alice.id);
    expect(alices.length).toBeGreaterThan(0);
    const r = await m.mutations.markNotificationsRead(database.prisma, bob, { ids: alices.map((n) => n.id) });
    expect(r.marked).toBe(0);
  } finally {
    setEnv({ MESHPORT_WEBHOOK_ALLOW_PRIVATE: "1" });
  }
});

it(
  "gathers a digest user's emails into one message at the day's digest time",
  { timeout: 60_000 },
  async () => {
    await m.mutations.saveNotificationSettings(database.prisma, priya, {
      emailDigest: true,
      kinds: { "access.request_new": { inApp: true, email: true } },
    });
    const { dispatchEvent } = await import("./dispatch");
    const r = await database.prisma.accessRequest.findFirstOrThrow({ where: { requesterId: bob.id } });
    const now = new Date("2026-12-02T10:00:00Z");
    for (const id of ["5b6c7d8e-0000-4000-8000-000000000001", "5b6c7d8e-0000-4000-8000-000000000002"]) {
      const raw = {
        specversion: "1.0",
        id,
        source: "/meshport/catalog",
        type: "dev.meshport.access_request.created",
      };
      await dispatchEvent(
        database.prisma,
        {
          id,
          action: "access_request.created",
          time: now.toISOString(),
          subject: null,
          data: { requestId: r.id, actorId: bob.id },
        },
        raw,
        { now, emailEnabled: true, baseUrl: "http://portal.test" },
      );
    }
    const waiting = await database.prisma.emailDelivery.findMany({
      where: { userId: priya.id, digest: true },
    });
    expect(waiting).toHaveLength(2);
    expect(waiting.every((w) => w.nextAttemptAt.toISOString() === "2026-12-03T08:00:00.000Z")).toBe(true);
    const digestBox = await startMailbox({ dir: path.join(tmpdir(), `meshport-digest-${STAMP}`) });
    const mailer = m.deliver.createMailer(digestBox.url)!;
    try {
      // Not before its time (alice, who takes each email as it comes, has hers at once); then one
      // message with both.
      await m.deliver.deliverEmails(database.prisma, mailer, { now });
      expect(digestBox.messages.filter((x) => x.to.includes(priya.email))).toEqual([]);
      expect(digestBox.messages.filter((x) => x.to.includes(alice.email))).toHaveLength(2);
      const at = new Date("2026-12-03T08:00:00Z");
      await m.deliver.deliverEmails(database.prisma, mailer, { now: at, baseUrl: "http://portal.test" });
      const toPriya = digestBox.messages.filter((x) => x.to.includes(priya.email));
      expect(toPriya).toHaveLength(1);
      const parsed = await simpleParser(toPriya[0]!.raw);
      expect(parsed.subject).toBe("[Meshport] Your digest for 2026-12-03: 2 notifications");
      expect(parsed.text).toContain("Marketing Analytics requests access to");
    } finally {
      mailer.close();
      await digestBox.stop();
      await m.mutations.saveNotificationSettings(database.prisma, priya, { emailDigest: false });
    }
  },
);
