import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { findCurrentUser } from "@/lib/auth/find-user";
import type { TokenScope } from "@/lib/auth/scopes";
import { createApiToken } from "@/lib/auth/tokens";
import type { CurrentUser } from "@/lib/auth/types";
import { env, setEnv } from "@/lib/core/env";
import { createRng, generateEvent } from "@/lib/demo/events";
import { DEMO_PRODUCTS } from "@/lib/demo/mesh";
import { seedDemoMesh } from "@/lib/demo/seed";
import { createKafka, type Admin, type Producer } from "@/lib/kafka/client-config";
import { openOwnDatabase } from "@/scripts/test-support/database";
import { SseReader } from "@/scripts/test-support/sse";
// Loaded after setEnv (they read the environment when first imported); the types come first.
import type * as Http from "./http";
import type * as Hub from "@/lib/tail/process-hub";
import type * as Stream from "@/lib/tail/stream";
import type * as AccessMutations from "@/lib/access/mutations";
import type * as AccessQueries from "@/lib/access/queries";

// The MCP server through the SDK's own client (Client + StreamableHTTPClientTransport: code
// nobody here wrote) over real HTTP semantics — every request is a web Request answered by the
// portal's /api/mcp handler — on real PostgreSQL and the real broker. The authorization matrix at
// the end runs every tool as every persona.
const RUN = Date.now();
const TOPIC = "orders.order-events.v1";
const BASE = "http://portal.test:3000";

let m: {
  http: typeof Http;
  hub: typeof Hub;
  stream: typeof Stream;
  access: typeof AccessMutations;
  queries: typeof AccessQueries;
};
let database: Awaited<ReturnType<typeof openOwnDatabase>>;
let admin: Admin;
let producer: Producer;
const users: Record<string, CurrentUser> = {};
const tokens: Record<string, string> = {};
const clients: Client[] = [];

/** A personal access token of `persona` with `scopes`, made as the tokens page makes it. */
async function tokenOf(persona: string, scopes: TokenScope[]): Promise<{ token: string; id: string }> {
  const user = users[persona]!;
  const created = await createApiToken(
    database.prisma,
    { ...user, credential: { kind: "session", sessionId: "test" } },
    {
      name: `mcp-it ${persona} ${scopes.join(" ")}`,
      expiresInDays: 1,
      scopes,
    },
  );
  return { token: created.token, id: created.id };
}

/** The SDK's transport, its requests answered by the portal's handler (and counted). */
function transportFor(token: string | null, seen?: Response[]) {
  return new StreamableHTTPClientTransport(new URL(`${BASE}/api/mcp`), {
    requestInit: token ? { headers: { authorization: `Bearer ${token}` } } : {},
    fetch: async (url, init) => {
      const res = await m.http.handleMcpRequest(new Request(url, init));
      seen?.push(res.clone());
      return res;
    },
  });
}

async function connect(token: string): Promise<Client> {
  const client = new Client({ name: "meshport-mcp-it", version: "1.0.0" });
  await client.connect(transportFor(token));
  clients.push(client);
  return client;
}

type Outcome = { ok: true; data: Record<string, unknown> } | { ok: false; code: string; message: string };

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<Outcome> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  if (result.isError) {
    const text = (result.content[0] as { text: string }).text;
    const body = JSON.parse(text) as { error: { code: string; message: string } };
    return { ok: false, ...body.error };
  }
  expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual(result.structuredContent);
  return { ok: true, data: result.structuredContent! };
}

const okData = (o: Outcome) => {
  if (!o.ok) throw new Error(`expected success, got ${o.code}: ${o.message}`);
  return o.data;
};

/** Order events like the demo producer's (customer and shippingAddress are PII), keyed for this run. */
async function produceOrders(count: number): Promise<string[]> {
  const product = DEMO_PRODUCTS.find((p) => p.slug === "order-events")!;
  const port = product.outputPorts.find((p) => p.address === TOPIC)!;
  const rng = createRng(RUN);
  const keys = Array.from({ length: count }, (_, i) => `mcp-${RUN}-${i}`);
  await producer.send({
    topic: TOPIC,
    messages: keys.map((key) => ({
      key,
      value: JSON.stringify(generateEvent(product, port, rng, new Date()).value),
    })),
  });
  return keys;
}

