import { describe, expect, it } from "vitest";
import { flattenSchema } from "../catalog/schema-flatten";
import { toAvroSchema, toJsonSchema } from "../catalog/schema-generate";
import { createRng, generateEvent } from "./events";
import { DEMO_DOMAINS, DEMO_PRODUCTS } from "./mesh";
import type { FieldSpec } from "@/lib/catalog/field-spec";
import type { DemoOutputPort, DemoProduct } from "./mesh-types";
import { DEMO_TEAMS } from "./teams";

const bySlug = new Map(DEMO_PRODUCTS.map((p) => [p.slug, p]));
const portKey = (p: DemoProduct, port: DemoOutputPort) => `${p.slug}/${port.name}`;
const allPorts = DEMO_PRODUCTS.flatMap((product) => product.outputPorts.map((port) => ({ product, port })));
const kafkaPorts = allPorts.filter(({ port }) => port.type === "KAFKA_TOPIC");

/** Product → the products it consumes from. */
const upstream = new Map(
  DEMO_PRODUCTS.map((p) => [p.slug, [...new Set(p.inputs.map((i) => i.split("/")[0] ?? ""))]]),
);

function walkFields(
  fields: readonly FieldSpec[],
  visit: (field: FieldSpec, path: string) => void,
  prefix = "",
): void {
  for (const field of fields) {
    const path = prefix ? `${prefix}.${field.name}` : field.name;
    visit(field, path);
    if (field.fields) walkFields(field.fields, visit, field.type === "array" ? `${path}[]` : path);
  }
}

/** Longest lineage chain (in hops) ending at each product; the graph must be acyclic. */
function longestChains(): Map<string, string[]> {
  const memo = new Map<string, string[]>();
  const visiting = new Set<string>();
  const chainTo = (slug: string): string[] => {
    const known = memo.get(slug);
    if (known) return known;
    if (visiting.has(slug)) throw new Error(`cycle through ${slug}`);
    visiting.add(slug);
    let best: string[] = [];
    for (const up of upstream.get(slug) ?? []) {
      const chain = chainTo(up);
      if (chain.length > best.length) best = chain;
    }
    visiting.delete(slug);
    const result = [...best, slug];
    memo.set(slug, result);
    return result;
  };
  for (const p of DEMO_PRODUCTS) chainTo(p.slug);
  return memo;
}

