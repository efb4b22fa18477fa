import { describe, expect, it } from "vitest";
import {
  computeScorecard,
  DATSIS_LABELS,
  type DatsisDimension,
  type Scorecard,
  type ScorecardInput,
  type ScorecardPort,
} from "./datsis";

const DOCS = [
  "# Order events",
  "",
  "Every state change of a customer order in the web shop, published the moment the order service commits it. ".repeat(
    8,
  ),
  "",
  "## How to consume",
  "",
  "Subscribe to the topic with a consumer group named after your team; the key is the order id.",
  "Records carry the full order, so a consumer never needs to join back to the order service.",
].join("\n");

function complete(): ScorecardInput {
  return {
    name: "Order events",
    summary: "Every state change of a customer order, as it happens.",
    description: DOCS,
    tags: ["orders", "e-commerce"],
    lifecycle: "ACTIVE",
    domain: "sales",
    ownerTeam: "Checkout",
    ownerMembers: 3,
    serviceLevels: { freshness: "< 5 s", availability: "99.9 %", retention: "30 days" },
    termsOfUse: "Internal analytics and operations only; no onward sharing.",
    accessPolicy: true,
    outputPorts: [
      {
        name: "order-events",
        type: "KAFKA_TOPIC",
        address: "sales.order-events.v1",
        server: "kafka:9092",
        format: "avro",
        description: "Order events.",
        compatibility: "BACKWARD",
        schema: {
          versions: 2,
          fields: [
            { path: "orderId", type: "string", description: "Order id.", classification: "PUBLIC" },
            { path: "customer", type: "object", description: "The buyer.", classification: "PII" },
            { path: "customer.email", type: "string", description: "Email.", classification: "PII" },
            { path: "customer.name", type: "string", description: "Full name.", classification: "PII" },
            { path: "items", type: "array<object>", description: "Order lines.", classification: "INTERNAL" },
            { path: "items[].sku", type: "string", description: "SKU.", classification: "INTERNAL" },
            {
              path: "items[].unitPrice",
              type: "number",
              description: "Price.",
              classification: "CONFIDENTIAL",
            },
            { path: "placedAt", type: "timestamp", description: "When.", classification: "INTERNAL" },
          ],
        },
      },
      {
        name: "orders-daily",
        type: "TABLE",
        address: "sales.orders_daily",
        server: "",
        format: "parquet",
        description: "Daily snapshot.",
        compatibility: "FULL",
        schema: {
          versions: 1,
          fields: [
            { path: "day", type: "date", description: "Day.", classification: "INTERNAL" },
            { path: "orderCount", type: "long", description: "Orders that day.", classification: "INTERNAL" },
          ],
        },
      },
    ],
  };
}

function withPort(input: ScorecardInput, index: number, patch: Partial<ScorecardPort>): ScorecardInput {
  return { ...input, outputPorts: input.outputPorts.map((p, i) => (i === index ? { ...p, ...patch } : p)) };
}

function withFields(
  input: ScorecardInput,
  index: number,
  patch: (
    fields: NonNullable<ScorecardPort["schema"]>["fields"],
  ) => NonNullable<ScorecardPort["schema"]>["fields"],
): ScorecardInput {
  const port = input.outputPorts[index]!;
  return withPort(input, index, {
    schema: { versions: port.schema!.versions, fields: patch(port.schema!.fields) },
  });
}

function failed(card: Scorecard): { dimension: DatsisDimension; id: string; fix: string }[] {
  return card.dimensions.flatMap((d) =>
    d.checks.filter((c) => !c.passed).map((c) => ({ dimension: d.dimension, id: c.id, fix: c.fix })),
  );
}

/** The single failed check of a product that differs from `complete()` in one thing. */
function onlyFailure(input: ScorecardInput): { dimension: DatsisDimension; id: string; fix: string } {
  const failures = failed(computeScorecard(input));
  expect(failures.map((f) => f.id)).toHaveLength(1);
  return failures[0]!;
}

