import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { findCurrentUser } from "@/lib/auth/find-user";
import type { CurrentUser } from "@/lib/auth/types";
import type { Database } from "@/lib/db/client";
import { seedDemoMesh } from "@/lib/demo/seed";
import { env, setEnv } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { createKafka, type Admin, type Producer } from "@/lib/kafka/client-config";
import { waitForTopics } from "@/lib/kafka/topics";
import { openTestDatabase } from "@/scripts/test-support/database";
import { SseReader } from "@/scripts/test-support/sse";
import { adminPerRequest } from "@/scripts/test-support/kafka-consume";
import { TailHub } from "./hub";
import { openTailStream, TailQuery } from "./stream";
import { parsePosition } from "./position";

// The live tail against the real PostgreSQL and the real broker: who sees what (raw, masked,
// 403), resuming with Last-Event-ID from the ring and from history, a revoked grant ending the
// stream, and an abort storm that leaves no consumer or group behind.
const RUN = Date.now();
const TOPIC = `customers.tail-it-${RUN}.v1`;
const PARTITIONS = [0, 1, 2];
let database: Database;
let admin: Admin;
let producer: Producer;
let hub: TailHub;
let portId: string;
let grantId: string;
let users: Record<"owner" | "grantee" | "outsider" | "admin", CurrentUser>;
let sent = 0;

type Message = {
  partition: number;
  offset: string;
  key: string;
  value: Record<string, unknown>;
  masked: string[];
};

async function produce(n: number): Promise<string[]> {
  const keys = Array.from({ length: n }, () => `c-${sent++}`);
  await producer.send({
    topic: TOPIC,
    messages: keys.map((key) => ({
      key,
      value: JSON.stringify({
        customerId: key,
        email: `${key}@example.com`,
        address: { city: "Utrecht", street: `Oudegracht ${sent}` },
        tier: "gold",
      }),
      headers: { source: "tail-it" },
    })),
  });
  return keys;
}

async function open(
  user: CurrentUser,
  query: Partial<TailQuery> = {},
  lastEventId?: string,
  h = hub,
  signal = new AbortController().signal,
): Promise<SseReader> {
  const response = await openTailStream({
    prisma: database.prisma,
    hub: h,
    user,
    portId,
    query: TailQuery.parse(query),
    lastEventId,
    signal,
    maxStreamsPerUser: 2000,
  });
  expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
  return new SseReader(response.body!);
}

/**
 * One sentinel event per partition, produced after everything before it: a reader that has all
 * of them has had every earlier event (each partition is delivered in offset order), so what
 * came before them is all it will get of those events. `value` lets a sentinel pass a filter.
 */
async function produceSentinels(keySuffix = "", value: Record<string, unknown> = {}): Promise<string[]> {
  const keys = PARTITIONS.map((p) => `sentinel-${RUN}-${sent++}-p${p}${keySuffix}`);
  await producer.send({
    topic: TOPIC,
    messages: keys.map((key, p) => ({
      key,
      partition: p,
      value: JSON.stringify({ sentinel: true, ...value }),
    })),
  });
  return keys;
}

/** The events a reader got before all of `sentinels` arrived (sentinels left out). */
function before<T extends { key: string }>(
  reader: SseReader,
  sentinels: string[],
): Promise<(T & { id: string })[]> {
  return reader.before<T>((m) => sentinels.includes(m.key), sentinels.length, 20_000);
}

/**
 * Produces `n` events one at a time, 3 ms apart: distinct timestamps across partitions (the
 * resume-from-history case places the other partitions by time). The wait paces the producer;
 * nothing is asserted on the time.
 */
async function produceSpaced(n: number): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    keys.push(...(await produce(1)));
    await new Promise((r) => setTimeout(r, 3));
  }
  return keys;
}

