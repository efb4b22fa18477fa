import { ANY_USER } from "./permissions";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { findCurrentUser } from "@/lib/auth/find-user";
import type { CurrentUser } from "@/lib/auth/types";
import type { Database } from "@/lib/db/client";
import { seedDemoMesh } from "@/lib/demo/seed";
import { LOCAL_BROKER_PASSWORD, localKafka, type Kafka } from "@/lib/kafka/client-config";
import { openTestDatabase } from "@/scripts/test-support/database";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { PortType } from "@/lib/generated/prisma/enums";
import { importContract as importOnto } from "@/lib/publishing/contract-import";
import type { AddressContext } from "./contract-io";
import { exportPortContract } from "./port-contracts";
import { registerTopicPort } from "./mutations";
import { findPortAddressConflicts } from "./port-address";

// A port's address is a claim on a broker resource (issue #11, item 1): on the real database and
// broker, every way a document can name someone else's topic, an internal topic or an existing
// one is refused, and the one function that decides it serializes concurrent claims.
const KAFKA_SERVER = "kafka://127.0.0.1:9092";
let database: Database;
let kafka: Kafka;
let alice: CurrentUser;
let dave: CurrentUser;
let carol: CurrentUser;
let addresses: AddressContext;
const existingTopic = `it.unregistered.${Date.now()}`;

async function currentUser(email: string): Promise<CurrentUser> {
  return (await findCurrentUser(database.prisma, { email }))!;
}

beforeAll(async () => {
  database = await openTestDatabase();
  await seedDemoMesh(database.prisma, { kafkaServer: KAFKA_SERVER });
  alice = await currentUser("alice@meshport.dev");
  dave = await currentUser("dave@meshport.dev");
  carol = await currentUser("carol@meshport.dev");
  kafka = localKafka(inject("kafkaBrokers"), "meshport", LOCAL_BROKER_PASSWORD, {
    clientId: "it-port-address",
  });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: existingTopic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  addresses = {
    kafkaServer: KAFKA_SERVER,
    portalTopics: ["meshport.catalog.events", "meshport.notifications.v1"],
    listBrokerTopics: async () => {
      const a = kafka.admin();
      await a.connect();
      try {
        return await a.listTopics();
      } finally {
        await a.disconnect();
      }
    },
  };
});
afterAll(async () => {
  await database.close();
});

/**
 * Imports onto the port the document's id names, else as a new port (these tests claim
 * addresses through new ports): the contract import's `port` choice, made for the tests.
 */
async function importContract(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
  yaml: string,
  dryRun: boolean,
  addresses: AddressContext,
) {
  const id = /^id: (.+)$/m.exec(yaml)?.[1]?.trim();
  const known = id ? await prisma.dataContract.findUnique({ where: { contractId: id } }) : null;
  return importOnto(
    prisma,
    user,
    slug,
    yaml,
    { dryRun, ...(known ? {} : { port: "new" as const }) },
    addresses,
  );
}

// The last product of each team: other test files use the first, and share this database.
const product = (team: string) =>
  database.prisma.dataProduct.findFirstOrThrow({
    where: { ownerTeam: { slug: team } },
    orderBy: { slug: "desc" },
    include: { outputPorts: true },
  });

/** A minimal ODCS v3.1.0 contract with one schema object at `physicalName`, on `servers` (YAML lines). */
function contract(
  slug: string,
  port: { name: string; physicalName: string; physicalType?: string; servers?: string[] },
): string {
  return [
    "apiVersion: v3.1.0",
    "kind: DataContract",
    `id: ${slug}.${port.name}`,
    "version: 1.0.0",
    "status: active",
    "description:",
    "  purpose: Test contract.",
    "schema:",
    `  - name: ${port.name}`,
    `    physicalName: ${JSON.stringify(port.physicalName)}`,
    `    physicalType: ${port.physicalType ?? "topic"}`,
    "    properties:",
    "      - name: id",
    "        logicalType: string",
    ...(port.servers ? ["servers:", ...port.servers] : []),
    "",
  ].join("\n");
}

const kafkaServerEntry = (host: string) => [
  "  - server: production",
  "    type: kafka",
  `    host: ${JSON.stringify(host)}`,
];

