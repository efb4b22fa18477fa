/**
 * npm run bench -- mcp: what an AI assistant waits for. The MCP SDK's own client calls each tool
 * through the portal's /api/mcp handler (web Requests answered in process: bearer token lookup,
 * the per-token rate limit, validation, the domain call, the audit row — everything but the
 * socket) on a scratch PostgreSQL database seeded with the demo mesh and a fresh broker.
 * Targets (this issue names none; chosen for an assistant's turn): every read tool p95 ≤ 100 ms,
 * a warm sample of 10 events p95 ≤ 50 ms.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { findCurrentUser } from "@/lib/auth/find-user";
import { createApiToken } from "@/lib/auth/tokens";
import { env, setEnv } from "@/lib/core/env";
import { openDatabase } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { createRng, generateEvent } from "@/lib/demo/events";
import { DEMO_PRODUCTS } from "@/lib/demo/mesh";
import { seedDemoMesh } from "@/lib/demo/seed";
import { createKafka } from "@/lib/kafka/client-config";
import { createScratchDatabase, dropDatabase, ensurePostgres } from "../lib/postgres";
import { benchBroker } from "./broker";
import { measure, numberOption, printTimings, type Timing } from "./stats";

const TOPIC = "orders.order-events.v1";

export async function benchMcp(): Promise<void> {
  const CALLS = numberOption("calls", 100);
  await ensurePostgres();
  const broker = await benchBroker();
  const scratch = await createScratchDatabase("meshport_bench_mcp");
  setEnv({
    DATABASE_URL: scratch.url,
    MESHPORT_BACKGROUND: "0",
    MESHPORT_PUBLIC_URL: "http://localhost:3000",
    MESHPORT_MCP_CALLS_PER_MINUTE: "100000",
  });
  const { handleMcpRequest } = await import("@/lib/mcp/http");
  const { tailHub } = await import("@/lib/tail/process-hub");
  const { createAccessRequest, decideAccessRequest } = await import("@/lib/access/mutations");
  const database = await openDatabase({ url: scratch.url });
  const prisma = database.prisma;
  const kafka = createKafka(env(), { retries: 8 });
  const admin = kafka.admin();
  const producer = kafka.producer();
  let client: Client | undefined;
  try {
    await database.withSession((s) => applyMigrations(s));
    await seedDemoMesh(prisma, { kafkaServer: `kafka://${env().KAFKA_BROKERS}` });
    await Promise.all([admin.connect(), producer.connect()]);
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: TOPIC, numPartitions: 3 }] });
    const product = DEMO_PRODUCTS.find((p) => p.slug === "order-events")!;
    const port = product.outputPorts.find((p) => p.address === TOPIC)!;
    const rng = createRng(1);
    await producer.send({
      topic: TOPIC,
      messages: Array.from({ length: 600 }, (_, i) => ({
        key: `bench-${i}`,
        value: JSON.stringify(generateEvent(product, port, rng, new Date()).value),
      })),
    });
    const user = async (email: string) => (await findCurrentUser(prisma, { email }))!;
    const [alice, bob] = [await user("alice@meshport.dev"), await user("bob@meshport.dev")];
    const portId = (await prisma.outputPort.findFirstOrThrow({ where: { address: TOPIC } })).id;
    const request = await createAccessRequest(prisma, bob, {
      portId,
      teamSlug: "marketing-analytics",
      purpose: "Benchmark: sample events as a grantee",
      justification: "",
    });
    await decideAccessRequest(prisma, alice, request.id, "approve");
    const { token } = await createApiToken(
      prisma,
      { ...bob, credential: { kind: "session", sessionId: "bench" } },
      { name: "bench", expiresInDays: 1, scopes: ["mcp", "read"] },
    );
    const transport = () =>
      new StreamableHTTPClientTransport(new URL("http://localhost:3000/api/mcp"), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
        fetch: (url, init) => handleMcpRequest(new Request(url, init)),
      });
    client = new Client({ name: "meshport-bench", version: "1.0.0" });
    await client.connect(transport());
    const c = client;
    const call = async (name: string, args: Record<string, unknown>) => {
      const result = (await c.callTool({ name, arguments: args })) as CallToolResult;
      if (result.isError) throw new Error(`${name}: ${(result.content[0] as { text: string }).text}`);
      return result;
    };
    const timings: Timing[] = [];
    const run = async (name: string, fn: () => Promise<unknown>, runs = CALLS) =>
      timings.push(await measure(name, fn, runs, Math.min(10, runs)));

    await run("connect (initialize) + tools/list", async () => {
      const fresh = new Client({ name: "meshport-bench", version: "1.0.0" });
      await fresh.connect(transport());
      await fresh.listTools();
      await fresh.close();
    });
    await run("search_products «payment»", () => call("search_products", { query: "payment" }));
    await run("search_products «order» + domain facet", () =>
      call("search_products", { query: "order", domain: ["orders"] }),
    );
    await run("get_product order-events", () => call("get_product", { slug: "order-events" }));
    await run("get_lineage order-events depth 2", () =>
      call("get_lineage", { slug: "order-events", depth: 2 }),
    );
    await run("impact_of_change order-events.customer", () =>
      call("impact_of_change", { port: "order-events/order-events", field: "customer" }),
    );
    await run("my_access", () => call("my_access", {}));
    await run("sample_events n=10 (masked, warm)", () =>
      call("sample_events", { port: "order-events/order-events", n: 10 }),
    );
    await run("sample_events n=50 filter eventType (masked)", () =>
      call("sample_events", { port: "order-events/order-events", n: 50, filter: '$.eventType="PLACED"' }),
    );
    await run("resources/read order-events (markdown)", () =>
      c.readResource({ uri: "meshport://products/order-events" }),
    );
    // The cold sample: the topic's consumer starts and fills its ring (after its linger ends).
    await tailHub().shutdown();
    const holder = globalThis as unknown as { __meshportTail?: unknown };
    holder.__meshportTail = undefined;
    await run(
      "sample_events n=10, cold (topic not tailed yet)",
      async () => {
        await call("sample_events", { port: "order-events/order-events", n: 10 });
        await tailHub().shutdown();
        holder.__meshportTail = undefined;
      },
      5,
    );
    printTimings(`MCP tool calls through the SDK client (${CALLS} calls each, one after another)`, timings);
    const audited = await prisma.auditEvent.count({ where: { action: { startsWith: "mcp." } } });
    console.log(`\naudit rows written: ${audited} (one per tool call and resource read)`);
    const slowRead = timings.filter(
      (t) => !t.name.startsWith("connect") && !t.name.includes("cold") && t.p95 > 100,
    );
    const warm = timings.find((t) => t.name.startsWith("sample_events n=10 (masked, warm)"))!;
    console.log(
      `targets: read tools p95 ≤ 100 ms — ${slowRead.length === 0 ? "met" : `missed by ${slowRead.map((t) => t.name).join(", ")}`}; warm sample p95 ≤ 50 ms — ${warm.p95 <= 50 ? "met" : "missed"} (${warm.p95.toFixed(1)} ms)`,
    );
  } finally {
    await client?.close().catch(() => undefined);
    await tailHub()
      .shutdown()
      .catch(() => undefined);
    await Promise.all([admin.disconnect(), producer.disconnect()]).catch(() => undefined);
    await database.close();
    // The handler's own pool (lib/db/server) goes too, before its database does.
    await (
      await import("@/lib/db/server")
    )
      .getDatabase()
      .then((d) => d.close())
      .catch(() => undefined);
    await dropDatabase(scratch.name);
    await broker?.stop();
  }
}