async function waitFor(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const keysOf = (r: SseReader) => r.messages<Message>().map((m) => m.key);

/** The owner's stream from the latest event, once it says "live": every event written after it arrives. */
async function openLive(): Promise<SseReader> {
  const reader = await open(users.owner, { from: "latest" });
  await reader.until(
    (r) => r.events.some((e) => e.event === "status" && e.data.includes('"live"')),
    20_000,
    "live status",
  );
  return reader;
}

async function user(
  email: string,
  teamId: string | null,
  role: "USER" | "ADMIN" = "USER",
): Promise<CurrentUser> {
  await database.prisma.user.create({
    data: {
      email,
      name: email.split("@")[0]!,
      role,
      ...(teamId ? { memberships: { create: { teamId } } } : {}),
    },
  });
  return (await findCurrentUser(database.prisma, { email }))!;
}

beforeAll(async () => {
  setEnv({ KAFKA_BROKERS: inject("kafkaBrokers") });
  database = await openTestDatabase();
  await seedDemoMesh(database.prisma, { kafkaServer: `kafka://${inject("kafkaBrokers")}` });
  const [ownerTeam, granteeTeam, otherTeam] = await database.prisma.team.findMany({
    orderBy: { slug: "asc" },
    take: 3,
  });
  const product = await database.prisma.dataProduct.findFirstOrThrow({
    where: { ownerTeamId: ownerTeam!.id },
  });
  const port = await database.prisma.outputPort.create({
    data: {
      productId: product.id,
      name: `tail-it-${RUN}`,
      type: "KAFKA_TOPIC",
      address: TOPIC,
      format: "json",
      schemaVersions: {
        create: {
          version: 1,
          format: "JSON_SCHEMA",
          definition: { type: "object" },
          fields: {
            create: [
              { path: "customerId", type: "string", classification: "INTERNAL", position: 0 },
              { path: "email", type: "string", classification: "PII", position: 1 },
              { path: "address", type: "object", classification: "PII", position: 2 },
              { path: "address.city", type: "string", classification: "INTERNAL", position: 3 },
              { path: "address.street", type: "string", classification: "PII", position: 4 },
              { path: "tier", type: "string", classification: "PUBLIC", position: 5 },
            ],
          },
        },
      },
    },
  });
  portId = port.id;
  const grant = await database.prisma.grant.create({
    data: {
      portId,
      teamId: granteeTeam!.id,
      principal: "User:grantee",
      status: "ACTIVE",
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  grantId = grant.id;
  users = {
    owner: await user(`tail-owner-${RUN}@meshport.dev`, ownerTeam!.id),
    grantee: await user(`tail-grantee-${RUN}@meshport.dev`, granteeTeam!.id),
    outsider: await user(`tail-outsider-${RUN}@meshport.dev`, otherTeam!.id),
    admin: await user(`tail-admin-${RUN}@meshport.dev`, null, "ADMIN"),
  };
  const kafka = createKafka(env(), { retries: 8 });
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic: TOPIC, numPartitions: 3, replicationFactor: 1 }],
  });
  await waitForTopics(admin, [TOPIC]);
  producer = kafka.producer();
  await producer.connect();
  hub = new TailHub({ kafka, withAdmin: adminPerRequest(kafka), lingerMs: 500 });
});

afterAll(async () => {
  await hub?.shutdown();
  await producer?.disconnect();
  await admin?.disconnect();
  await database?.close();
});

