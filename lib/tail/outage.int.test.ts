import { afterAll, beforeAll, expect, it } from "vitest";
import { findCurrentUser } from "@/lib/auth/find-user";
import type { CurrentUser } from "@/lib/auth/types";
import type { Database } from "@/lib/db/client";
import { seedDemoMesh } from "@/lib/demo/seed";
import { env } from "@/lib/core/env";
import { createKafka, type Message } from "@/lib/kafka/client-config";
import { waitForTopics } from "@/lib/kafka/topics";
import { startKafka, type KafkaHandle } from "@/scripts/lib/kafka-broker";
import { openTestDatabase } from "@/scripts/test-support/database";
import { SseReader } from "@/scripts/test-support/sse";
import { TailHub, type WithAdmin } from "./hub";
import { openTailStream, TailQuery } from "./stream";

// The broker stops mid-stream and comes back: the viewer is told "reconnecting", the server
// keeps running, and the stream resumes with the events produced after the restart — no gap,
// no duplicate. A broker of its own (stopping the shared one would break other tests).
const RUN = Date.now();
const TOPIC = `outage.tail-it-${RUN}.v1`;
const DATA_DIR = ".cache/kafka-tail-outage";
const PORT = 19392;
let broker: KafkaHandle;
let database: Database;
let hub: TailHub;
let owner: CurrentUser;
let portId: string;

const kafka = (retries: number) => createKafka({ ...env(), KAFKA_BROKERS: `127.0.0.1:${PORT}` }, { retries });

async function send(messages: Message[]): Promise<void> {
  const producer = kafka(10).producer();
  await producer.connect();
  await producer.send({ topic: TOPIC, messages });
  await producer.disconnect();
}

const produce = (keys: string[]) => send(keys.map((key) => ({ key, value: JSON.stringify({ key }) })));

/** One event per partition after a batch: a reader that has both has had all of the batch. */
async function produceSentinels(): Promise<string[]> {
  const keys = [0, 1].map((p) => `sentinel-p${p}`);
  await send(keys.map((key, p) => ({ key, partition: p, value: "{}" })));
  return keys;
}

/** A fresh admin per request (the portal passes its shared one): rides out the broker's restart. */
const withAdmin: WithAdmin = async (fn) => {
  const admin = kafka(2).admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
};

beforeAll(async () => {
  broker = await startKafka({ dataDir: DATA_DIR, port: PORT, controllerPort: PORT + 1, fresh: true });
  database = await openTestDatabase();
  await seedDemoMesh(database.prisma, { kafkaServer: `kafka://127.0.0.1:${PORT}` });
  const team = await database.prisma.team.findFirstOrThrow({ orderBy: { slug: "desc" } });
  const product = await database.prisma.dataProduct.findFirstOrThrow({ where: { ownerTeamId: team.id } });
  portId = (
    await database.prisma.outputPort.create({
      data: { productId: product.id, name: `outage-${RUN}`, type: "KAFKA_TOPIC", address: TOPIC },
    })
  ).id;
  await database.prisma.user.create({
    data: {
      email: `outage-${RUN}@meshport.dev`,
      name: "Outage",
      memberships: { create: { teamId: team.id } },
    },
  });
  owner = (await findCurrentUser(database.prisma, { email: `outage-${RUN}@meshport.dev` }))!;
  const admin = kafka(8).admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic: TOPIC, numPartitions: 2, replicationFactor: 1 }],
  });
  await waitForTopics(admin, [TOPIC]);
  await admin.disconnect();
  hub = new TailHub({ kafka: kafka(2), withAdmin, lingerMs: 200 });
});

afterAll(async () => {
  await hub?.shutdown();
  await database?.close();
  await broker?.stop();
});

it("tells viewers it is reconnecting while the broker is down and resumes without a gap when it is back", async () => {
  const response = await openTailStream({
    prisma: database.prisma,
    hub,
    user: owner,
    portId,
    query: TailQuery.parse({ from: "latest" }),
    signal: new AbortController().signal,
    maxStreamsPerUser: 5,
  });
  const stream = new SseReader(response.body!);
  const states = () =>
    stream.events
      .filter((e) => e.event === "status")
      .map((e) => (JSON.parse(e.data) as { state: string }).state);
  await stream.until(() => states().includes("live"), 30_000, "live");
  await produce(["a1", "a2", "a3"]);
  await stream.until((r) => r.messages().length >= 3, 15_000, "the first events");

  await broker.stop();
  await stream.until(() => states().at(-1) === "reconnecting", 60_000, "a reconnecting status");

  broker = await startKafka({ dataDir: DATA_DIR, port: PORT, controllerPort: PORT + 1 });
  await produce(["b1", "b2", "b3", "b4"]);
  await stream.until((r) => r.messages().length >= 7, 90_000, "the events after the restart");
  // Everything before the sentinels, exactly once: no gap, and no duplicate however late.
  const ends = await produceSentinels();
  const got = await stream.before<{ key: string }>((m) => ends.includes(m.key), ends.length, 30_000);
  expect(got.map((m) => m.key).sort()).toEqual(["a1", "a2", "a3", "b1", "b2", "b3", "b4"]);
  expect(states().at(-1)).toBe("live");
  stream.cancel();
}, 240_000);
