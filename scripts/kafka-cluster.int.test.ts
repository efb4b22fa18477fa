/**
 * Integration test of the local three-node cluster (`npm run kafka -- start --brokers 3`): the
 * nodes form one KRaft quorum with the single broker's SASL users and ACLs; topics get three
 * replicas and min.insync.replicas 2 by default; writes with acks=all go on after the leader of a
 * partition is killed with SIGKILL, nothing acknowledged is lost, and the node rejoins the ISR
 * after a restart. Takes about a minute.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { localKafka, type Kafka } from "@/lib/kafka/client-config";
import { PORTAL_PRINCIPAL } from "../lib/demo/teams.ts";
import { OUTSIDER_PRINCIPAL, startKafkaCluster, type KafkaClusterHandle } from "./lib/kafka-broker.ts";
import { sleep } from "../lib/core/time.ts";

const TOPIC = `orders.cluster-it-${Date.now()}.v1`;
// Ports clear of the integration broker (19292), the e2e one (19392) and the bench's (19592).
const PORT = 19_700;
let dataDir: string;
let cluster: KafkaClusterHandle;
/** Every handle this test got: a restart's handle reuses (and does not stop) the nodes still running. */
const handles: KafkaClusterHandle[] = [];

const client = (brokers: string, user: { username: string; password: string } = PORTAL_PRINCIPAL) =>
  localKafka(brokers, user.username, user.password, {
    clientId: "kafka-cluster-it",
    retries: 8,
    tune: { connectionTimeout: 3000, requestTimeout: 15_000 },
  });

/** Waits until `check` holds, or fails naming `what`. */
async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

async function produce(kafka: Kafka, values: string[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.send({ topic: TOPIC, acks: -1, messages: values.map((value) => ({ key: value, value })) });
  } finally {
    await producer.disconnect();
  }
}

async function consumeAll(kafka: Kafka, count: number): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: `orders.cluster-it-${randomBytes(4).toString("hex")}` });
  const seen: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
    await until(async () => seen.length >= count, 30_000, `${count} messages`);
    return seen.sort();
  } finally {
    await consumer.disconnect();
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "meshport-kafka-cluster-"));
  cluster = await startKafkaCluster({ dataDir, port: PORT, brokers: 3, fresh: true });
  handles.push(cluster);
}, 180_000);

afterAll(async () => {
  for (const h of handles) await h.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 120_000);

it("forms one cluster of three with replicated topics, and loses no acknowledged write when a leader dies", async () => {
  expect(cluster.brokers).toBe(`127.0.0.1:${PORT},127.0.0.1:${PORT + 2},127.0.0.1:${PORT + 4}`);
  const kafka = client(cluster.brokers);
  const admin = kafka.admin();
  await admin.connect();
  try {
    expect((await admin.describeCluster()).brokers.map((b) => b.nodeId).sort()).toEqual([1, 2, 3]);
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: TOPIC, numPartitions: 3 }] });
    const [meta] = (await admin.fetchTopicMetadata({ topics: [TOPIC] })).topics;
    for (const p of meta!.partitions) expect(p.replicas).toHaveLength(3);
    const config = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2, name: TOPIC, configNames: ["min.insync.replicas"] }],
    });
    expect(config.resources[0]!.configEntries[0]!.configValue).toBe("2");

    // Same SASL users and authorizer as one broker: an authenticated principal without ACLs is refused.
    const outsider = client(cluster.brokers, OUTSIDER_PRINCIPAL).producer();
    await outsider.connect();
    await expect(
      outsider.send({ topic: TOPIC, acks: -1, messages: [{ value: "refused" }] }),
    ).rejects.toThrow();
    await outsider.disconnect();

    const before = Array.from({ length: 30 }, (_, i) => `before-${i}`);
    await produce(kafka, before);
    // A consumer group before the kill: the offsets topic exists (it could not be created with
    // three replicas while a node is down).
    expect(await consumeAll(kafka, 30)).toEqual([...before].sort());
    // Kill the leader of partition 0 the hard way; writes with acks=all go on (2 in sync of 3).
    const leader = meta!.partitions.find((p) => p.partitionId === 0)!.leader;
    const victim = cluster.nodes[leader - 1]!;
    process.kill(victim.pid, "SIGKILL");
    const survivors = cluster.nodes
      .filter((n) => n !== victim)
      .map((n) => n.brokers)
      .join(",");
    // The controller fences the dead node (broker session timeout) and moves its leaderships,
    // the consumer groups' coordinators' too.
    const watcher = client(survivors).admin();
    await watcher.connect();
    const killedAt = Date.now();
    await until(
      async () => {
        const { topics } = await watcher.fetchTopicMetadata({ topics: [TOPIC, "__consumer_offsets"] });
        return topics.every((t) => t.partitions.every((p) => p.leader !== leader && p.leader >= 0));
      },
      60_000,
      `partitions led by node ${leader} to move`,
    );
    console.info(
      `[cluster-it] leaderships moved off node ${leader} ${Date.now() - killedAt} ms after SIGKILL`,
    );
    const after = Array.from({ length: 30 }, (_, i) => `after-${i}`);
    await produce(client(survivors), after);
    expect(await consumeAll(client(survivors), 60)).toEqual([...before, ...after].sort());

    // Restarted, the node catches up and is back in every partition's ISR.
    cluster = await startKafkaCluster({ dataDir, port: PORT, brokers: 3 });
    handles.push(cluster);
    await until(
      async () => {
        const [t] = (await watcher.fetchTopicMetadata({ topics: [TOPIC] })).topics;
        return t!.partitions.every((p) => p.isr.length === 3);
      },
      60_000,
      "every partition's ISR back to 3",
    );
    await watcher.disconnect();
  } finally {
    await admin.disconnect();
  }
}, 240_000);