beforeAll(async () => {
  database = await openOwnDatabase("meshport_it_mcp");
  setEnv({
    KAFKA_BROKERS: inject("kafkaBrokers"),
    DATABASE_URL: database.url,
    MESHPORT_PUBLIC_URL: BASE,
    MESHPORT_MCP_CALLS_PER_MINUTE: "1000",
  });
  m = {
    http: await import("./http"),
    hub: await import("@/lib/tail/process-hub"),
    stream: await import("@/lib/tail/stream"),
    access: await import("@/lib/access/mutations"),
    queries: await import("@/lib/access/queries"),
  };
  await seedDemoMesh(database.prisma, { kafkaServer: `kafka://${inject("kafkaBrokers")}` });
  for (const email of ["alice", "bob", "dave", "carol", "omar"])
    users[email] = (await findCurrentUser(database.prisma, { email: `${email}@meshport.dev` }))!;
  const kafka = createKafka(env(), { retries: 8 });
  admin = kafka.admin();
  producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  if (!(await admin.listTopics()).includes(TOPIC))
    await admin
      .createTopics({ waitForLeaders: true, topics: [{ topic: TOPIC, numPartitions: 3 }] })
      .catch(() => false);
  // Access through the portal's own code: Marketing Analytics reads Order Events (approved, ACLs
  // on the broker) and asked for Payment Authorizations (pending); Finance reads those (approved).
  const portId = async (slug: string) =>
    (await database.prisma.outputPort.findFirstOrThrow({ where: { product: { slug }, type: "KAFKA_TOPIC" } }))
      .id;
  const file = (who: string, team: string, slug: string) =>
    portId(slug).then((id) =>
      m.access.createAccessRequest(database.prisma, users[who]!, {
        portId: id,
        teamSlug: team,
        purpose: "Fixture: access the MCP tests rely on",
        justification: "",
      }),
    );
  const ordersGrant = await file("bob", "marketing-analytics", "order-events");
  expect(
    await m.access.decideAccessRequest(database.prisma, users.alice!, ordersGrant.id, "approve"),
  ).toMatchObject({
    grant: { status: "active" },
  });
  await file("bob", "marketing-analytics", "payment-authorizations");
  const finance = await file("omar", "finance", "payment-authorizations");
  await m.access.decideAccessRequest(database.prisma, users.dave!, finance.id, "approve");
  for (const persona of Object.keys(users))
    tokens[persona] = (await tokenOf(persona, ["mcp", "read", "access:request"])).token;
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  await m?.hub.tailHub().shutdown();
  await Promise.all([admin?.disconnect(), producer?.disconnect()]);
  await database?.drop();
});

