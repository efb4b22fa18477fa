import type { ChildProcess } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { findCurrentUser } from "@/lib/auth/find-user";
import type { CurrentUser } from "@/lib/auth/types";
import { env, setEnv } from "@/lib/core/env";
import { seedDemoMesh } from "@/lib/demo/seed";
import { createKafka, type Admin } from "@/lib/kafka/client-config";
import { waitForTopics } from "@/lib/kafka/topics";
import { startMailbox, type Mailbox } from "@/scripts/lib/mailbox";
import { openOwnDatabase } from "@/scripts/test-support/database";
import { poll } from "@/scripts/test-support/kafka-consume";
import { startWebhookReceiver, type WebhookReceiver } from "@/scripts/test-support/webhook-receiver";
import { exited, ready, startWorker } from "@/scripts/test-support/worker";
import type * as Access from "@/lib/access/mutations";
import type * as Mutations from "./mutations";

// Chaos: while this process decides 200 access requests, the process running the portal's
// background work (outbox relay, notifier, deliveries) is SIGKILLed at random points and
// restarted. Afterwards every expected notification exists exactly once per recipient in the
// portal, every expected email reached the SMTP server and every webhook the receiver — each
// under its own Message-ID / webhook-id (a kill between sending and recording may send one again
// with the same id; the test counts those and prints them).
const STAMP = Date.now();
const TOPIC = `meshport.notify-chaos-${STAMP}.events`;
const REQUESTS = 200;
const PORTS = 40;

let database: Awaited<ReturnType<typeof openOwnDatabase>>;
let mailbox: Mailbox;
let receiver: WebhookReceiver;
let admin: Admin;
let alice: CurrentUser;
let m: { access: typeof Access; mutations: typeof Mutations };
const targets: { portId: string; teamSlug: string; requester: CurrentUser }[] = [];
const requests: { id: string; requesterId: string }[] = [];

beforeAll(async () => {
  mailbox = await startMailbox({ dir: path.join(tmpdir(), `meshport-chaos-mail-${STAMP}`) });
  receiver = await startWebhookReceiver();
  setEnv({
    KAFKA_BROKERS: inject("kafkaBrokers"),
    MESHPORT_EVENTS_TOPIC: TOPIC,
    MESHPORT_WEBHOOK_ALLOW_PRIVATE: "1",
  });
  m = { access: await import("@/lib/access/mutations"), mutations: await import("./mutations") };
  database = await openOwnDatabase("meshport_it_notify_chaos");
  await seedDemoMesh(database.prisma, { kafkaServer: `kafka://${inject("kafkaBrokers")}` });
  admin = createKafka(env(), { retries: 8 }).admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic: TOPIC, numPartitions: 3, replicationFactor: 1 }],
  });
  await waitForTopics(admin, [TOPIC]);
  alice = (await findCurrentUser(database.prisma, { email: "alice@meshport.dev" }))!;
  const hook = await m.mutations.createWebhook(database.prisma, alice, "orders", {
    url: receiver.url,
    description: "chaos",
    kinds: ["access.request_new"],
  });
  receiver.secret = hook.secret;
  // Ports of orders products; a request from each other team's member for each, up to 200.
  const products = await database.prisma.dataProduct.findMany({
    where: { ownerTeam: { slug: "orders" }, lifecycle: "ACTIVE" },
    orderBy: { slug: "asc" },
  });
  const requesters = await database.prisma.teamMembership.findMany({
    where: { team: { slug: { not: "orders" } } },
    distinct: ["teamId"],
    include: { team: true },
  });
  for (let i = 0; i < PORTS && targets.length < REQUESTS; i++) {
    const port = await database.prisma.outputPort.create({
      data: {
        productId: products[i % products.length]!.id,
        name: `chaos-${i}`,
        type: "KAFKA_TOPIC",
        address: `orders.notify-chaos-${STAMP}-${i}.v1`,
      },
    });
    for (const r of requesters) {
      if (targets.length >= REQUESTS) break;
      targets.push({
        portId: port.id,
        teamSlug: r.team.slug,
        requester: (await findCurrentUser(database.prisma, { id: r.userId }))!,
      });
    }
  }
  expect(targets).toHaveLength(REQUESTS);
}, 180_000);

let current: ChildProcess | undefined;

afterAll(async () => {
  if (current) {
    current.kill("SIGKILL");
    await exited(current);
  }
  await admin?.deleteTopics({ topics: [TOPIC] }).catch(() => undefined);
  await admin?.disconnect();
  await mailbox?.stop();
  await receiver?.stop();
  await database?.drop();
});

function worker(): ChildProcess {
  return startWorker("scripts/test-support/notify-chaos-worker.ts", {
    DATABASE_URL: database.url,
    KAFKA_BROKERS: inject("kafkaBrokers"),
    MESHPORT_EVENTS_TOPIC: TOPIC,
    MESHPORT_NOTIFIER_GROUP: `meshport.notify-chaos-${STAMP}`,
    SMTP_URL: mailbox.url,
    MESHPORT_WEBHOOK_ALLOW_PRIVATE: "1",
    MESHPORT_DEMO: "0",
    MESHPORT_MONITOR: "0",
    MESHPORT_LEASE_SECONDS: "2",
  });
}