describe("claims on Kafka topics", () => {
  it.each([
    ["no servers entry", undefined],
    ["the same broker", kafkaServerEntry("127.0.0.1:9092")],
    ["localhost", kafkaServerEntry("localhost:9092")],
    ["upper-case alias", kafkaServerEntry("LOCALHOST:9092")],
    ["another host name", kafkaServerEntry("kafka-1.example.com:9093")],
  ])(
    "refuses another team's topic named through %s (409), and nothing is written",
    async (_label, servers) => {
      const orders = await product("orders");
      const payments = await product("payments");
      const victim = payments.outputPorts.find((p) => p.type === "KAFKA_TOPIC")!;
      const yaml = contract(orders.slug, {
        name: "stolen",
        physicalName: victim.address,
        ...(servers ? { servers } : {}),
      });
      for (const dryRun of [true, false]) {
        await expect(
          importContract(database.prisma, alice, orders.slug, yaml, dryRun, addresses),
        ).rejects.toMatchObject({
          status: 409,
          message: expect.stringContaining(victim.address),
        });
      }
      expect(await database.prisma.outputPort.count({ where: { address: victim.address } })).toBe(1);
      expect(
        await database.prisma.outputPort.count({ where: { productId: orders.id, name: "stolen" } }),
      ).toBe(0);
    },
  );

  it.each([
    "meshport.catalog.events",
    "meshport.notifications.v1",
    "__consumer_offsets",
    "__transaction_state",
    "__anything",
  ])("never lets %s be a port, not even for an admin (403)", async (topic) => {
    const orders = await product("orders");
    await expect(
      importContract(
        database.prisma,
        alice,
        orders.slug,
        contract(orders.slug, { name: "internal", physicalName: topic }),
        false,
        addresses,
      ),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      importContract(
        database.prisma,
        carol,
        orders.slug,
        contract(orders.slug, { name: "internal", physicalName: topic }),
        false,
        addresses,
      ),
    ).rejects.toMatchObject({ status: 403 });
    const input = {
      productSlug: orders.slug,
      topic,
      name: "internal",
      description: "",
      format: "json" as const,
      compatibility: "BACKWARD" as const,
    };
    await expect(registerTopicPort(database.prisma, carol, input, addresses)).rejects.toMatchObject({
      status: 403,
    });
  });

  it("refuses a topic name Kafka would refuse (422)", async () => {
    const orders = await product("orders");
    for (const bad of ["has space", "a/b", "x".repeat(250), ".."]) {
      await expect(
        importContract(
          database.prisma,
          alice,
          orders.slug,
          contract(orders.slug, { name: "bad", physicalName: bad }),
          true,
          addresses,
        ),
      ).rejects.toMatchObject({ status: 422 });
    }
  });

  it("leaves linking an existing, unregistered topic to admins", async () => {
    const orders = await product("orders");
    await expect(
      importContract(
        database.prisma,
        alice,
        orders.slug,
        contract(orders.slug, { name: "existing", physicalName: existingTopic }),
        false,
        addresses,
      ),
    ).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining("admin"),
    });
    const input = {
      productSlug: orders.slug,
      topic: existingTopic,
      name: "existing",
      description: "",
      format: "json" as const,
      compatibility: "BACKWARD" as const,
    };
    await expect(registerTopicPort(database.prisma, alice, input, addresses)).rejects.toMatchObject({
      status: 403,
    });
    const port = await registerTopicPort(database.prisma, carol, input, addresses);
    expect(port.address).toBe(existingTopic);
    await expect(
      registerTopicPort(database.prisma, carol, { ...input, name: "again" }, addresses),
    ).rejects.toMatchObject({ status: 409 });
  });

  it("lets an owner claim a topic that does not exist yet, once; the next claim by anyone is 409", async () => {
    const orders = await product("orders");
    const payments = await product("payments");
    const topic = `orders.brand-new.v${Date.now()}`;
    const applied = await importContract(
      database.prisma,
      alice,
      orders.slug,
      contract(orders.slug, {
        name: "brand-new",
        physicalName: topic,
        servers: kafkaServerEntry("localhost:9092"),
      }),
      false,
      addresses,
    );
    expect(applied.applied).toBe(true);
    const stored = await database.prisma.outputPort.findFirstOrThrow({
      where: { productId: orders.id, name: "brand-new" },
    });
    expect(stored).toMatchObject({ address: topic, server: KAFKA_SERVER });
    // Re-importing the same document keeps the address: allowed.
    await expect(
      importContract(
        database.prisma,
        alice,
        orders.slug,
        contract(orders.slug, { name: "brand-new", physicalName: topic }),
        false,
        addresses,
      ),
    ).resolves.toMatchObject({ applied: true });
    await expect(
      importContract(
        database.prisma,
        dave,
        payments.slug,
        contract(payments.slug, { name: "mine-too", physicalName: topic }),
        false,
        addresses,
      ),
    ).rejects.toMatchObject({ status: 409 });
    await expect(
      importContract(
        database.prisma,
        carol,
        payments.slug,
        contract(payments.slug, { name: "mine-too", physicalName: topic }),
        false,
        addresses,
      ),
    ).rejects.toMatchObject({ status: 409 });
  });

  it("lets exactly one of two concurrent claims of a new topic win", async () => {
    // Two products of one domain: the topic follows the naming policy for both.
    const orders = await product("orders");
    const payments = await database.prisma.dataProduct.findFirstOrThrow({
      where: { ownerTeam: { slug: "orders" }, lifecycle: "ACTIVE", slug: { not: orders.slug } },
      orderBy: { slug: "asc" },
    });
    const topic = `orders.race.v${Date.now()}`;
    const results = await Promise.allSettled([
      importContract(
        database.prisma,
        alice,
        orders.slug,
        contract(orders.slug, { name: "race", physicalName: topic }),
        false,
        addresses,
      ),
      importContract(
        database.prisma,
        alice,
        payments.slug,
        contract(payments.slug, { name: "race", physicalName: topic }),
        false,
        addresses,
      ),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { status: 409 } });
    expect(await database.prisma.outputPort.count({ where: { address: topic } })).toBe(1);
  });

  it("never moves a live port's topic: a breaking change is a new major (422)", async () => {
    const orders = await product("orders");
    const topic = `orders.movable.v${Date.now()}`;
    await importContract(
      database.prisma,
      alice,
      orders.slug,
      contract(orders.slug, { name: "movable", physicalName: topic }),
      false,
      addresses,
    );
    const port = await database.prisma.outputPort.findFirstOrThrow({
      where: { productId: orders.id, name: "movable" },
    });
    const moved = contract(orders.slug, { name: "movable", physicalName: `${topic}-moved` });
    await expect(
      importContract(database.prisma, alice, orders.slug, moved, false, addresses),
    ).rejects.toMatchObject({ status: 422, message: expect.stringContaining("keeps its topic") });
    expect(await database.prisma.outputPort.findUniqueOrThrow({ where: { id: port.id } })).toMatchObject({
      address: topic,
    });
  });
});

