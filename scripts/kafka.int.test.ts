/**
 * Integration test of the local Kafka broker (scripts/lib/kafka-broker.ts): starts a fresh broker
 * in a temp dir on free ports and checks SASL logins and ACL enforcement with kafkajs.
 * Needs Java 17+ and Maven (first run downloads Kafka's jars, ~5 s); a run takes ~30-60 s.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
  localKafka,
  type Admin,
  type AclEntry,
  type Kafka,
} from "@/lib/kafka/client-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PORTAL_PRINCIPAL, teamKafkaPassword } from "../lib/demo/teams.ts";
import { OUTSIDER_PRINCIPAL, kafkaStatus, startKafka, type KafkaHandle } from "./lib/kafka-broker.ts";
import { kafkaErrorType, poll } from "./test-support/kafka-consume.ts";
import { sleep } from "../lib/core/time.ts";

const TEAM = "orders";
const TOPIC = `${TEAM}.int-test-events.v1`;
const MESSAGES = ["one", "two", "three"];

function client(brokers: string, username: string, password: string): Kafka {
  // Authentication and authorization errors are not retriable; keep transient retries short.
  return localKafka(brokers, username, password, {
    clientId: `kafka-int-test-${username}`,
    retries: 2,
    tune: { connectionTimeout: 3000, requestTimeout: 10_000 },
  });
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return `${error.name}: ${error.message}${kafkaErrorType(error) ? ` [${kafkaErrorType(error)}]` : ""}`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen({ port: 0, host: "127.0.0.1" }, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

type ConsumeResult = { ok: true; messages: string[] } | { ok: false; error: unknown };

/**
 * Consumes `TOPIC` from the beginning as `username` in a new group `<prefix>int-test-<random>`
 * until `MESSAGES.length` messages arrived, the consumer failed, or `timeoutMs` passed.
 */
async function consumeAs(
  brokers: string,
  username: string,
  password: string,
  groupIds: string[],
  timeoutMs = 15_000,
  groupPrefix = `${TEAM}.`,
): Promise<ConsumeResult> {
  const groupId = `${groupPrefix}int-test-${randomBytes(4).toString("hex")}`;
  groupIds.push(groupId);
  const consumer = client(brokers, username, password).consumer({
    groupId,
    retry: { retries: 0, restartOnFailure: async () => false },
  });
  const messages: string[] = [];
  let failure: unknown;
  consumer.on(consumer.events.CRASH, (event) => {
    failure = event.payload.error;
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        messages.push(message.value?.toString() ?? "");
      },
    });
    const deadline = Date.now() + timeoutMs;
    while (messages.length < MESSAGES.length && failure === undefined && Date.now() < deadline)
      await sleep(100);
    if (failure !== undefined) return { ok: false, error: failure };
    if (messages.length < MESSAGES.length)
      return { ok: false, error: new Error(`only ${messages.length} messages within ${timeoutMs} ms`) };
    return { ok: true, messages: [...messages].sort() };
  } catch (error) {
    return { ok: false, error };
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}

async function produceAs(
  brokers: string,
  username: string,
  password: string,
  values: string[],
): Promise<void> {
  const producer = client(brokers, username, password).producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({ topic: TOPIC, acks: -1, messages: values.map((value) => ({ key: value, value })) });
  } finally {
    await producer.disconnect();
  }
}