describe("computeScorecard", () => {
  it("scores a complete product 100 in every dimension, in DATSIS order", () => {
    const card = computeScorecard(complete());
    expect(failed(card)).toEqual([]);
    expect(card.overall).toBe(100);
    expect(card.dimensions.map((d) => [d.dimension, d.label, d.score])).toEqual([
      ["discoverable", "Discoverable", 100],
      ["addressable", "Addressable", 100],
      ["trustworthy", "Trustworthy", 100],
      ["selfDescribing", "Self-describing", 100],
      ["interoperable", "Interoperable", 100],
      ["secure", "Secure", 100],
    ]);
  });

  it("has 2–4 checks per dimension, with unique ids, positive weights and a fix each", () => {
    const card = computeScorecard(complete());
    const ids = card.dimensions.flatMap((d) => d.checks.map((c) => c.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of card.dimensions) {
      expect(d.checks.length).toBeGreaterThanOrEqual(2);
      expect(d.checks.length).toBeLessThanOrEqual(4);
      for (const c of d.checks) {
        expect(c.weight).toBeGreaterThan(0);
        expect(c.fix.length).toBeGreaterThan(0);
      }
    }
    expect(Object.keys(DATSIS_LABELS)).toEqual(card.dimensions.map((d) => d.dimension));
  });

  it("scores a dimension by the weighted share of passed checks and averages the dimensions", () => {
    // Addressable: port-addresses (weight 2) fails, the other two (weight 1 each) pass → 50.
    const card = computeScorecard(withPort(complete(), 0, { address: "" }));
    const addressable = card.dimensions.find((d) => d.dimension === "addressable")!;
    expect(addressable.score).toBe(50);
    expect(card.overall).toBe(Math.round((500 + 50) / 6));
  });
});

describe("each missing thing drops exactly its check", () => {
  const base = complete();

  it.each<[string, ScorecardInput, DatsisDimension, string, RegExp]>([
    // Discoverable
    [
      "short summary",
      { ...base, summary: "Orders." },
      "discoverable",
      "summary",
      /at least 20 characters.*\(now 7\)/,
    ],
    [
      "one tag",
      { ...base, tags: ["orders", " ORDERS "] },
      "discoverable",
      "tags",
      /Add at least 1 more tag .*\(now 1\)/,
    ],
    [
      "short docs",
      { ...base, description: "## How to consume\nRead the topic." },
      "discoverable",
      "docs-length",
      /at least 150 words \(now 6\)/,
    ],
    ["no domain", { ...base, domain: null }, "discoverable", "domain", /Assign the product to a domain/],
    // Addressable
    [
      "port without address",
      withPort(base, 1, { address: " " }),
      "addressable",
      "port-addresses",
      /Set the address of port `orders-daily`/,
    ],
    [
      "Kafka port without server",
      withPort(base, 0, { server: "" }),
      "addressable",
      "port-addresses",
      /Set the bootstrap server of Kafka port `order-events`/,
    ],
    [
      "duplicate port names",
      withPort(base, 1, { name: "Order-Events" }),
      "addressable",
      "port-names-unique",
      /`order-events` \(2×\)/,
    ],
    [
      "invalid topic name",
      withPort(base, 0, { address: "sales/order events" }),
      "addressable",
      "topic-names-valid",
      /port `order-events`/,
    ],
    // Trustworthy
    [
      "no availability SLA",
      { ...base, serviceLevels: { freshness: "< 5 s", availability: "" } },
      "trustworthy",
      "slas",
      /Declare availability in the service levels/,
    ],
    [
      "no SLAs at all",
      { ...base, serviceLevels: {} },
      "trustworthy",
      "slas",
      /Declare freshness and availability/,
    ],
    ["no owner team", { ...base, ownerTeam: null }, "trustworthy", "owner", /Assign an owner team/],
    [
      "empty owner team",
      { ...base, ownerMembers: 0 },
      "trustworthy",
      "owner",
      /Add at least one member to the owner team Checkout/,
    ],
    [
      "experimental",
      { ...base, lifecycle: "EXPERIMENTAL" },
      "trustworthy",
      "lifecycle-active",
      /Promote the product from EXPERIMENTAL to ACTIVE/,
    ],
    [
      "deprecated",
      { ...base, lifecycle: "DEPRECATED" },
      "trustworthy",
      "lifecycle-active",
      /DEPRECATED: migrate consumers/,
    ],
    [
      "retired",
      { ...base, lifecycle: "RETIRED" },
      "trustworthy",
      "lifecycle-active",
      /RETIRED: migrate consumers/,
    ],
    [
      "compatibility NONE",
      withPort(base, 1, { compatibility: "NONE" }),
      "trustworthy",
      "compatibility-guarded",
      /other than NONE .* on port `orders-daily`/,
    ],
    // Self-describing
    [
      "port without schema",
      withPort(base, 1, { schema: null }),
      "selfDescribing",
      "port-schemas",
      /Register a schema for port `orders-daily`/,
    ],
    [
      "too few descriptions",
      withFields(base, 0, (fs) => fs.map((f, i) => (i < 3 ? { ...f, description: "" } : f))),
      "selfDescribing",
      "field-descriptions",
      /Describe at least 1 more field: 3 of 10 have no description \(`order-events.orderId`, `order-events.customer`, `order-events.customer.email`\)/,
    ],
    [
      "docs without consumption",
      {
        ...base,
        description: DOCS.replace("## How to consume", "## Semantics").replace(/consumer/g, "reader"),
      },
      "selfDescribing",
      "consume-docs",
      /"How to consume" section/,
    ],
    // Interoperable
    [
      "proprietary format",
      withPort(base, 1, { format: "xlsx" }),
      "interoperable",
      "standard-formats",
      /port `orders-daily` \(xlsx\) as json, avro, parquet, csv/,
    ],
    [
      "mixed naming",
      withFields(base, 1, (fs) => [
        ...fs,
        { path: "order_total", type: "number", description: "Total.", classification: "INTERNAL" },
      ]),
      "interoperable",
      "field-naming",
      /Rename 1 field to camelCase like the rest: `orders-daily.order_total`/,
    ],
    [
      "unresolved type",
      withFields(base, 1, (fs) => [
        ...fs,
        { path: "region", type: "unknown", description: "Region.", classification: "INTERNAL" },
      ]),
      "interoperable",
      "known-types",
      /Give `orders-daily.region` a concrete type/,
    ],
    // Secure
    [
      "likely PII left INTERNAL",
      withFields(base, 0, (fs) =>
        fs.map((f) => (f.path === "customer.email" ? { ...f, classification: "INTERNAL" as const } : f)),
      ),
      "secure",
      "pii-classified",
      /Classify `order-events.customer.email` as PII .* it looks like personal data/,
    ],
    ["no terms of use", { ...base, termsOfUse: "  " }, "secure", "terms-of-use", /Write terms of use/],
    ["no access policy", { ...base, accessPolicy: false }, "secure", "access-policy", /access policy/],
  ])("%s", (_name, input, dimension, id, fix) => {
    const failure = onlyFailure(input);
    expect(failure).toMatchObject({ dimension, id });
    expect(failure.fix).toMatch(fix);
  });

  it("a product without ports fails only the two checks that need one", () => {
    const failures = failed(computeScorecard({ ...base, outputPorts: [] }));
    expect(failures.map((f) => [f.id, f.fix])).toEqual([
      ["port-addresses", "Declare at least one output port with its address."],
      ["port-schemas", "Declare an output port and register its schema."],
    ]);
  });

  it("counts descriptions at exactly 80 % as enough", () => {
    const eightOfTen = withFields(base, 0, (fs) => fs.map((f, i) => (i < 2 ? { ...f, description: "" } : f)));
    expect(failed(computeScorecard(eightOfTen))).toEqual([]);
  });

  it("accepts a consumption heading without the word consume", () => {
    const docs = DOCS.replace("## How to consume", "## Usage").replace(/consumer/g, "reader");
    expect(failed(computeScorecard({ ...base, description: docs }))).toEqual([]);
  });

  it("accepts snake_case when it is the product's convention, and lists up to five offenders", () => {
    const snake = (path: string) => ({
      path,
      type: "string",
      description: "X.",
      classification: "INTERNAL" as const,
    });
    const input = withFields(base, 1, () =>
      ["a_b", "c_d", "e_f", "g_h", "i_j", "k_l", "m_n", "o_p", "q_r", "s_t", "u_v", "w_x"].map(snake),
    );
    const failure = onlyFailure(input);
    expect(failure.id).toBe("field-naming");
    // The camelCase fields of the first port are now the minority.
    expect(failure.fix).toMatch(
      /^Rename 3 fields to snake_case like the rest: `order-events.orderId`, `order-events.items\[\].unitPrice`, `order-events.placedAt`\.$/,
    );
  });
});

describe("likely PII detection", () => {
  function flagged(paths: string[]): string {
    const input = withFields(complete(), 1, () =>
      paths.map((path) => ({ path, type: "string", description: "X.", classification: "INTERNAL" as const })),
    );
    return failed(computeScorecard(input))
      .filter((f) => f.id === "pii-classified")
      .map((f) => f.fix)
      .join("");
  }

  it.each([
    "email",
    "contactEmail",
    "phone_number",
    "mobile",
    "ipAddress",
    "client_ip",
    "shipping_address",
    "dateOfBirth",
    "firstName",
    "last_name",
    "customer.name",
    "billing.postcode",
    "ssn",
    "iban",
  ])("flags %s", (path) => {
    expect(flagged([path])).toContain(`\`orders-daily.${path}\``);
  });

  it.each([
    "name",
    "productName",
    "fileName",
    "serverAddress",
    "zipped",
    "shipping",
    "recipes",
    "automobile",
    "topic",
  ])("does not flag %s", (path) => {
    expect(flagged([path])).toBe("");
  });

  it("leaves explicitly classified fields alone, PUBLIC included", () => {
    const input = withFields(complete(), 1, () => [
      {
        path: "supportEmail",
        type: "string",
        description: "Shared inbox.",
        classification: "PUBLIC" as const,
      },
    ]);
    expect(failed(computeScorecard(input))).toEqual([]);
  });

  it("names at most five fields and counts the rest", () => {
    const fix = flagged(["email", "phone", "ip", "ssn", "iban", "dob", "firstName"]);
    expect(fix).toContain("and 2 more as PII");
    expect(fix).toContain("they look like personal data but are left at the default INTERNAL");
  });
});