describe("the MCP server through the SDK client", () => {
  it("introduces itself and lists its seven tools with input and output schemas", async () => {
    const client = await connect(tokens.bob!);
    expect(client.getServerVersion()).toMatchObject({ name: "meshport" });
    expect(client.getInstructions()).toContain("search_products");
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      "search_products",
      "get_product",
      "get_lineage",
      "impact_of_change",
      "request_access",
      "my_access",
      "sample_events",
    ]);
    for (const tool of tools) {
      expect(tool.description!.length, tool.name).toBeGreaterThan(80);
      expect(tool.inputSchema.type).toBe("object");
      expect(tool.outputSchema?.type).toBe("object");
    }
    const request = tools.find((t) => t.name === "request_access")!;
    expect(request.annotations).toMatchObject({ readOnlyHint: false });
    expect(request.inputSchema.required).toEqual(expect.arrayContaining(["port", "team", "purpose"]));
  });

  it("search finds the payment products first, and says why each matched", async () => {
    const client = await connect(tokens.bob!);
    const data = okData(await call(client, "search_products", { query: "payment" }));
    const items = data.items as { slug: string; name: string; domain: { slug: string }; matched: string[] }[];
    expect(items.length).toBeGreaterThan(2);
    const top = items.slice(0, 3);
    for (const item of top) expect(item.name.toLowerCase()).toContain("payment");
    expect(top[0]!.matched[0]).toMatch(/^name: .*«Payment»/);
    // A facet narrows it; a typo still finds them ("did you mean").
    const inDomain = okData(
      await call(client, "search_products", { query: "payment", domain: ["payments"] }),
    );
    for (const item of inDomain.items as { domain: { slug: string }; matched: string[] }[]) {
      expect(item.domain.slug).toBe("payments");
      expect(item.matched).toContain("filter: domain is payments");
    }
    const typo = okData(await call(client, "search_products", { query: "paymnet" }));
    expect(typo.didYouMean).toBe("payment");
    expect((typo.items as { name: string }[])[0]!.name.toLowerCase()).toContain("payment");
  });

  it("get_product gives docs, owners, ports with classified fields, the contract and your access", async () => {
    const bob = await connect(tokens.bob!);
    const product = okData(await call(bob, "get_product", { slug: "order-events" }));
    expect(product.ownerTeam).toMatchObject({ slug: "orders" });
    expect((product.ownerTeam as { members: { email: string }[] }).members.map((x) => x.email)).toContain(
      "alice@meshport.dev",
    );
    const port = (
      product.ports as {
        ref: string;
        schema: { fields: { path: string; classification: string }[] };
        contract: { contractId: string } | null;
        yourAccess: { status: string; team: string };
      }[]
    )[0]!;
    expect(port.ref).toBe("order-events/order-events");
    expect(port.schema.fields.find((f) => f.path.startsWith("customer"))?.classification).toBe("PII");
    expect(port.contract?.contractId).toBeTruthy();
    expect(port.yourAccess).toMatchObject({ status: "granted", team: "marketing-analytics" });
    const alice = await connect(tokens.alice!);
    const own = okData(await call(alice, "get_product", { slug: "order-events" }));
    expect((own.ports as { yourAccess: { status: string } }[])[0]!.yourAccess.status).toBe("owner");
  });

  it("get_lineage and impact_of_change read the same graph as the lineage pages", async () => {
    const client = await connect(tokens.bob!);
    const lineage = okData(await call(client, "get_lineage", { slug: "order-events", depth: 1 }));
    const nodes = lineage.nodes as { id: string; depth: number }[];
    expect(nodes).toContainEqual(expect.objectContaining({ id: "product:order-events", depth: 0 }));
    expect(nodes.some((n) => n.depth === 1)).toBe(true);
    for (const edge of lineage.edges as { from: string; to: string }[]) {
      expect(nodes.map((n) => n.id)).toContain(edge.from);
      expect(nodes.map((n) => n.id)).toContain(edge.to);
    }
    const impact = okData(
      await call(client, "impact_of_change", { port: "order-events/order-events", field: "customer" }),
    );
    const affected = impact.affected as { depth: number; product: { slug: string }; grantTeams: string[] }[];
    expect(affected[0]).toMatchObject({ depth: 0, product: { slug: "order-events" } });
    expect(affected[0]!.grantTeams).toContain("Marketing Analytics");
    expect(affected.filter((a) => a.depth > 0).length).toBeGreaterThan(0);
  });

  it("sample_events: raw for the owner team, masked for a grantee exactly as the live tail, refused for others", async () => {
    const keys = await produceOrders(5);
    const alice = await connect(tokens.alice!);
    const bob = await connect(tokens.bob!);
    const dave = await connect(tokens.dave!);
    const filter = `mcp-${RUN}`;
    type Sample = {
      masked: boolean;
      maskedFields: string[];
      via: string;
      events: {
        key: string;
        id?: string;
        partition: number;
        offset: string;
        value: Record<string, unknown>;
        masked: string[];
      }[];
    };
    const raw = okData(
      await call(alice, "sample_events", { port: "order-events/order-events", n: 5, filter }),
    ) as Sample;
    expect(raw).toMatchObject({ masked: false, maskedFields: [], via: "owner" });
    expect(raw.events.map((e) => e.key).sort()).toEqual([...keys].sort());
    for (const e of raw.events) {
      expect(e.masked).toEqual([]);
      expect(JSON.stringify(e.value.customer)).not.toContain("***");
    }
    const masked = okData(
      await call(bob, "sample_events", { port: "order-events/order-events", n: 5, filter }),
    ) as Sample;
    expect(masked).toMatchObject({ masked: true, via: "grant" });
    expect(masked.maskedFields.some((f) => f.startsWith("customer"))).toBe(true);
    expect(masked.events).toHaveLength(5);
    for (const e of masked.events) expect(e.masked.length).toBeGreaterThan(0);

    // The live tail shows bob the very same events byte for byte.
    const abort = new AbortController();
    const res = await m.stream.openTailStream({
      prisma: database.prisma,
      hub: m.hub.tailHub(),
      user: users.bob!,
      portId: (await database.prisma.outputPort.findFirstOrThrow({ where: { address: TOPIC } })).id,
      query: m.stream.TailQuery.parse({ from: "last:1000", filter }),
      signal: abort.signal,
      maxStreamsPerUser: 5,
    });
    const reader = new SseReader(res.body!);
    await reader.until((r) => r.messages().length >= 5, 15_000, "bob's five events on the live tail");
    const tailed = reader.messages<Sample["events"][number]>().map(({ id: _id, ...rest }) => rest);
    abort.abort();
    reader.cancel();
    expect(masked.events).toEqual(tailed);

    const refused = await call(dave, "sample_events", { port: "order-events/order-events", n: 5 });
    expect(refused).toMatchObject({ ok: false, code: "forbidden" });
    expect(!refused.ok && refused.message).toMatch(
      /request_access with port "order-events\/order-events", team "payments"/,
    );
  }, 60_000);

  it("request_access files the request a person would, in the owners' inbox, marked as filed through an agent", async () => {
    const bob = await connect(tokens.bob!);
    const filed = okData(
      await call(bob, "request_access", {
        port: "order-status/order-status",
        team: "marketing-analytics",
        purpose: "Measure delivery times per campaign cohort",
        expiresAt: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10),
      }),
    );
    expect(filed).toMatchObject({ status: "pending", team: "marketing-analytics", decidingTeam: "Orders" });
    expect(filed.url).toBe(`${BASE}/access/requests/${String(filed.id)}`);
    const inbox = await m.queries.listAccessRequests(database.prisma, users.alice!, {
      as: "owner",
      status: "PENDING",
    });
    const mine = inbox.items.find((r) => r.id === filed.id);
    expect(mine).toMatchObject({
      filedVia: "mcp",
      requester: { email: "bob@meshport.dev" },
      team: { slug: "marketing-analytics" },
    });
    const event = await database.prisma.outboxEvent.findFirstOrThrow({
      where: { type: "dev.meshport.access_request.created", subject: `access_request/${String(filed.id)}` },
    });
    expect(event.payload).toMatchObject({ via: "mcp", actorId: users.bob!.id });
    // The same rules as the form: twice is a conflict, a team you are not in is forbidden.
    const again = await call(bob, "request_access", {
      port: "order-status/order-status",
      team: "marketing-analytics",
      purpose: "Measure delivery times per campaign cohort",
    });
    expect(again).toMatchObject({ ok: false, code: "conflict" });
    const notMine = await call(bob, "request_access", {
      port: "order-status/order-status",
      team: "finance",
      purpose: "Not my team, whatever the agent thinks",
    });
    expect(notMine).toMatchObject({ ok: false, code: "forbidden" });
    expect(!notMine.ok && notMine.message).toBe(
      'You request only for your own teams: marketing-analytics (not "finance")',
    );
    const mineNow = okData(await call(bob, "my_access", { status: "pending" }));
    expect(
      (mineNow.requests as { id: string; filedVia: string }[]).find((r) => r.id === filed.id)?.filedVia,
    ).toBe("mcp");
  });

  it("refuses a token without the mcp scope, a missing token, and a tool beyond the token's scopes", async () => {
    const readOnly = await tokenOf("bob", ["read", "access:request"]);
    const seen: Response[] = [];
    const client = new Client({ name: "meshport-mcp-it", version: "1.0.0" });
    await expect(client.connect(transportFor(readOnly.token, seen))).rejects.toThrow();
    expect(seen[0]?.status).toBe(403);
    expect(await seen[0]!.json()).toMatchObject({
      error: { code: "forbidden", message: expect.stringContaining('"mcp" scope') },
    });

    const anonymous: Response[] = [];
    await expect(
      new Client({ name: "x", version: "1" }).connect(transportFor(null, anonymous)),
    ).rejects.toThrow();
    expect(anonymous[0]?.status).toBe(401);

    const mcpRead = await tokenOf("bob", ["mcp", "read"]);
    const limited = await connect(mcpRead.token);
    const refused = await call(limited, "request_access", {
      port: "order-status/order-status",
      team: "marketing-analytics",
      purpose: "A purpose long enough to be valid",
    });
    expect(refused).toMatchObject({ ok: false, code: "forbidden" });
    expect(!refused.ok && refused.message).toContain('"access:request" scope');
    okData(await call(limited, "my_access", {}));
  });

  it("validates tool input: bad input is a tool error, never a crash, and the server keeps answering", async () => {
    const client = await connect(tokens.bob!);
    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      ["get_product", { slug: "Not A Slug!" }, "validation_failed", /slug: must be a product slug/],
      ["get_product", { slug: "no-such-product" }, "not_found", /no-such-product/],
      ["get_product", {}, "validation_failed", /slug/],
      ["get_product", { slug: "order-events", extra: 1 }, "validation_failed", /extra/],
      ["get_lineage", { slug: "order-events", depth: 99 }, "validation_failed", /depth/],
      ["sample_events", { port: "order-events/order-events", n: 500 }, "validation_failed", /n: at most 50/],
      ["sample_events", { port: "order-events/order-events", filter: "$.[" }, "validation_failed", /filter/],
      ["sample_events", { port: "nope" }, "validation_failed", /port: must be <product-slug>\/<port-name>/],
      ["impact_of_change", { port: "order-events/no-such-port" }, "not_found", /Output port/],
      [
        "impact_of_change",
        { port: "order-events/order-events", field: "no.such.field" },
        "validation_failed",
        /field: order-events\/order-events has no field "no.such.field" in schema version \d+ \(its fields: /,
      ],
      ["get_lineage", { slug: "order-events", depth: 9 }, "validation_failed", /depth: must be 1 to 5/],
      [
        "request_access",
        { port: "order-events/order-events", team: "marketing-analytics", purpose: "short" },
        "validation_failed",
        /purpose/,
      ],
      [
        "request_access",
        {
          port: "order-events/order-events",
          team: "marketing-analytics",
          purpose: "A long enough purpose",
          expiresAt: "2020-01-01",
        },
        "validation_failed",
        /expiresAt: must be in the future/,
      ],
      ["search_products", { query: "a\u0000b" }, "validation_failed", /NUL/],
      ["search_products", { kind: ["NOT_A_KIND"] }, "validation_failed", /kind/],
      ["no_such_tool", {}, "not_found", /no_such_tool/],
    ];
    for (const [tool, args, code, message] of cases) {
      const outcome = await call(client, tool, args);
      expect(outcome, `${tool} ${JSON.stringify(args)}`).toMatchObject({ ok: false, code });
      expect(!outcome.ok && outcome.message, tool).toMatch(message);
    }
    okData(await call(client, "get_product", { slug: "order-events" }));
  });

  it("audits every call (who, which token, which tool, arguments without secrets) and rate limits per token", async () => {
    const { token, id } = await tokenOf("dave", ["mcp", "read"]);
    const client = await connect(token);
    await call(client, "search_products", { query: "ledger", apiToken: "mp_should_not_be_stored" });
    await call(client, "get_product", { slug: "Bad Slug" });
    const rows = await database.prisma.auditEvent.findMany({
      where: { action: "mcp.tool_called", subjectId: id },
      orderBy: { occurredAt: "asc" },
    });
    expect(
      rows.map((r) => [
        r.actorId,
        (r.data as { tool: string }).tool,
        (r.data as { outcome: string }).outcome,
      ]),
    ).toEqual([
      [users.dave!.id, "search_products", "validation_failed"],
      [users.dave!.id, "get_product", "validation_failed"],
    ]);
    expect(rows[0]!.subjectType).toBe("api_token");
    expect((rows[0]!.data as { arguments: Record<string, unknown> }).arguments).toEqual({
      query: "ledger",
      apiToken: "[redacted]",
    });

    setEnv({ MESHPORT_MCP_CALLS_PER_MINUTE: "3" });
    try {
      const limited = await tokenOf("dave", ["mcp", "read"]);
      const fresh = await connect(limited.token);
      // Every call counts, a call of an unknown tool too; refused calls are audited once a window.
      const outcomes = [await call(fresh, "no_such_tool", {})];
      for (let i = 0; i < 4; i++) outcomes.push(await call(fresh, "my_access", {}));
      expect(outcomes.map((o) => (o.ok ? "ok" : o.code))).toEqual([
        "not_found",
        "ok",
        "ok",
        "rate_limited",
        "rate_limited",
      ]);
      expect(!outcomes[3]!.ok && outcomes[3]!.message).toMatch(/try again in \d+ s/);
      await expect(fresh.readResource({ uri: "meshport://products/order-events" })).rejects.toThrow(
        /rate_limited/,
      );
      const audited = await database.prisma.auditEvent.findMany({
        where: { subjectId: limited.id },
        orderBy: { occurredAt: "asc" },
      });
      expect(audited.map((r) => (r.data as { outcome: string }).outcome)).toEqual([
        "not_found",
        "ok",
        "ok",
        "rate_limited",
      ]);
      // Another token of the same user has its own budget.
      okData(await call(client, "my_access", {}));
    } finally {
      setEnv({ MESHPORT_MCP_CALLS_PER_MINUTE: "1000" });
    }
  });

  it("answers what is not one JSON-RPC message over a bearer token with a 4xx, and audits unstorable text safely", async () => {
    const post = (body: string, token = tokens.bob!) =>
      m.http.handleMcpRequest(
        new Request(`${BASE}/api/mcp`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${token}`,
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
          },
          body,
        }),
      );
    const call1 = {
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "my_access", arguments: {} },
    };
    const cancel = { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 1 } };
    const batch = await post(JSON.stringify([call1, cancel]));
    expect(batch.status).toBe(400);
    expect(await batch.json()).toMatchObject({
      error: { code: "bad_request", message: expect.stringContaining("batches") },
    });
    const notJson = await post("{");
    expect(notJson.status).toBe(400);
    const huge = await post(
      JSON.stringify({ ...call1, params: { name: "my_access", arguments: { x: "y".repeat(300_000) } } }),
    );
    expect(huge.status).toBe(413);
    const single = await post(JSON.stringify(call1));
    expect(single.status).toBe(200);
    expect(await single.json()).toMatchObject({
      id: 1,
      result: { structuredContent: { teams: expect.any(Array) } },
    });

    const { token, id } = await tokenOf("bob", ["mcp", "read"]);
    const client = await connect(token);
    const lone = await call(client, "search_products", { query: "pay\ud800ment", "k\udc00": 1 });
    expect(lone).toMatchObject({ ok: false, code: "validation_failed" });
    expect(!lone.ok && lone.message).toContain("valid Unicode");
    const badCursor = client.listResources({ cursor: "1e21" });
    await expect(badCursor).rejects.toThrow(/validation_failed/);
    const rows = await database.prisma.auditEvent.findMany({
      where: { subjectId: id },
      orderBy: { occurredAt: "asc" },
    });
    expect(rows.map((r) => [r.action, (r.data as { outcome: string }).outcome])).toEqual([
      ["mcp.tool_called", "validation_failed"],
      ["mcp.resource_read", "validation_failed"],
    ]);
    expect((rows[0]!.data as { arguments: Record<string, unknown> }).arguments).toEqual({
      query: "pay\ufffdment",
      "k\ufffd": 1,
    });
  });

  it("serves each product as a markdown resource with its contract", async () => {
    const client = await connect(tokens.bob!);
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toContain("meshport://products/order-events");
    expect(resources.map((r) => r.uri)).not.toContain("meshport://products/product-margins");
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates[0]?.uriTemplate).toBe("meshport://products/{slug}");
    const read = await client.readResource({ uri: "meshport://products/order-events" });
    const text = (read.contents[0] as { text: string; mimeType: string }).text;
    expect(read.contents[0]?.mimeType).toBe("text/markdown");
    expect(text).toMatch(/^# Order Events\n/);
    expect(text).toContain("| `customer");
    expect(text).toContain("apiVersion: v3");
    expect(text).toContain(`${BASE}/products/order-events`);
    await expect(client.readResource({ uri: "meshport://products/product-margins" })).rejects.toThrow(
      /not_found/,
    );
  });
});

