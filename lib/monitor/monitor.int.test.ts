import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { findCurrentUser } from "@/lib/auth/find-user";
import type { CurrentUser } from "@/lib/auth/types";
import { ANY_USER } from "@/lib/catalog/permissions";
import { env, setEnv } from "@/lib/core/env";
import { seedDemoMesh } from "@/lib/demo/seed";
import { createKafka } from "@/lib/kafka/client-config";
import { TailHub } from "@/lib/tail/hub";
import { openOwnDatabase } from "@/scripts/test-support/database";
import { adminPerRequest, poll, produceAsTeam } from "@/scripts/test-support/kafka-consume";
// Loaded after setEnv (they read the environment when first imported); the types come first.
import type * as Products from "@/lib/publishing/products";
import type * as Ports from "@/lib/publishing/ports";
import type * as Lifecycle from "@/lib/publishing/lifecycle";
import type * as AddressContext from "@/lib/catalog/address-context";
import type * as Monitor from "./monitor";
import type * as Queries from "./queries";
import type * as Mutations from "./mutations";
import type * as PortContracts from "@/lib/catalog/port-contracts";

// The contract monitor on the real broker: a published port whose producer sends known good and
// bad events. The window's counts are exact, the contract turns failing and opens incidents (with
// outbox events); a window of good events resolves them as recovered.
const STAMP = Date.now();
const SLUG = `monitored-${STAMP}`;
const TOPIC = `orders.monitored-${STAMP}.v1`;
const BROKERS = () => inject("kafkaBrokers");

type Modules = {
  products: typeof Products;
  ports: typeof Ports;
  lifecycle: typeof Lifecycle;
  context: typeof AddressContext;
  monitor: typeof Monitor;
  queries: typeof Queries;
  mutations: typeof Mutations;
  contracts: typeof PortContracts;
};
let m: Modules;
let database: Awaited<ReturnType<typeof openOwnDatabase>>;
let alice: CurrentUser;
let dave: CurrentUser;
let hub: TailHub;
let portId: string;
// The monitor's clock, moved by the tests: the start of this hour, so the windows it records are
// among the last day's that the checks page reads (a fixed date fell out of that day a day later).
let clock = Math.floor(Date.now() / 3_600_000) * 3_600_000;
let monitor: InstanceType<Modules["monitor"]["ContractMonitor"]>;

const SCHEMA = {
  type: "object",
  required: ["eventId", "email", "currency", "amount"],
  properties: {
    eventId: {
      type: "string",
      description: "Event id",
      "x-odcs": { quality: [{ type: "library", metric: "duplicateValues", mustBe: 0 }] },
    },
    email: { type: "string", description: "Buyer's email", "x-classification": "PII" },
    currency: {
      type: "string",
      description: "ISO 4217 code",
      enum: ["EUR", "USD"],
      "x-odcs": { quality: [{ type: "library", metric: "nullValues", mustBe: 0, unit: "rows" }] },
    },
    amount: { type: "number", description: "Amount" },
  },
  "x-odcs": {
    quality: [
      { type: "library", metric: "rowCount", mustBeGreaterThan: 0 },
      { type: "sql", query: "SELECT COUNT(*) FROM ${object} WHERE amount < 0", mustBe: 0 },
    ],
  },
};

let n = 0;
const good = () =>
  JSON.stringify({ eventId: `e-${n++}`, email: `buyer${n}@example.com`, currency: "EUR", amount: 10 });

async function produce(values: string[]) {
  const sent = await produceAsTeam(BROKERS(), "orders", TOPIC, values);
  expect(sent).toEqual({ ok: true });
}

async function seen(count: number) {
  const stats = await poll(
    async () => monitor.stats(portId),
    (s) => (s?.seen ?? 0) >= count,
    30_000,
    100,
  );
  expect(stats?.seen).toBe(count);
}

