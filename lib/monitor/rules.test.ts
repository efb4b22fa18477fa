import { describe, expect, it } from "vitest";
import { compileRules, durationSeconds, meets } from "./rules";
import { compileSchemaCheck } from "./schema-check";
import { ContractWindow, contractStatus, windowStart, type MonitoredEvent } from "./window";

// The contract monitor's pure parts: which rules a contract yields, and each rule over a window.
const contract = {
  schema: [
    {
      name: "payments",
      quality: [
        { type: "library", metric: "rowCount", mustBeBetween: [2, 100] },
        { type: "sql", query: "SELECT 1", mustBe: 0 },
        { type: "text", description: "Amounts are positive" },
        { type: "custom", engine: "soda", implementation: "checks: []" },
      ],
      properties: [
        { name: "id", quality: [{ type: "library", metric: "duplicateValues", mustBe: 0 }] },
        {
          name: "currency",
          quality: [
            { type: "library", metric: "nullValues", mustBeLessThan: 10, unit: "percent" },
            {
              type: "library",
              metric: "invalidValues",
              arguments: { validValues: ["EUR", "USD"] },
              mustBe: 0,
            },
          ],
        },
        {
          name: "customer",
          properties: [
            {
              name: "email",
              quality: [
                { metric: "invalidValues", arguments: { pattern: "^[^@]+@[^@]+$" }, mustBeLessOrEqualTo: 1 },
              ],
            },
          ],
        },
        {
          name: "status",
          quality: [{ metric: "missingValues", arguments: { missingValues: ["", "n/a"] }, mustBe: 0 }],
        },
        { name: "lines", items: { quality: [{ metric: "nullValues", mustBe: 0 }] } },
      ],
    },
  ],
  slaProperties: [{ property: "freshness", value: 5, unit: "s" }],
};

let offset = 0;
const event = (value: unknown, lagMs = 0, decodeError?: string): MonitoredEvent => ({
  value,
  ...(decodeError ? { decodeError } : {}),
  timestamp: 1_000_000 - lagMs,
  observedAt: 1_000_000,
  partition: 0,
  offset: offset++,
});

describe("compileRules", () => {
  const rules = compileRules(contract);
  it("reads every rule of the contract, in a stable order with unique keys", () => {
    expect(rules.map((r) => `${r.key} ${r.kind}`)).toEqual([
      "schema schema",
      "rowCount rowCount",
      "sql notEvaluated",
      "text notEvaluated",
      "custom notEvaluated",
      "duplicateValues:id duplicateValues",
      "nullValues:currency nullValues",
      "invalidValues:currency invalidValues",
      "invalidValues:customer.email invalidValues",
      "missingValues:status missingValues",
      "items:lines notEvaluated",
      "freshness freshness",
    ]);
  });
  it("says why a rule is not evaluated", () => {
    const sql = rules.find((r) => r.key === "sql");
    expect(sql).toMatchObject({ kind: "notEvaluated", reason: expect.stringContaining("SQL") });
    expect(compileRules({ schema: [{ quality: [{ metric: "nullValues", mustBe: 0 }] }] })[1]).toMatchObject({
      kind: "notEvaluated",
      reason: expect.stringContaining("needs a property"),
    });
    expect(compileRules({ schema: [{ quality: [{ metric: "rowCount" }] }] })[1]).toMatchObject({
      kind: "notEvaluated",
      reason: expect.stringContaining("threshold"),
    });
  });
  it("suffixes a second rule of the same kind on the same place", () => {
    const twice = compileRules({
      schema: [
        {
          properties: [
            {
              name: "a",
              quality: [
                { metric: "nullValues", mustBe: 0 },
                { metric: "nullValues", mustBe: 1 },
              ],
            },
          ],
        },
      ],
    });
    expect(twice.map((r) => r.key)).toEqual(["schema", "nullValues:a", "nullValues:a#2"]);
  });
  it("reads durations from SLA values", () => {
    expect(durationSeconds("< 5 s")).toBe(5);
    expect(durationSeconds("< 1 min")).toBe(60);
    expect(durationSeconds(2, "h")).toBe(7200);
    expect(durationSeconds("< 1 min (topic), daily 04:00 UTC (table)")).toBe(60);
    expect(durationSeconds("hourly")).toBeNull();
    expect(durationSeconds(3, "parsecs")).toBeNull();
  });
  it("compares every ODCS operator", () => {
    expect(meets({ operator: "mustBe", value: 0 }, 0)).toBe(true);
    expect(meets({ operator: "mustNotBe", value: 0 }, 0)).toBe(false);
    expect(meets({ operator: "mustBeGreaterThan", value: 1 }, 1)).toBe(false);
    expect(meets({ operator: "mustBeGreaterOrEqualTo", value: 1 }, 1)).toBe(true);
    expect(meets({ operator: "mustBeLessThan", value: 1 }, 1)).toBe(false);
    expect(meets({ operator: "mustBeLessOrEqualTo", value: 1 }, 1)).toBe(true);
    expect(meets({ operator: "mustBeBetween", value: [1, 3] }, 3)).toBe(true);
    expect(meets({ operator: "mustNotBeBetween", value: [1, 3] }, 2)).toBe(false);
  });
});