describe("claims on tables and files", () => {
  it.each([
    ["postgres://LOCALHOST:5432", "Shop.Public.Orders_Claimed"],
    ["postgresql://127.0.0.1", "shop.public.orders_claimed"],
    ["postgres://localhost:5432/", "SHOP.PUBLIC.ORDERS_CLAIMED"],
  ])("one port per normalized table: %s %s is taken (409)", async (server, table) => {
    const payments = await product("payments");
    const orders = await product("orders");
    const first = `postgres://127.0.0.1:5432`;
    if ((await database.prisma.outputPort.count({ where: { name: "claimed-table" } })) === 0) {
      const yaml = contract(orders.slug, {
        name: "claimed-table",
        physicalName: "shop.public.orders_claimed",
        physicalType: "table",
        servers: [
          "  - server: wh",
          "    type: postgres",
          "    host: 127.0.0.1",
          "    port: 5432",
          "    database: shop",
          "    schema: public",
        ],
      });
      await importContract(database.prisma, alice, orders.slug, yaml, false, addresses);
      expect(
        await database.prisma.outputPort.findFirstOrThrow({ where: { name: "claimed-table" } }),
      ).toMatchObject({ server: first });
    }
    const [, host, port] = /^postgres(?:ql)?:\/\/([^:/]+)(?::(\d+))?/i.exec(server)!;
    const yaml = contract(payments.slug, {
      name: "copy",
      physicalName: table,
      physicalType: "table",
      servers: [
        "  - server: wh",
        "    type: postgres",
        `    host: ${host}`,
        `    port: ${port ?? 5432}`,
        "    database: shop",
        "    schema: public",
      ],
    });
    await expect(
      importContract(database.prisma, dave, payments.slug, yaml, false, addresses),
    ).rejects.toMatchObject({ status: 409 });
  });
});