describe("demo mesh integrity", () => {
  it("is big enough and covers every kind, domain and lifecycle", () => {
    expect(DEMO_PRODUCTS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(DEMO_PRODUCTS.map((p) => p.kind))).toEqual(
      new Set(["SOURCE_ALIGNED", "AGGREGATE", "CONSUMER_ALIGNED"]),
    );
    expect(DEMO_DOMAINS.map((d) => d.slug)).toEqual(
      expect.arrayContaining([
        "orders",
        "payments",
        "shipping",
        "customers",
        "marketing",
        "finance",
        "platform",
      ]),
    );
    for (const d of DEMO_DOMAINS)
      expect(
        DEMO_PRODUCTS.some((p) => p.domain === d.slug),
        d.slug,
      ).toBe(true);
    const lifecycles = DEMO_PRODUCTS.map((p) => p.lifecycle);
    expect(lifecycles.filter((l) => l === "ACTIVE").length).toBeGreaterThan(DEMO_PRODUCTS.length / 2);
    expect(lifecycles).toEqual(expect.arrayContaining(["EXPERIMENTAL", "DEPRECATED", "DRAFT"]));
  });

  it("has unique, well-formed slugs, port names and addresses", () => {
    expect(bySlug.size).toBe(DEMO_PRODUCTS.length);
    expect(new Set(DEMO_DOMAINS.map((d) => d.slug)).size).toBe(DEMO_DOMAINS.length);
    for (const p of DEMO_PRODUCTS) {
      expect(p.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(new Set(p.outputPorts.map((port) => port.name)).size, p.slug).toBe(p.outputPorts.length);
      expect(p.outputPorts.length, p.slug).toBeGreaterThan(0);
    }
    const addresses = allPorts.map(({ port }) => `${port.type} ${port.address}`);
    expect(new Set(addresses).size).toBe(addresses.length);
    for (const { product, port } of kafkaPorts) {
      expect(port.address).toMatch(/^[a-z0-9]+(\.[a-z0-9]+(-[a-z0-9]+)*)+\.v\d+$/);
      expect(port.address.startsWith(`${product.domain}.`), port.address).toBe(true);
    }
    for (const { port } of allPorts) {
      if (port.type === "TABLE") expect(port.address).toMatch(/^warehouse\.[a-z]+\.[a-z0-9_]+$/);
      if (port.type === "FILE") expect(port.address).toMatch(/^s3:\/\/mesh-exports\/[a-z0-9/-]+\/$/);
      expect(port.recordName).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(port.format === "avro", port.address).toBe(port.schemaFormat === "AVRO");
    }
    expect(new Set(allPorts.map(({ port }) => port.type))).toEqual(new Set(["KAFKA_TOPIC", "TABLE", "FILE"]));
  });

  it("is owned by existing teams, each in its own domain", () => {
    const teams = new Map(DEMO_TEAMS.map((t) => [t.slug, t]));
    const domains = new Set(DEMO_DOMAINS.map((d) => d.slug));
    for (const p of DEMO_PRODUCTS) {
      expect(teams.get(p.ownerTeam)?.domainSlug, p.slug).toBe(p.domain);
      expect(domains.has(p.domain), p.slug).toBe(true);
    }
    for (const t of DEMO_TEAMS) expect(domains.has(t.domainSlug), t.slug).toBe(true);
  });

  it("documents every product", () => {
    for (const p of DEMO_PRODUCTS) {
      const words = p.description.split(/\s+/).filter(Boolean).length;
      expect(words, `${p.slug} has ${words} words`).toBeGreaterThanOrEqual(80);
      expect(words, `${p.slug} has ${words} words`).toBeLessThanOrEqual(250);
      expect(p.description, p.slug).toMatch(/^## /m);
      expect(p.description, p.slug).not.toMatch(/^ {4}\S/m); // indentation leaked into markdown
      expect(p.summary, p.slug).not.toContain("\n");
      expect(p.summary.length, p.slug).toBeGreaterThan(20);
      expect(p.tags.length, p.slug).toBeGreaterThanOrEqual(3);
      expect(p.tags.length, p.slug).toBeLessThanOrEqual(6);
      for (const tag of p.tags) expect(tag).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(new Set(p.tags).size, p.slug).toBe(p.tags.length);
      expect(p.termsOfUse.length, p.slug).toBeGreaterThan(20);
      expect(
        Object.values(p.serviceLevels).every((v) => v.length > 0),
        p.slug,
      ).toBe(true);
    }
    expect(DEMO_PRODUCTS.some((p) => p.description.includes("~~~"))).toBe(true);
    expect(DEMO_PRODUCTS.some((p) => /\| *-{3,} *\|/.test(p.description))).toBe(true);
  });

  it("keeps “payment” in the names of the payments products only", () => {
    const named = DEMO_PRODUCTS.filter((p) => /payment/i.test(p.name));
    expect(named.length).toBeGreaterThanOrEqual(3);
    for (const p of named) {
      expect(p.domain, p.name).toBe("payments");
      expect(p.slug, p.name).toMatch(/^payment-/);
      // Product pages of the first search hits show live topic facts.
      expect(
        p.outputPorts.some((port) => port.type === "KAFKA_TOPIC"),
        p.name,
      ).toBe(true);
    }
    for (const p of DEMO_PRODUCTS.filter((x) => x.domain === "payments")) expect(p.name).toMatch(/Payment/);
    // Other products still mention payments in their docs, so a search finds them further down.
    expect(
      DEMO_PRODUCTS.filter((p) => p.domain !== "payments" && /payment/i.test(p.description)).length,
    ).toBeGreaterThan(0);
    for (const p of DEMO_PRODUCTS.filter((x) => x.domain !== "payments"))
      expect(
        p.tags.some((t) => t.includes("payment")),
        p.slug,
      ).toBe(false);
  });

  it("declares well-formed fields", () => {
    for (const { product, port } of allPorts) {
      const check = (fields: readonly FieldSpec[]) => {
        expect(
          new Set(fields.map((f) => f.name)).size,
          `${portKey(product, port)} has duplicate field names`,
        ).toBe(fields.length);
      };
      check(port.fields);
      walkFields(port.fields, (field, path) => {
        const where = `${portKey(product, port)} ${path}`;
        expect(field.name, where).toMatch(/^[a-z][A-Za-z0-9]*$/);
        expect(field.description.length, where).toBeGreaterThan(2);
        if (field.type === "object") expect(field.fields?.length, where).toBeGreaterThan(0);
        if (field.type === "array") expect(Boolean(field.fields) !== Boolean(field.items), where).toBe(true);
        if (field.fields) check(field.fields);
        if (field.enum) expect(field.enum.length, where).toBeGreaterThan(0);
      });
    }
  });

  it("flattens every port's schema, in both formats, to one row per field", () => {
    for (const { product, port } of allPorts) {
      let count = 0;
      walkFields(port.fields, () => void count++);
      const definition =
        port.schemaFormat === "AVRO"
          ? toAvroSchema(port.recordName, `dev.meshport.${product.domain}`, port.fields)
          : toJsonSchema(port.recordName, port.fields);
      const flat = flattenSchema(port.schemaFormat, definition);
      expect(flat.length, portKey(product, port)).toBe(count);
      expect(new Set(flat.map((f) => f.path)).size).toBe(flat.length);
    }
  });

  it("classifies personal data as PII", () => {
    const personal =
      /^(email|firstName|lastName|fullName|customerName|customerEmail|cardholderName|signedBy|phone|ipAddress|dateOfBirth|street|postcode|anonymousId)$/;
    let piiPorts = 0;
    for (const { product, port } of allPorts) {
      let hasPii = false;
      walkFields(port.fields, (field, path) => {
        if (personal.test(field.name) || (field.name === "name" && /customer|recipient/.test(path))) {
          expect(field.classification, `${portKey(product, port)} ${path}`).toBe("PII");
        }
        if (field.classification === "PII") hasPii = true;
      });
      if (hasPii) piiPorts++;
    }
    expect(piiPorts).toBeGreaterThanOrEqual(15);
    // Searching "postcode" must find products through their schema.
    expect(allPorts.some(({ port }) => JSON.stringify(port.fields).includes('"postcode"'))).toBe(true);
    // Customer source products lead with PII and have consumers (the product page shows both).
    for (const p of DEMO_PRODUCTS.filter((x) => x.kind === "SOURCE_ALIGNED" && /customer/i.test(x.name))) {
      expect(JSON.stringify(p.outputPorts[0]?.fields), p.slug).toContain('"PII"');
      expect(
        DEMO_PRODUCTS.some((c) => c.inputs.some((i) => i.startsWith(`${p.slug}/`))),
        p.slug,
      ).toBe(true);
    }
  });

  it("declares kafka keys and producer rates per kind", () => {
    let total = 0;
    for (const { product, port } of kafkaPorts) {
      const key = port.fields.find((f) => f.name === port.keyField);
      expect(key, `${port.address} key ${port.keyField}`).toBeDefined();
      expect(key?.required, port.address).toBe(true);
      expect(["object", "array"]).not.toContain(key?.type);
      const eps = port.eventsPerSecond;
      expect(eps, port.address).toBeTypeOf("number");
      if (product.kind === "SOURCE_ALIGNED") expect(eps).toBeGreaterThanOrEqual(0.2);
      if (product.kind === "SOURCE_ALIGNED") expect(eps).toBeLessThanOrEqual(2);
      if (product.kind === "AGGREGATE") expect(eps).toBeGreaterThanOrEqual(0.1);
      if (product.kind === "AGGREGATE") expect(eps).toBeLessThanOrEqual(0.5);
      if (product.kind === "CONSUMER_ALIGNED") expect(eps).toBeLessThanOrEqual(0.2);
      total += eps ?? 0;
    }
    expect(total).toBeGreaterThanOrEqual(5);
    expect(total).toBeLessThanOrEqual(10);
    for (const { port } of allPorts.filter(({ port }) => port.type !== "KAFKA_TOPIC"))
      expect(port.eventsPerSecond ?? 0).toBe(0);
  });
});

describe("demo mesh lineage", () => {
  it("resolves every input to another product's port, once", () => {
    const ports = new Set(allPorts.map(({ product, port }) => portKey(product, port)));
    for (const p of DEMO_PRODUCTS) {
      expect(new Set(p.inputs).size, p.slug).toBe(p.inputs.length);
      for (const input of p.inputs) {
        expect(ports.has(input), `${p.slug} consumes unknown ${input}`).toBe(true);
        expect(input.startsWith(`${p.slug}/`), `${p.slug} consumes itself`).toBe(false);
      }
    }
  });

  it("has no cycles, and chains of 4+ hops across 3+ domains", () => {
    const chains = longestChains(); // throws on a cycle
    const longest = [...chains.values()].reduce((a, b) => (b.length > a.length ? b : a));
    expect(longest.length - 1).toBeGreaterThanOrEqual(4);
    const acrossDomains = [...chains.values()].filter(
      (chain) => chain.length - 1 >= 4 && new Set(chain.map((s) => bySlug.get(s)?.domain)).size >= 3,
    );
    expect(acrossDomains.length).toBeGreaterThan(0);
    // The story told in the docs: orders → payments → finance → marketing.
    expect(chains.get("marketing-roi-dashboard")?.map((s) => bySlug.get(s)?.domain)).toEqual(
      expect.arrayContaining(["orders", "payments", "finance", "marketing"]),
    );
  });

  it("has fan-ins and fan-outs", () => {
    const consumers = new Map<string, number>();
    for (const p of DEMO_PRODUCTS)
      for (const up of upstream.get(p.slug) ?? []) consumers.set(up, (consumers.get(up) ?? 0) + 1);
    expect([...consumers.values()].filter((n) => n >= 3).length).toBeGreaterThanOrEqual(3);
    expect(
      DEMO_PRODUCTS.filter((p) => (upstream.get(p.slug)?.length ?? 0) >= 3).length,
    ).toBeGreaterThanOrEqual(3);
    expect(DEMO_PRODUCTS.filter((p) => p.kind !== "SOURCE_ALIGNED").every((p) => p.inputs.length > 0)).toBe(
      true,
    );
  });
});

describe("demo events", () => {
  const now = new Date("2026-05-04T10:00:00.000Z");

  function checkValue(value: unknown, field: FieldSpec, where: string): void {
    const label = `${where}.${field.name}`;
    switch (field.type) {
      case "string":
        expect(value, label).toBeTypeOf("string");
        if (field.enum) expect(field.enum, label).toContain(value);
        break;
      case "timestamp":
        expect(value, label).toBeTypeOf("string");
        expect(value, label).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        break;
      case "date":
        expect(value, label).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        break;
      case "integer":
      case "long":
        expect(Number.isSafeInteger(value), `${label} = ${String(value)}`).toBe(true);
        break;
      case "number":
        expect(Number.isFinite(value), `${label} = ${String(value)}`).toBe(true);
        break;
      case "boolean":
        expect(value, label).toBeTypeOf("boolean");
        break;
      case "object":
        checkRecord(value, field.fields ?? [], label);
        break;
      case "array":
        expect(Array.isArray(value), label).toBe(true);
        expect((value as unknown[]).length, label).toBeGreaterThanOrEqual(1);
        expect((value as unknown[]).length, label).toBeLessThanOrEqual(4);
        for (const element of value as unknown[]) {
          if (field.fields) checkRecord(element, field.fields, `${label}[]`);
          else
            checkValue(element, { name: "", type: field.items ?? "string", description: "" }, `${label}[]`);
        }
        break;
    }
  }

  function checkRecord(value: unknown, fields: readonly FieldSpec[], where: string): void {
    expect(value, where).toBeTypeOf("object");
    const record = value as Record<string, unknown>;
    expect(
      Object.keys(record).every((k) => fields.some((f) => f.name === k)),
      `${where} has unknown keys`,
    ).toBe(true);
    for (const field of fields) {
      const v = record[field.name];
      if (field.required) expect(v, `${where}.${field.name} is required`).not.toBeUndefined();
      if (field.required) expect(v, `${where}.${field.name} is required`).not.toBeNull();
      if (v !== undefined && v !== null) checkValue(v, field, where);
    }
  }

  it("conform to every kafka port's fields, with the key from keyField", () => {
    const rng = createRng(7);
    for (const { product, port } of kafkaPorts) {
      for (let i = 0; i < 12; i++) {
        const event = generateEvent(product, port, rng, now);
        checkRecord(event.value, port.fields, port.address);
        expect(event.key).toBe(String(event.value[port.keyField ?? ""]));
        expect(event.headers).toMatchObject({ "event-type": port.recordName, producer: "meshport-demo" });
        if (port.schemaFormat === "JSON_SCHEMA") expect(Object.values(event.value)).not.toContain(null);
      }
    }
  });

  it("look realistic", () => {
    const rng = createRng(11);
    const orders = bySlug.get("order-events")!;
    for (let i = 0; i < 50; i++) {
      const { value } = generateEvent(orders, orders.outputPorts[0]!, rng, now);
      const customer = value.customer as { email: string; name: string };
      expect(customer.email).toMatch(/^[a-z.]+\d*@[a-z.]+\.[a-z]+$/);
      // The email is derived from the name.
      const first = customer.name
        .split(" ")[0]!
        .normalize("NFD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase();
      expect(customer.email.startsWith(`${first}.`), `${customer.name} <${customer.email}>`).toBe(true);
      expect(value.orderId).toMatch(/^ord_[0-9a-z]{10}$/);
      const items = value.items as { quantity: number; unitPrice: number }[];
      const sum = items.reduce((a, it) => a + it.quantity * it.unitPrice, 0) + (value.shippingFee as number);
      expect(value.totalAmount).toBeCloseTo(sum, 2);
      const cents = (value.totalAmount as number) * 100;
      expect(Math.abs(cents - Math.round(cents))).toBeLessThan(1e-6);
      const occurredAt = Date.parse(value.occurredAt as string);
      expect(occurredAt).toBeLessThanOrEqual(now.getTime());
      expect(occurredAt).toBeGreaterThan(now.getTime() - 60_000);
    }
    const auth = bySlug.get("payment-authorizations")!;
    for (let i = 0; i < 50; i++) {
      const { value } = generateEvent(auth, auth.outputPorts[0]!, rng, now);
      if (value.outcome === "APPROVED") expect(value.declineReason ?? null).toBeNull();
      else expect(value.declineReason).toBeTypeOf("string");
      if (value.method !== "CARD") expect(value.card ?? null).toBeNull();
      expect(value.ipAddress).toMatch(/^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$|^2001:db8:/);
    }
  });

  it("are deterministic for a seed", () => {
    const run = (seed: number) => {
      const rng = createRng(seed);
      return kafkaPorts.map(({ product, port }) => generateEvent(product, port, rng, now));
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
    const rng = createRng(1);
    for (let i = 0; i < 1000; i++) {
      const x = rng();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
});
