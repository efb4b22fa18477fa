import { describe, expect, it } from "vitest";
import { avroType, decodeMessage, PREVIEW_CAP } from "./decode";
import { filterProblem, parseFilter, matchesFilter } from "./filter";
import { applyMask, MASK, maskPlan } from "./mask";

const schema = {
  type: "record",
  name: "Order",
  fields: [
    { name: "id", type: "string" },
    { name: "amount", type: "long" },
    { name: "email", type: ["null", "string"], default: null, classification: "PII" },
  ],
};

describe("decodeMessage", () => {
  it("decodes JSON, plain and Confluent-framed Avro, and falls back to text or a binary preview", () => {
    expect(decodeMessage(Buffer.from('{"a":1}'), { format: "json" })).toMatchObject({
      encoding: "json",
      value: { a: 1 },
      size: 7,
    });
    const type = avroType(schema)!;
    const body = type.toBuffer({ id: "o-1", amount: 250, email: "ann@example.com" });
    expect(decodeMessage(body, { format: "avro", avroSchema: type })).toMatchObject({
      encoding: "avro",
      value: { id: "o-1", amount: 250, email: "ann@example.com" },
    });
    const framed = Buffer.concat([Buffer.from([0, 0, 0, 0, 42]), body]);
    expect(decodeMessage(framed, { format: "avro", registrySchemas: new Map([[42, type]]) }).value).toEqual({
      id: "o-1",
      amount: 250,
      email: "ann@example.com",
    });
    // An Avro port whose producer writes JSON still shows the JSON.
    expect(decodeMessage(Buffer.from('{"id":"x"}'), { format: "avro", avroSchema: type })).toMatchObject({
      encoding: "json",
      value: { id: "x" },
    });
    const text = decodeMessage(Buffer.from("not json"), { format: "json" });
    expect(text).toMatchObject({ encoding: "text", value: "not json" });
    expect(text.error).toMatch(/not JSON/);
    const binary = decodeMessage(Buffer.from([1, 2, 3, 255]), { format: "json" });
    expect(binary).toMatchObject({ encoding: "binary", value: { hex: "010203ff", base64: "AQID/w==" } });
    expect(decodeMessage(null, { format: "json" })).toMatchObject({ encoding: "null", value: null });
    const big = decodeMessage(Buffer.from(`"${"x".repeat(PREVIEW_CAP * 2)}"`), { format: "json" });
    expect(big.truncated).toBe(true);
    expect((big.value as string).length).toBe(PREVIEW_CAP);
  });
});

describe("masking", () => {
  const plan = maskPlan([
    { path: "customer", classification: "PII" },
    { path: "customer.email", classification: "PII" },
    { path: "customer.country", classification: "INTERNAL" },
    { path: "items[].sku", classification: "INTERNAL" },
    { path: "items[].note", classification: "PII" },
    { path: "attrs{}.name", classification: "PII" },
    { path: "phone", classification: "PII" },
  ]);

  it("masks the most specific PII paths and names each masked value", () => {
    expect(plan.paths).toEqual(["customer.email", "items[].note", "attrs{}.name", "phone"]);
    const { value, masked } = applyMask(
      {
        customer: { email: "a@b.c", country: "NL" },
        items: [{ sku: "1", note: "call Ann" }, { sku: "2" }],
        attrs: { home: { name: "Ann" } },
        phone: null,
      },
      plan,
    );
    expect(value).toEqual({
      customer: { email: MASK, country: "NL" },
      items: [{ sku: "1", note: MASK }, { sku: "2" }],
      attrs: { home: { name: MASK } },
      phone: null,
    });
    expect(masked).toEqual(["customer.email", "items[0].note", "attrs.home.name"]);
  });

  it("leaves values of other shapes alone", () => {
    expect(applyMask("plain text", plan)).toEqual({ value: "plain text", masked: [] });
    expect(applyMask({ customer: "opaque" }, plan).masked).toEqual([]);
  });
});

describe("filter", () => {
  const message = { key: "k-1", value: { customer: { country: "NL" }, amount: 10, items: [{ sku: "A" }] } };
  const serialized = () => JSON.stringify(message);

  it("matches text anywhere, case-insensitively", () => {
    expect(matchesFilter(parseFilter("nl")!, message, serialized)).toBe(true);
    expect(matchesFilter(parseFilter("k-1")!, message, serialized)).toBe(true);
    expect(matchesFilter(parseFilter("DE")!, message, serialized)).toBe(false);
    expect(parseFilter("  ")).toBeNull();
  });

  it("compares a JSON path with a value, leniently on types", () => {
    expect(parseFilter("$.customer.country=NL")).toEqual({
      kind: "equals",
      path: ["customer", "country"],
      expected: "NL",
      text: "NL",
    });
    expect(matchesFilter(parseFilter("$.customer.country = NL")!, message, serialized)).toBe(true);
    expect(matchesFilter(parseFilter('$.customer.country=="DE"')!, message, serialized)).toBe(false);
    expect(matchesFilter(parseFilter("$.amount=10")!, message, serialized)).toBe(true);
    expect(matchesFilter(parseFilter('$.amount="10"')!, message, serialized)).toBe(true);
    expect(matchesFilter(parseFilter("$.items[0].sku=A")!, message, serialized)).toBe(true);
    expect(matchesFilter(parseFilter("$.missing=1")!, message, serialized)).toBe(false);
    expect(filterProblem("$eventType=PLACED")).toMatch(/\$\.field=value/);
    expect(filterProblem("$.eventType=PLACED")).toBeNull();
    expect(filterProblem("plain text")).toBeNull();
  });
});
