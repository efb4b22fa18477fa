/**
 * npm run chaos — the fault test of issue 17: a Kafka cluster of three brokers and two portal
 * instances (`next start`, one PostgreSQL database) behind a round-robin balancer (the API calls:
 * the client side of one, retrying what a dropped connection lost; the live-tail viewers: the real
 * one `npm run demo -- --instances` runs). While people file, decide and revoke 300 times through
 * the API, publish products, and 50 viewers watch a live tail, it SIGKILLs the broker leading the portal's events topic, then the portal instance holding
 * the outbox relay's lease, and restarts both. Then it checks what must hold and prints it:
 * - every approved request has an active grant whose ACLs the cluster shows (and a revoked one none);
 * - every committed outbox event is on the events topic (duplicates allowed, none missing);
 * - every viewer resumed (on the other instance) with Last-Event-ID and no gap;
 * - every notification exists once per event and recipient, none missing; every email arrived;
 * - each lease the dead instance held moved to the other within 15 s;
 * - every published product's topic exists with three replicas.
 * Exits non-zero when any does not. Needs a production build (`npx next build`; npm test makes one).
 * Options: --decisions N (requests filed = 2/3 of N), --viewers N, --keep (leave the database).
 */
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { findCurrentUser } from "@/lib/auth/find-user";
import type { TokenScope } from "@/lib/auth/scopes";
import { createApiToken } from "@/lib/auth/tokens";
import type { CurrentUser } from "@/lib/auth/types";
import { setEnv } from "@/lib/core/env";
import { sleep } from "@/lib/core/time";
import { openDatabase } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { PORTAL_PRINCIPAL } from "@/lib/demo/teams";
import { seedDemoMesh } from "@/lib/demo/seed";
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  localKafka,
  ResourcePatternTypes,
  type Admin,
} from "@/lib/kafka/client-config";
import { waitForTopics } from "@/lib/kafka/topics";
import { startKafkaCluster, type KafkaClusterHandle } from "./lib/kafka-broker";
import { startMailbox } from "./lib/mailbox";
import { createScratchDatabase, dropDatabase, ensurePostgres } from "./lib/postgres";
import { PortalInstances } from "./test-support/portal-instances";
import { ResumingViewer } from "./test-support/resuming-viewer";
import { startBalancer, type Balancer } from "./lib/balancer";
import { poll } from "./test-support/kafka-consume";
import { percentile } from "./bench/stats";

const { values: args } = parseArgs({
  options: {
    decisions: { type: "string", default: "300" },
    viewers: { type: "string", default: "50" },
    keep: { type: "boolean", default: false },
  },
});
const DECISIONS = Number(args.decisions);
const VIEWERS = Number(args.viewers);
// A third of the operations are revocations of approved grants; the rest decide requests.
const REQUESTS = Math.round((DECISIONS * 2) / 3);
const REVOCATIONS = DECISIONS - REQUESTS;
const PUBLISHES = 6;
// Ports clear of the other runs: integration 19292, e2e 19392/3100, bench 19592, cluster test 19700.
const KAFKA_PORT = 19_800;
const PORTAL_PORTS = [3201, 3202];
const EVENTS_TOPIC = "meshport.catalog.events";
const TAIL_TOPIC = "orders.fault-tail.v1";
const TAIL_RATE = 20;
const LEASE_MOVE_LIMIT_MS = 15_000;
/** A lease given up on SIGTERM is taken at the other instance's next renewal (every 2.5 s). */
const SIGTERM_TAKEOVER_LIMIT_MS = 6000;

const t0 = Date.now();
const stamp = () => `${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s`;
const say = (line: string) => console.log(`${stamp()}  ${line}`);
const failures: string[] = [];
function check(ok: boolean, what: string): void {
  console.log(`  ${ok ? "\x1b[32m✔\x1b[0m" : "\x1b[31m✘\x1b[0m"} ${what}`);
  if (!ok) failures.push(what);
}