describe("authorization matrix: every tool × persona", () => {
  // alice owns Order Events (Orders); bob's team has a grant on it; dave's team has none; carol is
  // an admin; omar's team (Finance) owns the draft Product Margins, which nobody else may see.
  const personas = ["alice", "bob", "dave", "carol", "omar"] as const;
  type Expect = Record<(typeof personas)[number], string>;
  const all = (v: string): Expect => ({ alice: v, bob: v, dave: v, carol: v, omar: v });
  const DRAFT = "product-margins";
  const cases: [string, (p: string) => Record<string, unknown>, Expect][] = [
    ["search_products", () => ({ query: "order" }), all("ok")],
    ["get_product", () => ({ slug: "order-events" }), all("ok")],
    ["get_product", () => ({ slug: DRAFT }), { ...all("not_found"), carol: "ok", omar: "ok" }],
    ["get_lineage", () => ({ slug: DRAFT }), { ...all("not_found"), carol: "ok", omar: "ok" }],
    [
      "impact_of_change",
      () => ({ port: `${DRAFT}/margins-table` }),
      { ...all("not_found"), carol: "ok", omar: "ok" },
    ],
    ["my_access", () => ({}), all("ok")],
    [
      "sample_events",
      () => ({ port: "order-events/order-events", n: 1 }),
      { alice: "ok", bob: "ok", carol: "ok", dave: "forbidden", omar: "forbidden" },
    ],
    [
      "sample_events",
      () => ({ port: `${DRAFT}/margins-table`, n: 1 }),
      { ...all("not_found"), carol: "bad_request", omar: "bad_request" },
    ],
    [
      "request_access",
      (p) => ({
        port: "payment-authorizations/authorizations",
        team: {
          alice: "orders",
          bob: "marketing-analytics",
          dave: "payments",
          carol: "platform",
          omar: "finance",
        }[p],
        purpose: "Matrix: one request per persona",
      }),
      // Bob's team asked already (demo history); dave's team owns it; finance holds a grant.
      { alice: "ok", bob: "conflict", dave: "conflict", carol: "ok", omar: "conflict" },
    ],
    [
      "request_access",
      () => ({
        port: `${DRAFT}/margins-table`,
        team: "orders",
        purpose: "Matrix: a draft takes no requests",
      }),
      { ...all("not_found"), alice: "not_found", carol: "forbidden", omar: "forbidden" },
    ],
  ];

  it("each persona gets the answer the portal's rules give", async () => {
    const draftPorts = await database.prisma.outputPort.findMany({
      where: { product: { slug: DRAFT } },
      select: { name: true },
    });
    expect(draftPorts.map((p) => p.name)).toContain("margins-table");
    const connected = Object.fromEntries(
      await Promise.all(personas.map(async (p) => [p, await connect(tokens[p]!)] as const)),
    );
    const got: string[] = [];
    const want: string[] = [];
    for (const [tool, args, expected] of cases)
      for (const p of personas) {
        const outcome = await call(connected[p]!, tool, args(p));
        got.push(`${tool} ${JSON.stringify(args(p))} as ${p}: ${outcome.ok ? "ok" : outcome.code}`);
        want.push(`${tool} ${JSON.stringify(args(p))} as ${p}: ${expected[p]}`);
      }
    expect(got).toEqual(want);
  }, 60_000);
});