describe("findPortAddressConflicts", () => {
  it("reports ports that expose the same resource after normalization and ports on reserved topics", async () => {
    const orders = await product("orders");
    const payments = await product("payments");
    const stamp = Date.now();
    const topic = `dup.topic.v${stamp}`;
    // Rows as an older version could write them: same topic under two server strings.
    await database.prisma.outputPort.create({
      data: {
        productId: orders.id,
        name: "dup-a",
        type: "KAFKA_TOPIC",
        address: topic,
        server: "kafka://127.0.0.1:9092",
      },
    });
    await database.prisma.outputPort.create({
      data: {
        productId: payments.id,
        name: "dup-b",
        type: "KAFKA_TOPIC",
        address: topic,
        server: "kafka://localhost:9092",
      },
    });
    await database.prisma.outputPort.create({
      data: {
        productId: payments.id,
        name: "events",
        type: "KAFKA_TOPIC",
        address: "meshport.catalog.events",
        server: "kafka://elsewhere:9092",
      },
    });
    // Pairs the start-up query must find although their stored text differs: a topic with
    // spaces around it, a table in other case (a non-ASCII one too) on another spelling of its
    // server, a file path with "." and ".." in it. And two that only look alike.
    const pairs: [string, PortType, string, string][] = [
      ["dup-c", "KAFKA_TOPIC", "", ` ${topic}-b\u00a0`],
      ["dup-d", "KAFKA_TOPIC", "", `${topic}-b`],
      ["dup-e", "TABLE", "postgres://localhost:5432/shop", `Shop.Public.Ärger${stamp}`],
      ["dup-f", "TABLE", "postgresql://127.0.0.1/shop", `shop.public.ärger${stamp}`],
      ["dup-g", "FILE", "s3://Lake", `s3://lake/raw/./x/../orders-${stamp}.parquet`],
      ["dup-h", "FILE", "s3://lake", `s3://LAKE/raw/orders-${stamp}.parquet/`],
      ["apart-a", "TABLE", "postgres://db-1/shop", `shop.public.t${stamp}`],
      ["apart-b", "TABLE", "postgres://db-2/shop", `shop.public.t${stamp}`],
    ];
    for (const [name, type, server, address] of pairs) {
      await database.prisma.outputPort.create({
        data: { productId: (name < "dup-e" ? orders : payments).id, name, type, server, address },
      });
    }
    const names = ["dup-a", "dup-b", "events", ...pairs.map(([name]) => name)];
    try {
      const report = await findPortAddressConflicts(database.prisma, KAFKA_SERVER, addresses.portalTopics);
      const conflicts = report.duplicates.map((d) =>
        d.ports
          .map((p) => p.name)
          .filter((name) => names.includes(name))
          .sort(),
      );
      expect(conflicts.filter((list) => list.length > 0).sort()).toEqual([
        ["dup-a", "dup-b"],
        ["dup-c", "dup-d"],
        ["dup-e", "dup-f"],
        ["dup-g", "dup-h"],
      ]);
      expect(report.reserved.map((p) => p.name)).toContain("events");
    } finally {
      // Other test files share this database: leave no broken rows behind.
      await database.prisma.outputPort.deleteMany({
        where: { name: { in: names }, productId: { in: [orders.id, payments.id] } },
      });
    }
  });
});

describe("round trip", () => {
  it("exports each port's contract, claimed Kafka and table ports too, and imports it back unchanged", async () => {
    const orders = await product("orders");
    for (const port of orders.outputPorts) {
      const { yaml } = await exportPortContract(database.prisma, ANY_USER, port.id);
      const dry = await importOnto(database.prisma, alice, orders.slug, yaml, { dryRun: true }, addresses);
      expect(dry.preview.match).toMatchObject({ by: "contract-id", portId: port.id });
      expect(dry.preview.port?.action).toBe("unchanged");
      expect(dry.preview.contract).toEqual([]);
    }
  });
});