async function main(): Promise<void> {
  if (!existsSync(path.join(".next", "BUILD_ID")))
    throw new Error("No production build: run `npx next build` first (npm test does).");
  await ensurePostgres();
  say("starting a 3-broker Kafka cluster and a scratch database");
  const dataDir = path.resolve(".cache/kafka-chaos");
  const clusterHandles: KafkaClusterHandle[] = [];
  let cluster = await startKafkaCluster({ dataDir, port: KAFKA_PORT, brokers: 3, fresh: true });
  clusterHandles.push(cluster);
  const scratch = await createScratchDatabase("meshport_chaos");
  const mailbox = await startMailbox({ dir: path.join(tmpdir(), `meshport-chaos-mail-${t0}`) });
  setEnv({
    DATABASE_URL: scratch.url,
    KAFKA_BROKERS: cluster.brokers,
    KAFKA_SASL_PASSWORD: PORTAL_PRINCIPAL.password,
    MESHPORT_EVENTS_TOPIC: EVENTS_TOPIC,
  });
  const database = await openDatabase({ url: scratch.url });
  const prisma = database.prisma;
  const kafka = localKafka(cluster.brokers, PORTAL_PRINCIPAL.username, PORTAL_PRINCIPAL.password, {
    clientId: "meshport-chaos",
    retries: 10,
    tune: { connectionTimeout: 3000, requestTimeout: 15_000 },
  });
  const admin: Admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const portals = new PortalInstances(
    PORTAL_PORTS,
    {
      DATABASE_URL: scratch.url,
      KAFKA_BROKERS: cluster.brokers,
      KAFKA_SASL_USERNAME: PORTAL_PRINCIPAL.username,
      KAFKA_SASL_PASSWORD: PORTAL_PRINCIPAL.password,
      NEXTAUTH_SECRET: "chaos-test-secret-of-the-fault-run",
      MESHPORT_EVENTS_TOPIC: EVENTS_TOPIC,
      SMTP_URL: mailbox.url,
      MESHPORT_TAIL_STREAMS_PER_USER: String(VIEWERS + 10),
      NEXT_TELEMETRY_DISABLED: "1",
    },
    (line) => say(line),
  );
  const viewers: ResumingViewer[] = [];
  let balancer: Balancer | undefined;
  let producing = false;
  let producerLoop: Promise<void> = Promise.resolve();
  try {
    await database.withSession((s) => applyMigrations(s));
    await seedDemoMesh(prisma, { kafkaServer: `kafka://${cluster.brokers}` });
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: EVENTS_TOPIC, numPartitions: 3 },
        { topic: TAIL_TOPIC, numPartitions: 3 },
      ],
    });
    await waitForTopics(admin, [EVENTS_TOPIC, TAIL_TOPIC]);
    // A consumer group before any fault: the offsets topic (three replicas) exists.
    const warm = kafka.consumer({ groupId: `meshport-chaos-warm-${t0}` });
    await warm.connect();
    await warm.disconnect();

    // People and their tokens; ports to request (on orders' products), drafts to publish, the tailed port.
    const alice = (await findCurrentUser(prisma, { email: "alice@meshport.dev" }))!;
    const token = async (user: CurrentUser, scopes: TokenScope[]) =>
      (await createApiToken(prisma, user, { name: "chaos", expiresInDays: 1, scopes })).token;
    const aliceToken = await token(alice, ["read", "access:decide", "catalog:publish"]);
    const orders = await prisma.team.findUniqueOrThrow({
      where: { slug: "orders" },
      include: { memberships: true },
    });
    const requesterRows = await prisma.teamMembership.findMany({
      where: {
        team: { slug: { not: "orders" } },
        userId: { notIn: orders.memberships.map((m) => m.userId) },
      },
      distinct: ["teamId"],
      include: { team: true },
    });
    const requesters = await Promise.all(
      requesterRows.map(async (r) => {
        const user = (await findCurrentUser(prisma, { id: r.userId }))!;
        return { user, team: r.team.slug, token: await token(user, ["read", "access:request"]) };
      }),
    );
    const products = await prisma.dataProduct.findMany({
      where: { ownerTeamId: orders.id, lifecycle: "ACTIVE" },
      orderBy: { slug: "asc" },
    });
    const targets: { portId: string; requester: (typeof requesters)[number] }[] = [];
    for (let i = 0; targets.length < REQUESTS; i++) {
      const port = await prisma.outputPort.create({
        data: {
          productId: products[i % products.length]!.id,
          name: `fault-${i}`,
          type: "KAFKA_TOPIC",
          address: `orders.fault-${i}.v1`,
        },
      });
      for (const r of requesters)
        if (targets.length < REQUESTS) targets.push({ portId: port.id, requester: r });
    }
    // The requested ports' topics exist on the cluster, as they would.
    const faultTopics = [
      ...new Set(
        (await prisma.outputPort.findMany({ where: { name: { startsWith: "fault-" } } })).map(
          (p) => p.address,
        ),
      ),
    ];
    await admin.createTopics({
      waitForLeaders: true,
      topics: faultTopics.map((topic) => ({ topic, numPartitions: 1 })),
    });
    const { createDraftKafkaProduct } = await import("./test-support/publishing");
    const drafts: string[] = [];
    for (let i = 0; i < PUBLISHES; i++)
      drafts.push(
        (
          await createDraftKafkaProduct(prisma, alice, {
            slug: `fault-published-${i}`,
            name: `Fault Published ${i}`,
            port: `fault-pub-${i}`,
            partitions: 3,
          })
        ).slug,
      );
    const tailPort = await prisma.outputPort.create({
      data: { productId: products[0]!.id, name: "fault-tail", type: "KAFKA_TOPIC", address: TAIL_TOPIC },
    });

    say(`starting ${PORTAL_PORTS.length} portal instances on ports ${PORTAL_PORTS.join(", ")}`);
    await Promise.all(PORTAL_PORTS.map((_, i) => portals.start(i)));
    // The viewers connect through a real balancer (the one `npm run demo -- --instances` runs).
    balancer = await startBalancer({
      port: 0,
      upstreams: portals.instances.map((p) => ({ name: p.name, url: p.url })),
    });
    // Every piece of background work under its lease, somewhere.
    const leaseNames = ["outbox-relay", "scheduler", "contract-monitor", "notifier", "usage-sampler"];
    await poll(
      () => prisma.backgroundLease.count({ where: { name: { in: leaseNames } } }),
      (n) => n === leaseNames.length,
      60_000,
    );
    await poll(
      () => prisma.notifierState.count(),
      (n) => n === 1,
      60_000,
    );
    const holderOf = (holder: string) =>
      portals.instances.find((p) => p.process?.pid !== undefined && holder.includes(`:${p.process.pid}:`))
        ?.name ?? holder;
    /** The instance holding the outbox relay's lease (the one to stop), and every lease it holds. */
    const relayHolder = async () => {
      const relay = await prisma.backgroundLease.findUniqueOrThrow({ where: { name: "outbox-relay" } });
      const index = portals.instances.findIndex((p) => holderOf(relay.holder) === p.name);
      if (index < 0) throw new Error(`no running instance holds the outbox relay's lease (${relay.holder})`);
      const instance = portals.instances[index]!;
      const pid = instance.process!.pid!;
      const held = (await prisma.backgroundLease.findMany()).filter((l) => l.holder.includes(`:${pid}:`));
      return { index, instance, pid, held };
    };
    const leases = await prisma.backgroundLease.findMany({ orderBy: { name: "asc" } });
    say(`leases: ${leases.map((l) => `${l.name} → ${holderOf(l.holder)}`).join(", ")}`);

    // The lease log: every change of holder, as the database shows it.
    const leaseLog: { at: number; name: string; holder: string }[] = leases.map((l) => ({
      at: Date.now(),
      name: l.name,
      holder: l.holder,
    }));
    let watchingLeases = true;
    const leaseWatch = (async () => {
      while (watchingLeases) {
        for (const l of await prisma.backgroundLease.findMany().catch(() => [])) {
          const last = leaseLog.filter((e) => e.name === l.name).at(-1);
          if (last?.holder !== l.holder) {
            leaseLog.push({ at: Date.now(), name: l.name, holder: l.holder });
            say(`lease ${l.name} → ${holderOf(l.holder)}`);
          }
        }
        await sleep(200);
      }
    })();

    // Live events on the tailed topic, TAIL_RATE a second, and the viewers (half on each instance).
    await producer.connect();
    producing = true;
    let produced = 0;
    let produceErrors = 0;
    producerLoop = (async () => {
      while (producing) {
        const n = produced;
        await producer
          .send({
            topic: TAIL_TOPIC,
            acks: -1,
            messages: [{ key: `k-${n % 17}`, value: JSON.stringify({ n, at: Date.now() }) }],
          })
          .then(
            () => produced++,
            () => produceErrors++,
          );
        await sleep(1000 / TAIL_RATE);
      }
    })();
    const tailPath = `/api/v1/ports/${tailPort.id}/tail?from=latest`;
    for (let i = 0; i < VIEWERS; i++) {
      const v = new ResumingViewer(
        portals,
        tailPath,
        aliceToken,
        portals.instances[i % portals.instances.length]!,
        balancer,
      );
      v.start();
      viewers.push(v);
    }
    await poll(
      async () => viewers.filter((v) => v.received > 0).length,
      (n) => n === VIEWERS,
      60_000,
    );
    say(`${VIEWERS} viewers receive live events`);

    // The workload, through the balancer. Calls that went to the killed instance and were
    // retried on the other are counted: the kill must hit the workload in flight.
    let instanceKilledAt: number | undefined;
    let retriedAfterKill = 0;
    const api = async (
      method: string,
      url: string,
      bearer: string,
      body?: unknown,
    ): Promise<{ status: number; json: Record<string, unknown>; retried: boolean }> => {
      const { response, retried } = await portals.fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${bearer}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (retried && instanceKilledAt !== undefined) retriedAfterKill++;
      const text = await response.text();
      return {
        status: response.status,
        json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        retried,
      };
    };
    const filed: { id: string; portId: string; team: string; approve: boolean }[] = [];
    let decided = 0;
    let revoked = 0;
    let published = 0;
    const unexpected: string[] = [];
    const workStart = Date.now();

    /** Runs `work` over 0..count-1 on `lanes` concurrent lanes (people working side by side). */
    const inLanes = async (lanes: number, count: number, work: (i: number) => Promise<void>) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: lanes }, async () => {
          while (next < count) await work(next++);
        }),
      );
    };
    let filingDone = false;
    const filing = inLanes(4, targets.length, async (i) => {
      const t = targets[i]!;
      const r = await api("POST", "/api/v1/access-requests", t.requester.token, {
        portId: t.portId,
        teamSlug: t.requester.team,
        purpose: `Fault test request ${i}`,
      });
      let id = r.json.id as string | undefined;
      if (r.status === 409 && r.retried) {
        // It reached an instance that died before answering: the request exists.
        id = (
          await prisma.accessRequest.findFirst({
            where: { portId: t.portId, team: { slug: t.requester.team } },
          })
        )?.id;
      } else if (r.status !== 201) unexpected.push(`file ${i}: ${r.status} ${JSON.stringify(r.json)}`);
      if (id) filed.push({ id, portId: t.portId, team: t.requester.team, approve: i % 4 !== 3 });
    }).finally(() => (filingDone = true));

    const approvedIds: string[] = [];
    const deciding = inLanes(3, REQUESTS, async (i) => {
      while (filed.length <= i) {
        if (filingDone && filed.length <= i) return;
        await sleep(50);
      }
      const f = filed[i]!;
      const r = f.approve
        ? await api("POST", `/api/v1/access-requests/${f.id}/approve`, aliceToken, {})
        : await api("POST", `/api/v1/access-requests/${f.id}/deny`, aliceToken, {
            reason: "Not for this purpose",
          });
      if (r.status !== 200 && !(r.status === 409 && r.retried))
        unexpected.push(`decide ${i}: ${r.status} ${JSON.stringify(r.json)}`);
      else if (f.approve) approvedIds.push(f.id);
      decided++;
    });
    let decidingDone = false;
    void deciding.finally(() => (decidingDone = true));

    const toRevoke: string[] = [];
    const revoking = inLanes(2, REVOCATIONS, async (i) => {
      const deadline = Date.now() + 120_000;
      for (;;) {
        if (Date.now() > deadline) {
          unexpected.push(`revoke ${i}: the grant of ${approvedIds[i] ?? "(none)"} never became revocable`);
          return;
        }
        if (approvedIds.length <= i) {
          if (decidingDone) return;
          await sleep(100);
          continue;
        }
        const grant = await prisma.grant.findFirst({ where: { requestId: approvedIds[i]! } });
        if (grant?.status === "FAILED") {
          unexpected.push(`grant ${grant.id} failed: ${grant.provisioningError ?? ""}`);
          return;
        }
        if (grant?.status !== "ACTIVE") {
          // Still provisioning (the broker may be down): the scheduler finishes it.
          await sleep(200);
          continue;
        }
        const r = await api("POST", `/api/v1/grants/${grant.id}/revoke`, aliceToken);
        if (r.status === 200 || r.status === 503 || (r.status === 409 && r.retried)) {
          toRevoke.push(grant.id);
          revoked++;
          return;
        }
        if (r.status !== 409) {
          unexpected.push(`revoke ${grant.id}: ${r.status} ${JSON.stringify(r.json)}`);
          return;
        }
        await sleep(200);
      }
    });

    const publishing = (async () => {
      for (const slug of drafts) {
        await sleep(4000);
        const r = await api("POST", `/api/v1/products/${slug}/lifecycle`, aliceToken, { to: "ACTIVE" });
        if (r.status !== 200 && !(r.status === 409 && r.retried))
          unexpected.push(`publish ${slug}: ${r.status} ${JSON.stringify(r.json)}`);
        published++;
      }
    })();

    // The faults: the broker leading the events topic's partition 0, then the instance holding the
    // outbox relay's lease; both restarted.
    const faults = (async () => {
      await poll(
        async () => decided,
        (n) => n >= REQUESTS * 0.1,
        300_000,
        100,
      );
      const [meta] = (await admin.fetchTopicMetadata({ topics: [EVENTS_TOPIC] })).topics;
      const leaderId = meta!.partitions.find((p) => p.partitionId === 0)!.leader;
      const victim = cluster.nodes[leaderId - 1]!;
      say(`SIGKILL broker ${leaderId} (leads ${EVENTS_TOPIC} partition 0), decisions so far ${decided}`);
      process.kill(victim.pid, "SIGKILL");
      const brokerKilledAt = Date.now();
      // The controller fences the dead broker and elects new leaders; writes flow again.
      const watcher = localKafka(
        cluster.nodes
          .filter((n) => n !== victim)
          .map((n) => n.brokers)
          .join(","),
        PORTAL_PRINCIPAL.username,
        PORTAL_PRINCIPAL.password,
        { clientId: "meshport-chaos-watch", retries: 10 },
      ).admin();
      await watcher.connect();
      await poll(
        async () =>
          (await watcher.fetchTopicMetadata({ topics: [EVENTS_TOPIC] })).topics[0]!.partitions.every(
            (p) => p.leader !== leaderId && p.leader >= 0,
          ),
        (done) => done,
        60_000,
        200,
      );
      await watcher.disconnect();
      const leaderMovedMs = Date.now() - brokerKilledAt;
      say(`${EVENTS_TOPIC} has new leaders ${(leaderMovedMs / 1000).toFixed(1)} s after the kill`);
      const flowing = produced;
      await poll(
        async () => produced,
        (n) => n >= flowing + TAIL_RATE,
        60_000,
        100,
      );

      const { index, instance: dead, pid: deadPid, held } = await relayHolder();
      say(`SIGKILL ${dead.name} (holds ${held.map((l) => l.name).join(", ")}), decisions so far ${decided}`);
      const decidedAtKill = decided;
      const revokedAtKill = revoked;
      await portals.kill(index);
      instanceKilledAt = Date.now();

      await sleep(5000);
      say(`restarting broker ${leaderId}`);
      cluster = await startKafkaCluster({ dataDir, port: KAFKA_PORT, brokers: 3 });
      clusterHandles.push(cluster);
      const moved = await poll(
        async () =>
          (await prisma.backgroundLease.findMany({ where: { name: { in: held.map((l) => l.name) } } })).every(
            (l) => !l.holder.includes(`:${deadPid}:`),
          ),
        (done) => done,
        60_000,
        200,
      );
      say(`restarting ${dead.name}${moved ? "" : " (its leases have not moved!)"}`);
      await portals.start(index);
      return {
        leaderId,
        brokerKilledAt,
        leaderMovedMs,
        dead: dead.name,
        deadPid,
        held: held.map((l) => l.name),
        instanceKilledAt,
        decidedAtKill,
        revokedAtKill,
      };
    })();

    const fault = await faults;
    await Promise.all([filing, deciding, revoking, publishing]);
    const workSeconds = (Date.now() - workStart) / 1000;
    say(
      `workload done in ${workSeconds.toFixed(1)} s: ${filed.length} filed, ${decided} decided, ${revoked} revoked, ${published} published`,
    );

    const settleStart = Date.now();
    // Stop producing; the viewers catch up to the end of each partition.
    producing = false;
    await producerLoop;
    const ends = new Map(
      (await admin.fetchTopicOffsets(TAIL_TOPIC)).map((p) => [p.partition, Number(p.high)] as const),
    );
    await poll(
      async () =>
        viewers.every((v) => [...ends].every(([p, end]) => (v.offsets.get(p)?.at(-1) ?? -1) >= end - 1)),
      (done) => done,
      60_000,
    );
    say(
      `viewers caught up with the ${[...ends.values()].reduce((a, b) => a + b, 0)} events of the tailed topic`,
    );

    // Convergence: the background work finishes what the faults interrupted.
    const keep = filed.filter((f) => f.approve).map((f) => f.id);
    const expectedActive = keep.length - toRevoke.length;
    let shown = Date.now();
    const settled = await poll(
      async () => {
        const state = {
          unpublished: await prisma.outboxEvent.count({ where: { publishedAt: null } }),
          active: await prisma.grant.count({ where: { requestId: { in: keep }, status: "ACTIVE" } }),
          revoked: await prisma.grant.count({ where: { id: { in: toRevoke }, status: "REVOKED" } }),
          pendingEmail: await prisma.emailDelivery.count({ where: { status: { not: "DELIVERED" } } }),
          portsProvisioning: await prisma.outputPort.count({
            where: { product: { slug: { in: drafts } }, state: { not: "ACTIVE" } },
          }),
        };
        if (Date.now() - shown > 15_000) {
          shown = Date.now();
          say(`settling: ${JSON.stringify(state)}`);
        }
        return state;
      },
      (s) =>
        s.unpublished === 0 &&
        s.active === expectedActive &&
        s.revoked === toRevoke.length &&
        s.pendingEmail === 0 &&
        s.portsProvisioning === 0,
      180_000,
      1000,
    );
    say(
      `settled ${((Date.now() - settleStart) / 1000).toFixed(1)} s after the workload: ${JSON.stringify(settled)}`,
    );
    for (const port of await prisma.outputPort.findMany({
      where: { product: { slug: { in: drafts } }, state: { not: "ACTIVE" } },
    }))
      say(`port ${port.address} is ${port.state}: ${port.provisioningError ?? "no error recorded"}`);
    for (const grant of await prisma.grant.findMany({
      where: {
        requestId: { in: filed.map((f) => f.id) },
        status: { in: ["PROVISIONING", "REVOKING", "FAILED"] },
      },
    }))
      say(`grant ${grant.id} is ${grant.status}: ${grant.provisioningError ?? "no error recorded"}`);

    // A clean stop (SIGTERM, as in a rolling deploy) gives the leases up: the other instance takes
    // them at its next renewal instead of waiting for them to lapse.
    const {
      index: stoppingIndex,
      instance: stopping,
      pid: stoppingPid,
      held: heldAtStop,
    } = await relayHolder();
    say(`SIGTERM ${stopping.name} (holds ${heldAtStop.map((l) => l.name).join(", ") || "nothing"})`);
    const stoppedAt = Date.now();
    const exited = portals.stop(stoppingIndex);
    const takenOver = await poll(
      async () =>
        (
          await prisma.backgroundLease.findMany({ where: { name: { in: heldAtStop.map((l) => l.name) } } })
        ).filter((l) => !l.holder.includes(`:${stoppingPid}:`)).length,
      (n) => n === heldAtStop.length,
      LEASE_MOVE_LIMIT_MS,
      100,
    );
    const takeoverMs = Date.now() - stoppedAt;
    await exited;
    watchingLeases = false;
    await leaseWatch;

    console.log("\n\x1b[1mWhat held\x1b[0m");
    check(
      unexpected.length === 0,
      `every API call answered as expected${unexpected.length ? `: ${unexpected.slice(0, 5).join("; ")}` : ""}`,
    );
    check(
      filed.length === REQUESTS && decided === REQUESTS,
      `${filed.length} requests filed and ${decided} decided (of ${REQUESTS})`,
    );
    check(revoked === REVOCATIONS, `${revoked} grants revoked (of ${REVOCATIONS})`);
    check(
      // Decisions touch only the database and may all be in by then; revocations wait for ACTIVE
      // grants (the broker) and run on: what matters is that work was in flight and retried.
      (fault.decidedAtKill < REQUESTS || fault.revokedAtKill < REVOCATIONS) && retriedAfterKill > 0,
      `the instance died mid-workload (${fault.decidedAtKill} decided, ${fault.revokedAtKill} revoked by then); ${retriedAfterKill} calls it dropped were retried on the other`,
    );

    // 1. Grants and the cluster's ACLs.
    const grants = await prisma.grant.findMany({ where: { requestId: { in: keep } } });
    const byPrincipal = new Map<string, Set<string>>();
    for (const principal of new Set(grants.map((g) => g.principal))) {
      const res = await admin.describeAcls({
        resourceType: AclResourceTypes.TOPIC,
        resourcePatternType: ResourcePatternTypes.ANY,
        principal,
        host: "*",
        operation: AclOperationTypes.ANY,
        permissionType: AclPermissionTypes.ANY,
      });
      byPrincipal.set(principal, new Set(res.resources.map((r) => r.resourceName)));
    }
    const topicOf = new Map(
      (await prisma.outputPort.findMany({ where: { id: { in: grants.map((g) => g.portId) } } })).map((p) => [
        p.id,
        p.address,
      ]),
    );
    const activeWithAcls = grants.filter(
      (g) => g.status === "ACTIVE" && byPrincipal.get(g.principal)?.has(topicOf.get(g.portId)!),
    ).length;
    const revokedWithout = grants.filter(
      (g) => g.status === "REVOKED" && !byPrincipal.get(g.principal)?.has(topicOf.get(g.portId)!),
    ).length;
    check(
      activeWithAcls === expectedActive,
      `${activeWithAcls} of ${expectedActive} approved, unrevoked requests have an ACTIVE grant whose READ ACL the cluster shows`,
    );
    check(
      revokedWithout === toRevoke.length,
      `${revokedWithout} of ${toRevoke.length} revoked grants are REVOKED with no ACL left on the cluster`,
    );

    // 2. The outbox on the events topic.
    const outbox = await prisma.outboxEvent.findMany({ select: { id: true, createdAt: true } });
    const onTopic = new Map<string, number>();
    const reader = kafka.consumer({ groupId: `meshport-chaos-check-${t0}` });
    await reader.connect();
    await reader.subscribe({ topic: EVENTS_TOPIC, fromBeginning: true });
    const topicEnd = (await admin.fetchTopicOffsets(EVENTS_TOPIC)).reduce((a, p) => a + Number(p.high), 0);
    let read = 0;
    await reader.run({
      eachMessage: async ({ message }) => {
        read++;
        const id = message.headers?.ce_id?.toString();
        if (id) onTopic.set(id, (onTopic.get(id) ?? 0) + 1);
      },
    });
    await poll(
      async () => read,
      (n) => n >= topicEnd,
      60_000,
    );
    await reader.disconnect();
    const missing = outbox.filter((e) => !onTopic.has(e.id)).length;
    const duplicates = [...onTopic.values()].reduce((a, n) => a + n - 1, 0);
    check(
      missing === 0,
      `all ${outbox.length} committed outbox events are on ${EVENTS_TOPIC} (${read} messages; ${duplicates} duplicates, deduped by id; ${missing} missing)`,
    );

    // 3. The viewers.
    const moved = viewers.filter((v) => v.connections.some((c) => c.instance !== v.connections[0]!.instance));
    const resumedWithId = viewers.filter((v) =>
      v.connections.slice(1).every((c) => c.lastEventId !== undefined),
    );
    const gaps = viewers.map((v) => v.gapsAndRepeats(ends));
    const totalMissing = gaps.reduce((a, g) => a + g.missing, 0);
    const totalRepeated = gaps.reduce((a, g) => a + g.repeated, 0);
    const dropped = viewers.reduce((a, v) => a + v.dropped, 0);
    const resume = viewers.flatMap((v) => v.resumeMs).sort((a, b) => a - b);
    const reconnect = viewers.flatMap((v) => v.reconnectMs).sort((a, b) => a - b);
    const pct = (sorted: number[], q: number) => (sorted.length ? percentile(sorted, q * 100) : "-");
    check(
      moved.length >= Math.floor(VIEWERS / 2) - 1 && resumedWithId.length === VIEWERS,
      `${moved.length} viewers moved to the other instance, every reconnect sent Last-Event-ID (${resumedWithId.length} of ${VIEWERS})`,
    );
    check(
      totalMissing === 0 && dropped === 0,
      `no viewer missed an event: ${totalMissing} missing, ${dropped} dropped, ${totalRepeated} repeated; ${produced} produced (${produceErrors} send errors retried); reconnected after the drop in p50 ${pct(reconnect, 0.5)} ms, max ${pct(reconnect, 1)} ms; first event after it p50 ${pct(resume, 0.5)} ms`,
    );

    // 4. Notifications: per event of the run, exactly its recipients, once each; every email arrived.
    const events = await prisma.outboxEvent.findMany({
      where: {
        createdAt: { gte: new Date(workStart) },
        type: {
          in: [
            "dev.meshport.access_request.created",
            "dev.meshport.access_request.approved",
            "dev.meshport.access_request.denied",
            "dev.meshport.grant.active",
            "dev.meshport.grant.revoked",
          ],
        },
      },
    });
    const ownerIds = orders.memberships.map((m) => m.userId);
    const requestOf = new Map(
      (await prisma.accessRequest.findMany({ where: { id: { in: filed.map((f) => f.id) } } })).map((r) => [
        r.id,
        r,
      ]),
    );
    const grantRequest = new Map(
      (await prisma.grant.findMany({ where: { requestId: { in: filed.map((f) => f.id) } } })).map((g) => [
        g.id,
        g.requestId,
      ]),
    );
    const audiences = new Map<string, Set<string>>();
    for (const e of events) {
      const payload = e.payload as { actorId?: string | null };
      const [kind, id] = (e.subject ?? "/").split("/") as [string, string];
      const requestId = kind === "grant" ? grantRequest.get(id) : id;
      const requester = requestId ? requestOf.get(requestId)?.requesterId : undefined;
      const type = e.type.replace("dev.meshport.", "");
      const audience = new Set<string>(
        type === "access_request.created"
          ? ownerIds
          : type === "grant.active"
            ? [...ownerIds, ...(requester ? [requester] : [])]
            : requester
              ? [requester]
              : [],
      );
      audience.delete(payload.actorId ?? "");
      audiences.set(e.id, audience);
    }
    const expectedCount = [...audiences.values()].reduce((a, set) => a + set.size, 0);
    // The notifier may still be reading the last events: wait for it (at most two minutes).
    const { notifications, wrong } = await poll(
      async () => {
        const notifications = await prisma.notification.findMany({
          where: { eventId: { in: events.map((e) => e.id) } },
          select: { eventId: true, userId: true },
        });
        const got = new Map<string, string[]>();
        for (const n of notifications) got.set(n.eventId, [...(got.get(n.eventId) ?? []), n.userId]);
        let wrong = 0;
        for (const [id, audience] of audiences) {
          const users = got.get(id) ?? [];
          if (users.length !== audience.size || users.some((u) => !audience.has(u))) wrong++;
        }
        return { notifications, wrong };
      },
      (r) => r.wrong === 0,
      120_000,
      1000,
    );
    check(
      wrong === 0,
      `${notifications.length} notifications for ${events.length} access events of the run, ${expectedCount} expected: each recipient once, none missing (${wrong} events differ)`,
    );
    const deliveries = await poll(
      () => prisma.emailDelivery.findMany({ select: { eventId: true, userId: true, status: true } }),
      (rows) => rows.every((d) => d.status === "DELIVERED"),
      120_000,
      1000,
    );
    const mailIds = new Map<string, number>();
    for (const m of mailbox.messages)
      if (m.messageId) mailIds.set(m.messageId, (mailIds.get(m.messageId) ?? 0) + 1);
    const arrived = deliveries.filter((d) => mailIds.has(`<${d.eventId}.${d.userId}@meshport>`)).length;
    const resent = [...mailIds.values()].reduce((a, n) => a + n - 1, 0);
    check(
      arrived === deliveries.length && mailIds.size === deliveries.length,
      `${arrived} of ${deliveries.length} emails reached the SMTP server, each under its Message-ID (${resent} sent again under the same id)`,
    );

    // 5. Leases.
    for (const name of fault.held) {
      const after = leaseLog.find((e) => e.name === name && e.at > fault.instanceKilledAt);
      const ms = after ? after.at - fault.instanceKilledAt : Number.NaN;
      check(
        after !== undefined && !after.holder.includes(`:${fault.deadPid}:`) && ms <= LEASE_MOVE_LIMIT_MS,
        `lease ${name} moved from the killed ${fault.dead} to ${after ? holderOf(after.holder) : "nobody"} in ${(ms / 1000).toFixed(1)} s`,
      );
    }

    check(
      heldAtStop.length > 0 && takenOver === heldAtStop.length && takeoverMs <= SIGTERM_TAKEOVER_LIMIT_MS,
      `after SIGTERM, ${stopping.name}'s ${heldAtStop.length} leases were given up and taken over in ${(takeoverMs / 1000).toFixed(1)} s (a SIGKILL waits for them to lapse)`,
    );

    // 6. Published products.
    const publishedPorts = await prisma.outputPort.findMany({
      where: { product: { slug: { in: drafts } } },
      include: { product: { select: { lifecycle: true } } },
    });
    const metadata = (await admin.fetchTopicMetadata({ topics: publishedPorts.map((p) => p.address) }))
      .topics;
    const replicated = metadata.filter((t) => t.partitions.every((p) => p.replicas.length === 3)).length;
    check(
      publishedPorts.every((p) => p.product.lifecycle === "ACTIVE" && p.state === "ACTIVE") &&
        replicated === publishedPorts.length,
      `${publishedPorts.length} published products ACTIVE, their topics on the cluster with 3 replicas (${replicated})`,
    );

    console.log("\n\x1b[1mFigures\x1b[0m");
    console.log(
      `  operations: ${decided} decisions + ${revoked} revocations + ${published} publishes in ${workSeconds.toFixed(1)} s`,
    );
    console.log(
      `  leaders of ${EVENTS_TOPIC} moved ${(fault.leaderMovedMs / 1000).toFixed(1)} s after broker ${fault.leaderId} died`,
    );
    console.log(
      `  broker ${fault.leaderId} killed at ${((fault.brokerKilledAt - t0) / 1000).toFixed(1)} s; ${fault.dead} killed at ${((fault.instanceKilledAt - t0) / 1000).toFixed(1)} s`,
    );
    console.log(
      `  viewers: ${VIEWERS}; reconnects ${viewers.reduce((a, v) => a + v.connections.length - 1, 0)}; events received ${viewers.reduce((a, v) => a + v.received, 0)}`,
    );
    console.log(`  run: ${((Date.now() - t0) / 1000).toFixed(0)} s in all`);
  } finally {
    producing = false;
    await producerLoop;
    await Promise.all(viewers.map((v) => v.stop()));
    await balancer?.close();
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await portals.stopAll();
    await mailbox.stop();
    await database.close();
    if (!args.keep) await dropDatabase(scratch.name).catch(() => undefined);
    for (const h of clusterHandles) await h.stop();
  }
  if (failures.length > 0) throw new Error(`${failures.length} check(s) failed: ${failures.join(" | ")}`);
  console.log("\n\x1b[1;32m✔ the fault test passed\x1b[0m");
}

main().catch((err: unknown) => {
  console.error(`\n\x1b[1;31m✘ ${err instanceof Error ? err.message : String(err)}\x1b[0m`);
  process.exit(1);
});