describe("a window of events", () => {
  const rules = compileRules(contract);
  const schemaCheck = (v: unknown) =>
    typeof v === "object" && v !== null && "id" in v ? null : "id is missing";

  it("measures each rule exactly", () => {
    const w = new ContractWindow(0, rules, schemaCheck);
    const good = (id: string) => ({ id, currency: "EUR", customer: { email: "a@b.c" }, status: "OK" });
    for (let i = 0; i < 16; i++) w.offer(event(good(`g${i}`)), true);
    w.offer(event({ ...good("n1"), currency: null }), true);
    w.offer(event({ ...good("n2"), currency: undefined }), true);
    w.offer(event({ ...good("x"), currency: "XXX", customer: { email: "nope" }, status: "n/a" }), true);
    w.offer(event(good("g0"), 9000), true); // duplicate id, 9 s late
    w.offer(event({ currency: "EUR" }), true); // no id: schema
    w.offer(event(undefined, 0, "not JSON: Unexpected token"), true);
    w.offer(event(good("skipped")), false); // seen, not sampled
    const r = Object.fromEntries(w.results().map((x) => [x.rule, x]));
    expect(w.seen).toBe(23);
    expect(w.sampled).toBe(22);
    expect(r.schema).toMatchObject({ status: "FAILING", failures: 2, sampleSize: 22, seen: 23 });
    expect(r.rowCount).toMatchObject({ status: "PASSING", measured: 23 });
    expect(r["duplicateValues:id"]).toMatchObject({ status: "FAILING", measured: 1 });
    // 2 null + 1 absent (the event without currency has one: EUR) + the undecodable one: 3 of 22
    expect(r["nullValues:currency"]).toMatchObject({ failures: 3, measured: 13.636, status: "FAILING" });
    expect(r["invalidValues:currency"]).toMatchObject({ failures: 1, status: "FAILING" });
    expect(r["invalidValues:customer.email"]).toMatchObject({ failures: 1, status: "PASSING" });
    expect(r["missingValues:status"]).toMatchObject({ failures: 3, status: "FAILING" });
    expect(r.freshness).toMatchObject({ failures: 1, measured: 9, status: "FAILING" });
    expect(r.sql).toMatchObject({ status: "NOT_EVALUATED", measured: null });
    expect((r["invalidValues:currency"]!.example as { id: string }).id).toBe("x");
    expect(contractStatus(w.results().map((x) => x.status))).toBe("FAILING");
  });

  it("evaluates nothing without events, except the volume", () => {
    const w = new ContractWindow(0, rules, schemaCheck);
    const r = Object.fromEntries(w.results().map((x) => [x.rule, x]));
    expect(r.schema!.status).toBe("NOT_EVALUATED");
    expect(r.freshness!.status).toBe("NOT_EVALUATED");
    expect(r.rowCount).toMatchObject({ status: "FAILING", measured: 0 });
  });

  it("aligns windows and ranks statuses", () => {
    expect(windowStart(1_000_299_999, 300)).toBe(1_000_200_000);
    expect(contractStatus(["PASSING", "NOT_EVALUATED"])).toBe("PASSING");
    expect(contractStatus(["NOT_EVALUATED"])).toBe("NOT_EVALUATED");
  });
});

describe("schema conformance", () => {
  const { check, error } = compileSchemaCheck({
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
    required: ["id", "lines"],
    properties: {
      id: { type: "string" },
      coupon: { type: "string", "x-odcs": { note: "annotations are ignored" } },
      tier: { type: "string", enum: ["gold", "silver"] },
      lines: {
        type: "array",
        items: {
          type: "object",
          required: ["sku"],
          properties: { sku: { type: "string" }, note: { type: "string" } },
        },
      },
    },
  });
  it("compiles a contract's schema with its annotations", () => expect(error).toBeNull());
  it("accepts null where ODCS says a property is not required (may contain null)", () => {
    expect(check({ id: "a", coupon: null, tier: null, lines: [{ sku: "x", note: null }] })).toBeNull();
  });
  it("names the first problem", () => {
    expect(check({ coupon: "c", lines: [] })).toBe("id is missing");
    expect(check({ id: null, lines: [] })).toBe("id must be string");
    expect(check({ id: "a", tier: "bronze", lines: [] })).toBe(
      "tier must be equal to one of the allowed values",
    );
    expect(check({ id: "a", lines: [{ note: "n" }] })).toBe("lines.0.sku is missing");
  });
});