describe("live tail", () => {
  it("shows the owner raw values, an entitled non-owner masked ones, and refuses everyone else", async () => {
    const keys = await produce(6);
    const owner = await open(users.owner, { from: "last:6" });
    await owner.until((r) => r.messages().length >= 6, 20_000, "six events for the owner");
    expect(new Set(keysOf(owner))).toEqual(new Set(keys));
    const raw = owner.messages<Message>().find((m) => m.key === keys[0])!;
    expect(raw.value).toMatchObject({ email: `${keys[0]}@example.com`, address: { city: "Utrecht" } });
    expect(raw.masked).toEqual([]);

    const grantee = await open(users.grantee, { from: "last:6" });
    await grantee.until((r) => r.messages().length >= 6, 10_000, "six events for the grantee");
    const masked = grantee.messages<Message>().find((m) => m.key === keys[0])!;
    expect(masked.value).toEqual({
      customerId: keys[0],
      email: "****",
      address: { city: "Utrecht", street: "****" },
      tier: "gold",
    });
    expect(masked.masked).toEqual(["email", "address.street"]);
    expect(JSON.stringify(grantee.events)).not.toContain("@example.com");
    // Before the sentinels below (which hold no PII) become the newest.
    const asAdmin = await open(users.admin, { from: "last:1" });
    await asAdmin.until((r) => r.messages().length >= 1, 10_000, "an event for the admin");
    expect(asAdmin.messages<Message>()[0]!.masked.length).toBeGreaterThan(0);
    // A filter on a masked value finds nothing: PII cannot be probed through it.
    const probe = await open(users.grantee, { from: "last:6", filter: `${keys[0]}@example.com` });
    const filtered = await open(users.grantee, { from: "last:6", filter: `$.customerId=${keys[1]}` });
    await filtered.until((r) => r.messages().length >= 1, 10_000, "the filtered event");
    // Sentinels both filters let through (the key holds the probed text, the value the id):
    // before them, exactly the one event, and nothing at all for the probe.
    const ends = await produceSentinels(`-${keys[0]}@example.com`, { customerId: keys[1] });
    expect((await before<Message>(filtered, ends)).map((m) => m.key)).toEqual([keys[1]]);
    expect(await before<Message>(probe, ends)).toEqual([]);

    await expect(open(users.outsider)).rejects.toMatchObject({ status: 403, code: "forbidden" });
    // Limits: one person, a bounded number of streams.
    const limited = await openTailStream({
      prisma: database.prisma,
      hub,
      user: users.admin,
      portId,
      query: TailQuery.parse({}),
      signal: new AbortController().signal,
      maxStreamsPerUser: 2,
    });
    await expect(
      openTailStream({
        prisma: database.prisma,
        hub,
        user: users.admin,
        portId,
        query: TailQuery.parse({}),
        signal: new AbortController().signal,
        maxStreamsPerUser: 2,
      }),
    ).rejects.toMatchObject({ status: 429, code: "rate_limited" });
    await limited.body!.cancel();
    for (const r of [owner, grantee, probe, filtered, asAdmin]) r.cancel();
  });

  it("resumes after Last-Event-ID with no gap and no duplicate, from the ring and from history", async () => {
    const first = await openLive();
    const batch1 = await produce(12);
    await first.until((r) => r.messages().length >= 12, 10_000, "the first dozen");
    const seen = first.messages<Message>().slice(0, 5);
    first.cancel();
    const batch2 = await produce(8);
    const resumed = await open(users.owner, {}, seen.at(-1)!.id);
    await resumed.until((r) => r.messages().length >= 15, 10_000, "the rest after resuming");
    const ends1 = await produceSentinels();
    const all = [...seen.map((m) => m.key), ...(await before<Message>(resumed, ends1)).map((m) => m.key)];
    expect(all.sort()).toEqual([...batch1, ...batch2].sort());
    resumed.cancel();

    // The topic's consumer closes once nobody watches; resuming then refills the ring (partition
    // after partition) and still continues right after the event.
    const second = await openLive();
    // One at a time, each seen before the next is written: what the viewer saw is then a prefix
    // of the topic in time, whatever partitions one fetch brings back together (resuming after a
    // refill continues in time order; it cannot know the arrival order of a closed consumer).
    const batch3: string[] = [];
    for (let i = 0; i < 9; i++) {
      batch3.push(...(await produce(1)));
      await second.until((r) => r.messages().length >= i + 1, 10_000, `event ${i + 1} of the third batch`);
    }
    const seen2 = second.messages<Message>().slice(0, 4);
    second.cancel();
    await waitFor(() => hub.stats().consumers === 0, 15_000, "the topic's consumer to close");
    const batch4 = await produceSpaced(6);
    const again = await open(users.owner, {}, seen2.at(-1)!.id);
    await again.until((r) => r.messages().length >= 11, 20_000, "the rest after a refill");
    // "last:N" is the newest N of the whole topic, not of one partition (opened before the
    // sentinels below make them the newest).
    const newest = await open(users.owner, { from: "last:3" });
    await newest.until((r) => r.messages().length >= 3, 10_000, "the newest three");
    const ends2 = await produceSentinels();
    const all2 = [...seen2.map((m) => m.key), ...(await before<Message>(again, ends2)).map((m) => m.key)];
    expect(all2.sort()).toEqual([...batch3, ...batch4].sort());
    again.cancel();
    expect((await before<Message>(newest, ends2)).map((m) => m.key).sort()).toEqual(batch4.slice(-3).sort());
    newest.cancel();
    // Nothing names an event that does not exist.
    await expect(open(users.owner, {}, "99:1")).rejects.toMatchObject({ status: 422 });
    await expect(open(users.owner, {}, "0:99999999")).rejects.toMatchObject({ status: 422 });

    // A tiny ring: the event to resume after is long gone from it, so history is read: its
    // partition after it, the others from its time on.
    const smallKafka = createKafka(env(), { retries: 8 });
    const small = new TailHub({
      kafka: smallKafka,
      withAdmin: adminPerRequest(smallKafka),
      ringSize: 4,
      lingerMs: 200,
    });
    try {
      const batch5 = await produceSpaced(30);
      const head = await open(users.owner, { from: "earliest" }, undefined, small);
      const upToNow = sent;
      await head.until((r) => r.messages().length >= upToNow, 20_000, "history up to now");
      const ends3 = await produceSentinels();
      const fromStart = (await before<Message>(head, ends3)).map((m) => m.key);
      expect(new Set(fromStart).size).toBe(fromStart.length);
      expect(fromStart.length).toBe(upToNow);
      const anchor = head.messages<Message & { timestamp: number }>().find((m) => m.key === batch5[10])!;
      head.cancel();
      const late = await open(users.owner, {}, anchor.id, small);
      const after = head
        .messages<Message & { timestamp: number }>()
        .filter((m) =>
          m.partition === anchor.partition
            ? Number(m.offset) > Number(anchor.offset)
            : m.timestamp > anchor.timestamp,
        );
      await late.until(
        (r) => after.every((m) => keysOf(r).includes(m.key)),
        20_000,
        "every event after the anchor",
      );
      const ends4 = await produceSentinels();
      const got = await before<Message & { timestamp: number }>(late, ends4);
      expect(new Set(got.map((m) => m.key)).size).toBe(got.length);
      expect(after.every((m) => got.some((g) => g.key === m.key))).toBe(true);
      expect(got.every((m) => m.timestamp >= anchor.timestamp && m.key !== anchor.key)).toBe(true);
      late.cancel();
    } finally {
      await small.shutdown();
    }
  });

  it("resumes exactly from a position, with the ring warm and after a refill", async () => {
    // A position is the viewer's next offset on every partition: resuming from it repeats nothing
    // and skips nothing, in whatever order an instance's consumer got the partitions.
    const positionAfterAll = async (reader: SseReader) => {
      await reader.until((r) => r.events.at(-1)?.event === "position", 10_000, "a position last");
      return reader.events.at(-1)!.id!;
    };
    const first = await openLive();
    const batch1 = await produce(12);
    const ends1 = await produceSentinels();
    expect((await before<Message>(first, ends1)).map((m) => m.key).sort()).toEqual([...batch1].sort());
    const at1 = await positionAfterAll(first);
    const next = new Map<number, number>();
    for (const m of first.messages<Message>())
      next.set(m.partition, Math.max(next.get(m.partition) ?? 0, Number(m.offset) + 1));
    expect(parsePosition(at1)).toEqual(next);
    first.cancel();

    const batch2 = await produce(8);
    const resumed = await open(users.owner, {}, at1);
    const ends2 = await produceSentinels();
    expect((await before<Message>(resumed, ends2)).map((m) => m.key).sort()).toEqual([...batch2].sort());
    const at2 = await positionAfterAll(resumed);
    resumed.cancel();

    // Nobody watches: the topic's consumer closes, and the next viewer's ring is filled afresh.
    await waitFor(() => hub.stats().consumers === 0, 15_000, "the topic's consumer to close");
    const batch3 = await produce(5);
    const again = await open(users.owner, {}, at2);
    const ends3 = await produceSentinels();
    expect((await before<Message>(again, ends3)).map((m) => m.key).sort()).toEqual([...batch3].sort());
    again.cancel();

    // A position the topic cannot have.
    await expect(open(users.owner, {}, "0=1,99=0")).rejects.toMatchObject({ status: 422 });
    await expect(open(users.owner, {}, "0=999999999")).rejects.toMatchObject({ status: 422 });
  });

  it("ends the stream of a team whose grant is revoked", async () => {
    const grantee = await open(users.grantee, { from: "latest" });
    await grantee.until((r) => r.events.some((e) => e.event === "hello"), 5000, "hello");
    await database.prisma.grant.update({
      where: { id: grantId },
      data: { status: "REVOKED", revokedAt: new Date() },
    });
    await grantee.until((r) => r.events.some((e) => e.event === "end"), 30_000, "the end event");
    expect(JSON.parse(grantee.events.find((e) => e.event === "end")!.data)).toMatchObject({
      code: "forbidden",
    });
    await grantee.until((r) => r.ended, 5000, "the stream to close");
    await expect(open(users.grantee)).rejects.toBeInstanceOf(AppError);
  });

  it("leaves no consumer and no consumer group behind after 1,000 connect/abort cycles", async () => {
    const before = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
    for (let i = 0; i < 1000; i++) {
      const abort = new AbortController();
      const reader = await open(
        users.owner,
        { from: i % 2 ? "latest" : "last:5" },
        undefined,
        hub,
        abort.signal,
      );
      if (i % 3 === 0) await new Promise((r) => setImmediate(r));
      abort.abort();
      reader.cancel();
    }
    expect(hub.stats().viewers).toBe(0);
    const leftovers = async () =>
      (await admin.listGroups()).groups
        .map((g) => g.groupId)
        .filter((g) => !before.has(g) && g.startsWith("meshport-tail"));
    const start = Date.now();
    while ((hub.stats().consumers > 0 || (await leftovers()).length > 0) && Date.now() - start < 30_000)
      await new Promise((r) => setTimeout(r, 250));
    expect(hub.stats()).toMatchObject({ consumers: 0, viewers: 0 });
    expect(await leftovers()).toEqual([]);
  });
});