beforeAll(async () => {
  setEnv({ KAFKA_BROKERS: BROKERS() });
  m = {
    products: await import("@/lib/publishing/products"),
    ports: await import("@/lib/publishing/ports"),
    lifecycle: await import("@/lib/publishing/lifecycle"),
    context: await import("@/lib/catalog/address-context"),
    monitor: await import("./monitor"),
    queries: await import("./queries"),
    mutations: await import("./mutations"),
    contracts: await import("@/lib/catalog/port-contracts"),
  };
  database = await openOwnDatabase("meshport_it_monitor");
  await seedDemoMesh(database.prisma, { kafkaServer: `kafka://${BROKERS()}` });
  const user = async (email: string) => (await findCurrentUser(database.prisma, { email }))!;
  alice = await user("alice@meshport.dev");
  dave = await user("dave@meshport.dev");
  await m.products.createProduct(database.prisma, alice, {
    name: `Monitored ${STAMP}`,
    slug: SLUG,
    domain: "orders",
    kind: "AGGREGATE",
    ownerTeam: "orders",
    summary: "Checked on the live stream",
    description: "## Purpose\nExercises the contract monitor.",
    tags: [],
  });
  const port = await m.ports.addPort(
    database.prisma,
    alice,
    SLUG,
    {
      type: "KAFKA_TOPIC",
      name: "payments",
      description: "Payments with a currency",
      address: TOPIC,
      partitions: 2,
      retentionHours: 24,
      cleanupPolicy: "DELETE",
      keyDescription: "",
      schema: { format: "JSON_SCHEMA", definition: SCHEMA, compatibility: "BACKWARD", classifications: {} },
    },
    m.context.addressContext(),
  );
  portId = port.id;
  const published = await m.lifecycle.changeLifecycle(database.prisma, alice, SLUG, { to: "ACTIVE" });
  expect(published.ports.map((p) => p.state)).toEqual(["ACTIVE"]);
  const kafka = createKafka(env(), { retries: 8 });
  hub = new TailHub({ kafka, withAdmin: adminPerRequest(kafka), lingerMs: 500 });
  monitor = new m.monitor.ContractMonitor({
    prisma: database.prisma,
    hub,
    windowSeconds: 300,
    maxEventsPerSecond: 100_000,
    now: () => clock,
    only: new Set([portId]),
  });
});

afterAll(async () => {
  await monitor?.stop();
  await hub?.shutdown();
  await database?.drop();
});

describe("the contract monitor on the real broker", () => {
  it("publishing made the port's contract active (a version per change)", async () => {
    const contract = await m.contracts.getPortContract(database.prisma, ANY_USER, portId);
    expect(contract.status).toBe("ACTIVE");
    const versions = await m.contracts.listContractVersions(database.prisma, ANY_USER, portId);
    expect(versions.versions.map((v) => v.status)).toEqual(["ACTIVE", "DRAFT"]);
  });

  it("counts a window of good and bad events exactly and opens incidents", async () => {
    await monitor.refresh();
    expect(monitor.stats(portId)?.rules).toEqual([
      "schema",
      "rowCount",
      "sql",
      "duplicateValues:eventId",
      "nullValues:currency",
      "invalidValues:currency",
    ]);
    // The shared consumer starts at the live end: wait until it is live before producing.
    await poll(
      async () => hub.topicState(TOPIC),
      (s) => s === "live",
      30_000,
      100,
    );
    const goods = Array.from({ length: 50 }, good);
    const bad = [
      JSON.stringify({ eventId: "bad-1", email: "nocurrency1@example.com", amount: 5 }),
      JSON.stringify({ eventId: "bad-2", email: "nocurrency2@example.com", currency: null, amount: 5 }),
      JSON.stringify({ eventId: "bad-3", email: "xxx@example.com", currency: "XXX", amount: 5 }),
      goods[0]!, // a duplicate event id
    ];
    await produce([...goods, ...bad]);
    await seen(54);
    await monitor.flush({ force: true });

    const windows = await database.prisma.contractCheckWindow.findMany({ where: { portId } });
    const byRule = Object.fromEntries(windows.map((w) => [w.rule, w]));
    expect(windows).toHaveLength(6);
    // missing currency (1), currency null (1), currency XXX not in the enum (1)
    expect(byRule.schema).toMatchObject({ status: "FAILING", seen: 54, sampleSize: 54, failures: 3 });
    expect(byRule["nullValues:currency"]).toMatchObject({ status: "FAILING", measured: 2, failures: 2 });
    expect(byRule["invalidValues:currency"]).toMatchObject({ status: "FAILING", measured: 1, failures: 1 });
    expect(byRule["duplicateValues:eventId"]).toMatchObject({ status: "FAILING", measured: 1 });
    expect(byRule.rowCount).toMatchObject({ status: "PASSING", measured: 54 });
    expect(byRule.sql).toMatchObject({ status: "NOT_EVALUATED", measured: null });
    // The first failing event in arrival order (two partitions: either of the two).
    expect(["bad-1", "bad-2"]).toContain(
      (byRule["nullValues:currency"]!.example as { eventId: string }).eventId,
    );

    const contract = await database.prisma.dataContract.findUniqueOrThrow({ where: { portId } });
    expect(contract.checkStatus).toBe("FAILING");
    const incidents = await database.prisma.contractIncident.findMany({
      where: { portId },
      orderBy: { rule: "asc" },
    });
    expect(incidents.map((i) => [i.rule, i.state])).toEqual([
      ["duplicateValues:eventId", "OPEN"],
      ["invalidValues:currency", "OPEN"],
      ["nullValues:currency", "OPEN"],
      ["schema", "OPEN"],
    ]);
    const outbox = await database.prisma.outboxEvent.findMany({
      where: { type: "dev.meshport.contract.rule_failing", subject: `output_port/${portId}` },
    });
    expect(outbox.map((e) => (e.payload as { rule: string }).rule).sort()).toEqual(
      incidents.map((i) => i.rule),
    );
  });

  it("masks the failing example for everyone but the owner team", async () => {
    const owner = await m.queries.getPortChecks(database.prisma, alice, portId);
    const other = await m.queries.getPortChecks(database.prisma, dave, portId);
    const ownerExample = owner.rules.find((r) => r.rule === "schema")!.example as { email: string };
    const otherExample = other.rules.find((r) => r.rule === "schema")!.example as { email: string };
    expect(["nocurrency1@example.com", "nocurrency2@example.com"]).toContain(ownerExample.email);
    expect(otherExample.email).not.toBe(ownerExample.email);
    expect(otherExample.email).not.toContain("@example.com");
    expect(owner.status).toBe("FAILING");
    expect(owner.canHandleIncidents).toBe(true);
    expect(other.canHandleIncidents).toBe(false);
    expect(owner.series.find((s) => s.rule === "schema")!.points).toHaveLength(1);
    // Details and incident messages name paths, never values: everyone sees them.
    const shown = JSON.stringify([other.rules.map((r) => r.detail), other.incidents.map((i) => i.message)]);
    expect(shown).not.toContain("XXX");
    expect(shown).not.toContain("@example.com");
  });

  it("lets the owners acknowledge an incident, and nobody else", async () => {
    const open = await database.prisma.contractIncident.findFirstOrThrow({
      where: { portId, rule: "schema" },
    });
    await expect(
      m.mutations.actOnIncident(database.prisma, dave, portId, open.id, "acknowledge"),
    ).rejects.toMatchObject({
      status: 403,
    });
    const acked = await m.mutations.actOnIncident(database.prisma, alice, portId, open.id, "acknowledge");
    expect(acked).toMatchObject({ state: "ACKNOWLEDGED", acknowledgedBy: "Alice Okafor" });
    await expect(
      m.mutations.actOnIncident(database.prisma, alice, portId, open.id, "acknowledge"),
    ).rejects.toMatchObject({
      status: 409,
    });
  });

  it("resolves the incidents as recovered when a window passes", async () => {
    clock += 300_000;
    await produce(Array.from({ length: 20 }, good));
    await seen(20);
    await monitor.flush({ force: true });
    const latest = await database.prisma.contractCheckWindow.findMany({
      where: { portId, windowStart: new Date(clock - (clock % 300_000)) },
    });
    expect(latest.find((w) => w.rule === "schema")).toMatchObject({
      status: "PASSING",
      seen: 20,
      failures: 0,
    });
    const incidents = await database.prisma.contractIncident.findMany({ where: { portId } });
    expect(incidents.every((i) => i.state === "RESOLVED" && i.resolution === "recovered")).toBe(true);
    expect((await database.prisma.dataContract.findUniqueOrThrow({ where: { portId } })).checkStatus).toBe(
      "PASSING",
    );
    const recovered = await database.prisma.outboxEvent.count({
      where: { type: "dev.meshport.contract.rule_recovered", subject: `output_port/${portId}` },
    });
    expect(recovered).toBe(4);
  });
});

