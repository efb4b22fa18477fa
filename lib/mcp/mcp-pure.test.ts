import { describe, expect, it } from "vitest";
import type { ProductDto } from "@/lib/catalog/dto";
import { HIGHLIGHT_END as E, HIGHLIGHT_START as S } from "@/lib/catalog/schemas";
import { demoteHeadings, productMarkdown } from "./markdown";
import { matchReasons } from "./match";
import { toolRefusal } from "./permissions";
import { redactArguments } from "./redact";
import { parsePortRef, SampleEventsInput } from "./schemas";

describe("redactArguments", () => {
  it("hides values under secret-sounding names, at any depth, and keeps the rest", () => {
    expect(
      redactArguments({
        query: "payments",
        apiToken: "mp_abc",
        nested: { password: "x", Authorization: "Bearer y", keep: [1, "two"] },
        client_secret: "s",
      }),
    ).toEqual({
      query: "payments",
      apiToken: "[redacted]",
      nested: { password: "[redacted]", Authorization: "[redacted]", keep: [1, "two"] },
      client_secret: "[redacted]",
    });
  });
  it("cuts long strings and lists, elides deep nesting, and writes NUL as its escape", () => {
    const long = redactArguments("x".repeat(600)) as string;
    expect(long.startsWith("x".repeat(500))).toBe(true);
    expect(long).toContain("(600 characters)");
    const list = redactArguments(Array.from({ length: 60 }, (_, i) => i)) as unknown[];
    expect(list).toHaveLength(51);
    expect(list.at(-1)).toBe("… 10 more");
    expect(redactArguments({ a: { b: { c: { d: { e: { f: { g: 1 } } } } } } })).toEqual({
      a: { b: { c: { d: { e: { f: "[nested too deep]" } } } } },
    });
    expect(redactArguments({ "k\u0000": "a\u0000b" })).toEqual({ "k\\u0000": "a\\u0000b" });
  });
});

describe("toolRefusal", () => {
  const tool = { name: "request_access", scope: "access:request" as const };
  it("needs the mcp scope and the tool's own scope", () => {
    expect(toolRefusal(["read", "access:request"], tool)).toMatch(/"mcp" scope/);
    expect(toolRefusal(["mcp", "read"], tool)).toMatch(
      /request_access needs a token with the "access:request" scope/,
    );
    expect(toolRefusal(["mcp", "access:request"], tool)).toBeNull();
    expect(toolRefusal(["mcp"], { name: "get_product", scope: "read" })).toMatch(/"read" scope/);
  });
});

describe("port references", () => {
  it("reads <product-slug>/<port-name> and nothing else", () => {
    expect(parsePortRef("order-events/order-events")).toEqual({ slug: "order-events", port: "order-events" });
    for (const bad of ["order-events", "a/b/c", "/x", "x/", "Order/Events", "a b/c"])
      expect(parsePortRef(bad), bad).toBeNull();
  });
  it("validates sample_events input like the live tail's query", () => {
    expect(SampleEventsInput.safeParse({ port: "a/b", n: 50, filter: '$.status="PAID"' }).success).toBe(true);
    expect(SampleEventsInput.safeParse({ port: "a/b", n: 51 }).success).toBe(false);
    expect(SampleEventsInput.safeParse({ port: "a/b", filter: "$.[" }).success).toBe(false);
    expect(SampleEventsInput.safeParse({ port: "8b0b7f3c-0c8e-4a7b-9a53-3c1f0a4e5d21" }).success).toBe(true);
  });
});