it(
  "delivers every notification once per recipient and channel while the notifier is killed",
  { timeout: 300_000 },
  async () => {
    // What must exist: per request, the owners of orders hear of it (in the portal and by email)
    // and the orders webhook gets it; the requester hears the decision (both channels); per
    // approval, the requester hears the grant is active (both) and the owners but alice (who
    // approved) of the new consumer (in the portal; no email by default).
    const owners = await database.prisma.teamMembership.findMany({ where: { team: { slug: "orders" } } });
    const approvals = Math.ceil(REQUESTS / 4);
    const expectedInApp = REQUESTS * owners.length + REQUESTS + approvals + approvals * (owners.length - 1);
    const expectedEmails = REQUESTS * owners.length + REQUESTS + approvals;

    // The notifier's first start on this database: what happens from here on is told.
    current = worker();
    await ready(current);
    await poll(
      () => database.prisma.notifierState.count(),
      (n) => n === 1,
      60_000,
      100,
    );

    // The requests and decisions, here, a few a second; one in four approved (a grant, provisioned
    // on the broker), the rest denied with a reason.
    let decided = 0;
    const deciding = (async () => {
      for (const t of targets) {
        const made = await m.access.createAccessRequest(database.prisma, t.requester, {
          portId: t.portId,
          teamSlug: t.teamSlug,
          purpose: `chaos ${requests.length}`,
          justification: "",
        });
        requests.push({ id: made.id, requesterId: t.requester.id });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      for (const [i, r] of requests.entries()) {
        if (i % 4 === 0) await m.access.decideAccessRequest(database.prisma, alice, r.id, "approve");
        else await m.access.decideAccessRequest(database.prisma, alice, r.id, "deny", `Not now (${i})`);
        decided++;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    // Kill the background process at random points; count the kills that hit it with work left.
    let kills = 0;
    let killsMidWork = 0;
    while (kills < 40 && (decided < REQUESTS || killsMidWork < 3)) {
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 2000));
      const done = await database.prisma.notification.count();
      current.kill("SIGKILL");
      await exited(current);
      kills++;
      if (done > 0 && done < expectedInApp) killsMidWork++;
      current = worker();
      await ready(current);
    }
    await deciding;
    expect(killsMidWork).toBeGreaterThanOrEqual(3);

    // The last worker is left running until everything is out, the outbox too: a relay killed
    // between producing a batch and marking it published leaves it claimed for 30 s, after
    // which the last worker publishes it again (the notifier dedupes by event id).
    const state = async () => ({
      inApp: await database.prisma.notification.count(),
      emails: await database.prisma.emailDelivery.count({ where: { status: "DELIVERED" } }),
      webhooks: await database.prisma.webhookDelivery.count({ where: { status: "DELIVERED" } }),
      unpublished: await database.prisma.outboxEvent.count({ where: { publishedAt: null } }),
    });
    let last = await state();
    const deadline = Date.now() + 120_000;
    while (
      !(
        last.inApp >= expectedInApp &&
        last.emails >= expectedEmails &&
        last.webhooks >= REQUESTS &&
        last.unpublished === 0
      ) &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 500));
      last = await state();
    }
    expect(last, `after ${kills} kills`).toEqual({
      inApp: expectedInApp,
      emails: expectedEmails,
      webhooks: REQUESTS,
      unpublished: 0,
    });

    // In the portal: one decision per requester and request (unique per event and recipient).
    for (const r of requests) {
      const toRequester = await database.prisma.notification.count({
        where: { userId: r.requesterId, link: `/access/requests/${r.id}` },
      });
      expect(toRequester, r.id).toBe(1);
    }
    // Email and webhooks: every expected one arrived; a repeat only ever under the same id.
    const rows = await database.prisma.emailDelivery.findMany({ select: { eventId: true, userId: true } });
    expect(rows).toHaveLength(expectedEmails);
    const expectedIds = new Set(rows.map((r) => `<${r.eventId}.${r.userId}@meshport>`));
    const receivedIds = mailbox.messages.map((x) => x.messageId);
    expect(new Set(receivedIds)).toEqual(expectedIds);
    const hookIds = receiver.received.filter((h) => h.answered === 204).map((h) => h.id);
    const deliveries = await database.prisma.webhookDelivery.findMany({ select: { id: true } });
    expect(deliveries).toHaveLength(REQUESTS);
    expect(new Set(hookIds)).toEqual(new Set(deliveries.map((d) => d.id)));
    expect(receiver.received.every((h) => h.verified)).toBe(true);
    console.info(
      `[notify chaos] ${kills} kills (${killsMidWork} with notifications still to write); ${expectedInApp} in-app, ` +
        `${expectedEmails} emails (${receivedIds.length - expectedIds.size} sent again under the same Message-ID), ` +
        `${REQUESTS} webhooks (${hookIds.length - deliveries.length} sent again under the same webhook-id)`,
    );
  },
);