describe("retention", () => {
  it("folds windows older than a day into hourly ones and drops what is older than 30 days", async () => {
    const { compactWindows } = await import("./store");
    const now = new Date(Date.UTC(2026, 11, 20, 12, 0, 0));
    const hour = Date.UTC(2026, 11, 18, 9, 0, 0);
    const row = (minutes: number, status: "PASSING" | "FAILING", failures: number) => ({
      portId,
      rule: "retention-test",
      windowStart: new Date(hour + minutes * 60_000),
      windowSeconds: 300,
      status,
      measured: failures,
      sampleSize: 100,
      seen: 100,
      failures,
      detail: "",
      ...(failures > 0 ? { example: { n: minutes } } : {}),
    });
    await database.prisma.contractCheckWindow.createMany({
      data: [
        row(0, "PASSING", 0),
        row(5, "FAILING", 3),
        row(10, "FAILING", 2),
        // Yesterday-but-recent (kept as it is) and older than 30 days (dropped).
        { ...row(0, "PASSING", 0), windowStart: new Date(now.getTime() - 3_600_000) },
        { ...row(0, "PASSING", 0), windowStart: new Date(now.getTime() - 31 * 86_400_000) },
      ],
    });
    await compactWindows(database.prisma, now);
    const rows = await database.prisma.contractCheckWindow.findMany({
      where: { portId, rule: "retention-test" },
      orderBy: { windowStart: "asc" },
    });
    expect(rows.map((r) => [r.windowStart.toISOString(), r.windowSeconds])).toEqual([
      [new Date(hour).toISOString(), 3600],
      [new Date(now.getTime() - 3_600_000).toISOString(), 300],
    ]);
    expect(rows[0]).toMatchObject({
      status: "FAILING",
      failures: 5,
      sampleSize: 300,
      seen: 300,
      example: { n: 5 },
    });
  });
});