describe("matchReasons", () => {
  const item = {
    name: "Payment Authorizations",
    tags: ["payments", "pci"],
    domain: { slug: "payments", name: "Payments" },
    ownerTeam: { slug: "payments", name: "Payments" },
    highlight: { name: `${S}Payment${E} Authorizations`, snippet: `every card ${S}payment${E} attempt` },
  };
  it("says where the words were found, with the excerpt, and which filters it passed", () => {
    expect(matchReasons(item, { query: "payment", domain: ["payments"], kind: ["SOURCE_ALIGNED"] })).toEqual([
      "name: «Payment» Authorizations",
      "tag: payments",
      "domain: Payments",
      "owner team: Payments",
      "description: every card «payment» attempt",
      "filter: domain is payments",
      "filter: kind is SOURCE_ALIGNED",
    ]);
  });
  it("names the correction when the words matched nothing, and falls back to docs and fields", () => {
    const plain = {
      ...item,
      name: "Ledger",
      tags: [],
      domain: { slug: "finance", name: "Finance" },
      ownerTeam: { slug: "finance", name: "Finance" },
      highlight: undefined,
    };
    expect(matchReasons(plain, { query: "paymnet" }, "payment")).toEqual([
      'no product matched "paymnet"; matched the correction "payment"',
      "its documentation or schema field names contain the words",
    ]);
    expect(matchReasons(plain, {})).toEqual([]);
  });
});

describe("demoteHeadings", () => {
  it("moves headings one level down, never inside code fences", () => {
    expect(demoteHeadings("# A\n## B\ntext #1\n```md\n## not a heading\n```\n###### six")).toBe(
      "## A\n### B\ntext #1\n```md\n## not a heading\n```\n###### six",
    );
  });
});

describe("productMarkdown", () => {
  const product = {
    id: "p1",
    slug: "order-events",
    name: "Order Events",
    summary: "Every order.",
    description: "## Purpose\n\nThe heartbeat.",
    kind: "SOURCE_ALIGNED",
    lifecycle: "ACTIVE",
    tags: ["orders"],
    serviceLevels: { freshness: "< 5 s", availability: "" },
    termsOfUse: "No resale.",
    revision: 1,
    updatedAt: "2026-12-01T00:00:00.000Z",
    publishedAt: null,
    deprecation: null,
    retiredAt: null,
    domain: { slug: "orders", name: "Orders" },
    ownerTeam: {
      id: "t1",
      slug: "orders",
      name: "Orders",
      members: [{ name: "Alice", email: "alice@x", role: "OWNER" }],
    },
    outputPorts: [
      {
        id: "port-1",
        name: "order-events",
        description: "Lifecycle | events",
        type: "KAFKA_TOPIC",
        address: "orders.order-events.v1",
        server: "kafka",
        format: "json",
        compatibility: "BACKWARD",
        state: "ACTIVE",
        partitions: 3,
        retentionHours: 24,
        cleanupPolicy: null,
        keyDescription: "",
        provisioningError: null,
        live: true,
        predecessor: null,
        successor: null,
        schema: {
          version: 2,
          versions: 2,
          format: "JSON_SCHEMA",
          fields: [
            {
              path: "customer.email",
              type: "string",
              description: "Who | ordered",
              required: true,
              classification: "PII",
            },
          ],
        },
        consumers: [
          {
            slug: "order-status",
            name: "Order Status",
            kind: "AGGREGATE",
            domain: { slug: "orders", name: "Orders" },
            flagged: false,
          },
        ],
        contract: { contractId: "c-1", version: "2.0.0", status: "ACTIVE", checkStatus: "NOT_EVALUATED" },
      },
    ],
    consumes: [],
  } as unknown as ProductDto;

  it("writes docs, owners, service levels, the schema table and the contract in a fence", () => {
    const md = productMarkdown(
      product,
      new Map([["port-1", "apiVersion: v3.1.0\nnote: ```tricky```\n"]]),
      "https://portal/products/order-events",
    );
    expect(md).toMatch(/^# Order Events\n\n> Every order\.\n/);
    expect(md).toContain("## Documentation\n\n### Purpose\n\nThe heartbeat.");
    expect(md).toContain("Alice <alice@x> (owner)");
    expect(md).toContain("- **freshness:** < 5 s");
    expect(md).not.toContain("availability");
    expect(md).toContain("| `customer.email` | string | yes | pii | Who \\| ordered |");
    expect(md).toContain("- **Reference:** `order-events/order-events`");
    expect(md).toContain("checks on the live stream: not evaluated");
    expect(md).toContain("````yaml\napiVersion: v3.1.0\nnote: ```tricky```\n````");
    expect(md).toContain("https://portal/products/order-events");
  });
});