describe("local Kafka broker", () => {
  let dataDir = "";
  let broker: KafkaHandle | undefined;
  let admin: Admin;
  const groupIds: string[] = [];
  const teamPassword = teamKafkaPassword(TEAM);
  const brokers = (): string => {
    if (!broker) throw new Error("broker not started");
    return broker.brokers;
  };

  const teamAcls: AclEntry[] = [
    {
      resourceType: AclResourceTypes.TOPIC,
      resourceName: TOPIC,
      resourcePatternType: ResourcePatternTypes.LITERAL,
      principal: `User:${TEAM}`,
      host: "*",
      operation: AclOperationTypes.READ,
      permissionType: AclPermissionTypes.ALLOW,
    },
    {
      resourceType: AclResourceTypes.GROUP,
      resourceName: `${TEAM}.`,
      resourcePatternType: ResourcePatternTypes.PREFIXED,
      principal: `User:${TEAM}`,
      host: "*",
      operation: AclOperationTypes.READ,
      permissionType: AclPermissionTypes.ALLOW,
    },
  ];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "meshport-kafka-int-"));
    const port = await freePort();
    let controllerPort = await freePort();
    while (controllerPort === port) controllerPort = await freePort();
    broker = await startKafka({ dataDir, port, controllerPort, fresh: true });
    admin = client(broker.brokers, PORTAL_PRINCIPAL.username, PORTAL_PRINCIPAL.password).admin();
    await admin.connect();
  }, 180_000);

  afterAll(async () => {
    if (admin) {
      for (const groupId of groupIds) await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect();
    }
    await broker?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it("runs and reports its status; a second start reuses it", { timeout: 60_000 }, async () => {
    const status = await kafkaStatus(dataDir);
    expect(status).toMatchObject({
      running: true,
      pid: broker?.pid,
      brokers: brokers(),
      portOpen: true,
      ready: true,
      detached: false,
    });

    const again = await startKafka({ dataDir, port: Number(brokers().split(":")[1]) });
    expect(again).toMatchObject({ reused: true, pid: broker?.pid, brokers: brokers() });
    // The reusing handle does not own the broker: stopping it leaves the broker running.
    await again.stop();
    expect((await kafkaStatus(dataDir)).running).toBe(true);
  });

  it("lets the portal principal create and list a topic", { timeout: 60_000 }, async () => {
    expect(await admin.createTopics({ topics: [{ topic: TOPIC }], waitForLeaders: true })).toBe(true);
    expect(await admin.listTopics()).toContain(TOPIC);
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [TOPIC] })).topics;
    expect(metadata?.partitions).toHaveLength(3); // num.partitions=3
    await produceAs(brokers(), PORTAL_PRINCIPAL.username, PORTAL_PRINCIPAL.password, MESSAGES);
  });

  it("accepts team principals and refuses wrong passwords", { timeout: 60_000 }, async () => {
    const teamAdmin = client(brokers(), TEAM, teamPassword).admin();
    await teamAdmin.connect();
    try {
      const cluster = await teamAdmin.describeCluster();
      expect(cluster.brokers).toHaveLength(1);
    } finally {
      await teamAdmin.disconnect();
    }

    const intruder = client(brokers(), TEAM, "wrong-password").admin();
    const refused = await intruder.connect().then(
      () => undefined,
      (error: unknown) => error,
    );
    await intruder.disconnect().catch(() => undefined);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).name).toBe("KafkaJSSASLAuthenticationError");
    expect((refused as Error).message).toMatch(/Authentication failed/i);
  });

  it(
    "enforces ACLs: refused without, allowed with, refused again after deleteAcls",
    { timeout: 120_000 },
    async () => {
      // Authenticated principals without ACLs see and read nothing.
      const outsider = client(brokers(), OUTSIDER_PRINCIPAL.username, OUTSIDER_PRINCIPAL.password).admin();
      await outsider.connect();
      try {
        expect(await outsider.listTopics()).not.toContain(TOPIC);
      } finally {
        await outsider.disconnect();
      }
      const before = await consumeAs(brokers(), TEAM, teamPassword, groupIds);
      expect(before.ok, before.ok ? "consumed without ACL" : "").toBe(false);
      if (!before.ok)
        expect(kafkaErrorType(before.error), describeError(before.error)).toBe("TOPIC_AUTHORIZATION_FAILED");
      const produceRefused = await produceAs(brokers(), TEAM, teamPassword, ["nope"]).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(kafkaErrorType(produceRefused), describeError(produceRefused)).toBe(
        "TOPIC_AUTHORIZATION_FAILED",
      );

      // Grant READ on the topic and on the team's group prefix, as the portal does.
      await admin.createAcls({ acl: teamAcls });
      // The broker's authorizer applies the bindings from the metadata log, a moment after the
      // controller has answered.
      const described = await poll(
        async () =>
          (
            await admin.describeAcls({
              resourceType: AclResourceTypes.ANY,
              resourcePatternType: ResourcePatternTypes.ANY,
              principal: `User:${TEAM}`,
              operation: AclOperationTypes.ANY,
              permissionType: AclPermissionTypes.ANY,
            })
          ).resources
            .map((resource) => resource.resourceName)
            .sort(),
        (names) => names.length >= 2,
        10_000,
        100,
      );
      expect(described).toEqual([`${TEAM}.`, TOPIC]);

      const granted = await poll(
        () => consumeAs(brokers(), TEAM, teamPassword, groupIds),
        (result) => result.ok,
        30_000,
      );
      expect(granted.ok ? granted.messages : describeError(granted.error)).toEqual([...MESSAGES].sort());
      // The group ACL is a prefix: groups outside `<team>.` stay closed.
      const otherGroup = await consumeAs(brokers(), TEAM, teamPassword, groupIds, 15_000, "payments.");
      expect(otherGroup.ok, otherGroup.ok ? "consumed in another team's group" : "").toBe(false);
      // kafkajs reports the broker's GROUP_AUTHORIZATION_FAILED (to FindCoordinator) only as "Failed to
      // find group coordinator"; the broker's authorizer log names the real cause.
      if (!otherGroup.ok) expect(describeError(otherGroup.error)).toMatch(/^KafkaJSGroupCoordinatorNotFound/);
      const deniedGroup = new RegExp(
        `Principal = User:${TEAM} is Denied operation = \\w+ .* on resource = Group:LITERAL:${escapeRegExp(groupIds.at(-1) ?? "")} `,
      );
      expect(
        await poll(
          async () => readFile(path.join(dataDir, "server.log"), "utf8"),
          (log) => deniedGroup.test(log),
          5_000,
        ),
      ).toMatch(deniedGroup);
      // READ does not imply WRITE.
      const stillNoWrite = await produceAs(brokers(), TEAM, teamPassword, ["nope"]).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(kafkaErrorType(stillNoWrite), describeError(stillNoWrite)).toBe("TOPIC_AUTHORIZATION_FAILED");

      // Revoke.
      const deleted = await admin.deleteAcls({ filters: teamAcls });
      expect(deleted.filterResponses.flatMap((response) => response.matchingAcls)).toHaveLength(2);
      const revoked = await poll(
        () => consumeAs(brokers(), TEAM, teamPassword, groupIds, 5_000),
        (result) => !result.ok && kafkaErrorType(result.error) === "TOPIC_AUTHORIZATION_FAILED",
        30_000,
      );
      expect(revoked.ok, revoked.ok ? "still consuming after deleteAcls" : "").toBe(false);
      if (!revoked.ok)
        expect(kafkaErrorType(revoked.error), describeError(revoked.error)).toBe(
          "TOPIC_AUTHORIZATION_FAILED",
        );
    },
  );

  it("keeps topics across a restart", { timeout: 120_000 }, async () => {
    await admin.disconnect();
    const port = Number(brokers().split(":")[1]);
    await broker?.stop();
    expect((await kafkaStatus(dataDir)).running).toBe(false);

    broker = await startKafka({ dataDir, port, controllerPort: await freePort() });
    expect(broker.reused).toBe(false);
    admin = client(broker.brokers, PORTAL_PRINCIPAL.username, PORTAL_PRINCIPAL.password).admin();
    await admin.connect();
    expect(await admin.listTopics()).toContain(TOPIC);
  });
});
