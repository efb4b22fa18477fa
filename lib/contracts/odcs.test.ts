import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { flattenSchema } from "@/lib/catalog/schema-flatten";
import { toJsonSchema } from "@/lib/catalog/schema-generate";
import { DEMO_PRODUCTS } from "@/lib/demo/mesh";
import { ContractError, parseContract, toOdcsYaml, type ContractModel } from "./index";
import { validateOdcs } from "./validate";

const ORDERS = readFileSync(new URL("./fixtures/orders.odcs.yaml", import.meta.url), "utf8");

function roundTrip(yaml: string): { first: string; second: string } {
  const first = toOdcsYaml(parseContract(yaml).model);
  return { first, second: toOdcsYaml(parseContract(first).model) };
}

function property(schema: Record<string, unknown>, ...path: string[]): Record<string, unknown> {
  let node: unknown = schema;
  for (const name of path) {
    const container = node as Record<string, unknown>;
    node = name === "[]" ? container.items : (container.properties as Record<string, unknown>)[name];
  }
  return node as Record<string, unknown>;
}

describe("parseContract (ODCS)", () => {
  const { format, model } = parseContract(ORDERS);
  const [topic, table] = model.ports;
  if (!topic || !table) throw new Error("fixture has two schema objects");

  it("maps the contract fundamentals and the product", () => {
    expect(format).toBe("odcs");
    expect(model).toMatchObject({ id: "order-events", version: "2.1.0", status: "active" });
    expect(model.product).toEqual({
      name: "Order Events",
      summary: "Every order placed at checkout, as it happens.",
      description: expect.stringContaining("## How to consume\n- Keyed by `orderId`"),
      tags: ["orders", "real-time", "pii"],
      domain: "orders",
      serviceLevels: {
        latency: "5 s",
        availability: "99.9 %",
        retention: "1 y",
        freshness: "< 1 min",
        frequency: "streaming",
      },
      termsOfUse:
        "Contains personal data (GDPR). Use it only for the purpose approved in your access request.",
    });
  });

  it("maps schema objects to ports, tied to their servers", () => {
    expect(model.ports).toHaveLength(2);
    expect(topic).toMatchObject({
      name: "order-placed",
      description: "One event per order placed at checkout.",
      type: "KAFKA_TOPIC",
      address: "orders.order-placed.v2",
      server: "kafka://kafka-1.northwind.example:9092",
      format: "json",
      compatibility: "BACKWARD",
    });
    expect(table).toMatchObject({
      name: "daily-order-summary",
      type: "TABLE",
      address: "warehouse.orders.daily_order_summary",
      server: "postgres://warehouse.northwind.example:5432",
      format: "parquet",
    });
    expect(table.compatibility).toBeUndefined();
  });

  it("keeps every unmodelled top-level block in extras", () => {
    expect(Object.keys(model.extras).sort()).toEqual(
      [
        "authoritativeDefinitions",
        "contractCreatedTs",
        "customProperties",
        "description",
        "price",
        "roles",
        "servers",
        "slaProperties",
        "support",
        "team",
      ].sort(),
    );
    expect(model.extras.team).toMatchObject({
      name: "orders",
      members: [{ username: "alice@northwind.example" }, { username: "bob@northwind.example" }],
    });
    expect(model.extras.description).toEqual({
      authoritativeDefinitions: [
        { type: "businessDefinition", url: "https://wiki.northwind.example/orders/order-lifecycle" },
      ],
    });
  });

  it("builds a JSON Schema with types, required, classification, nesting and x-odcs annotations", () => {
    const schema = topic.schema;
    expect(schema).toMatchObject({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      title: "OrderPlaced",
      type: "object",
    });
    expect(schema.required).toEqual([
      "eventId",
      "orderId",
      "occurredAt",
      "customer",
      "items",
      "totalAmount",
      "currency",
    ]);
    expect(property(schema, "eventId")).toMatchObject({
      type: "string",
      format: "uuid",
      "x-classification": "INTERNAL",
    });
    expect(property(schema, "eventId")["x-odcs"]).toMatchObject({
      primaryKey: true,
      primaryKeyPosition: 1,
      criticalDataElement: true,
      physicalType: "string",
    });
    expect(property(schema, "occurredAt")).toMatchObject({ type: "string", format: "date-time" });
    expect(property(schema, "loyaltyPoints")).toMatchObject({ type: "integer", format: "int64" });
    expect(property(schema, "currency").enum).toEqual(["EUR", "GBP", "SEK", "PLN"]);
    // A v3.0-style timestamp: logicalType date with a timestamp physical type.
    expect(property(schema, "legacyCreatedAt")).toMatchObject({
      type: "string",
      format: "date-time",
      "x-odcs": { logicalType: "date", physicalType: "timestamp" },
    });

    const email = property(schema, "customer", "email");
    expect(email).toMatchObject({
      type: "string",
      format: "email",
      maxLength: 254,
      "x-classification": "PII",
    });
    expect(email["x-odcs"]).toMatchObject({
      classification: "restricted",
      transformLogic: "lower(trim(email))",
      criticalDataElement: true,
    });
    expect(property(schema, "customer", "name")).toMatchObject({
      "x-classification": "PII",
      "x-odcs": { classification: "PII" },
    });
    expect(property(schema, "customer", "birthDate")).toMatchObject({
      format: "date",
      "x-classification": "PII",
      "x-odcs": { required: false },
    });
    expect(property(schema, "customer").required).toEqual(["id", "email", "name"]);

    const items = property(schema, "items");
    expect(items).toMatchObject({
      type: "array",
      minItems: 1,
      items: { type: "object", required: ["sku", "quantity", "unitPrice"], "x-odcs": { name: "line" } },
    });
    expect(property(schema, "items", "[]", "quantity")).toMatchObject({ type: "integer", minimum: 1 });
    expect(property(schema, "items", "[]", "unitPrice")).toMatchObject({
      type: "number",
      "x-odcs": { physicalType: "decimal(10,2)" },
    });
  });

  it("keeps quality rules at object, nested-object and property level", () => {
    const schema = topic.schema;
    expect((schema["x-odcs"] as Record<string, unknown>).quality).toHaveLength(2);
    expect(property(schema, "customer")["x-odcs"]).toEqual({
      quality: [{ type: "text", description: "Guest checkouts carry a `gst_` id and no loyalty tier." }],
    });
    expect(property(schema, "orderId")["x-odcs"]).toMatchObject({
      quality: [{ metric: "nullValues", mustBe: 0 }],
      unique: true,
    });
    expect(property(schema, "customer", "email")["x-odcs"]).toMatchObject({
      quality: [{ metric: "invalidValues", arguments: { pattern: "^[^@]+@[^@]+$" } }],
    });
  });

  it("yields flattenSchema rows with the expected paths, types and classifications", () => {
    const rows = flattenSchema("JSON_SCHEMA", topic.schema).map(
      ({ path, type, required, classification }) => ({ path, type, required, classification }),
    );
    expect(rows).toEqual([
      { path: "eventId", type: "string", required: true, classification: "INTERNAL" },
      { path: "orderId", type: "string", required: true, classification: "INTERNAL" },
      { path: "occurredAt", type: "timestamp", required: true, classification: "INTERNAL" },
      { path: "customer", type: "object", required: true, classification: "INTERNAL" },
      { path: "customer.id", type: "string", required: true, classification: "INTERNAL" },
      { path: "customer.email", type: "string", required: true, classification: "PII" },
      { path: "customer.name", type: "string", required: true, classification: "PII" },
      { path: "customer.birthDate", type: "date", required: false, classification: "PII" },
      { path: "items", type: "array<object>", required: true, classification: "INTERNAL" },
      { path: "items[].sku", type: "string", required: true, classification: "INTERNAL" },
      { path: "items[].quantity", type: "integer", required: true, classification: "INTERNAL" },
      { path: "items[].unitPrice", type: "number", required: true, classification: "INTERNAL" },
      { path: "totalAmount", type: "number", required: true, classification: "CONFIDENTIAL" },
      { path: "currency", type: "string", required: true, classification: "INTERNAL" },
      { path: "loyaltyPoints", type: "long", required: false, classification: "INTERNAL" },
      { path: "legacyCreatedAt", type: "timestamp", required: false, classification: "INTERNAL" },
    ]);
    expect(
      flattenSchema("JSON_SCHEMA", table.schema).map((r) => `${r.path}:${r.type}:${r.classification}`),
    ).toEqual([
      "day:date:INTERNAL",
      "channel:string:INTERNAL",
      "orders:integer:INTERNAL",
      "revenue:number:CONFIDENTIAL",
    ]);
  });
});

describe("toOdcsYaml", () => {
  it("export → import → export gives the same document", () => {
    const { first, second } = roundTrip(ORDERS);
    expect(second).toBe(first);
    expect(first.endsWith("\n")).toBe(true);
    expect(first.startsWith("apiVersion: v3.1.0\nkind: DataContract\nid: order-events\n")).toBe(true);
  });

  it("re-imports the export as the same model", () => {
    const { model } = parseContract(ORDERS);
    expect(parseContract(toOdcsYaml(model)).model).toEqual(model);
  });

  it("loses nothing the source said: the export reads back as the same values", () => {
    const exported: unknown = parse(toOdcsYaml(parseContract(ORDERS).model));
    expect(exported).toEqual(parse(ORDERS));
  });

  it("writes documents that validate against the bundled ODCS schema", () => {
    expect(validateOdcs(parse(toOdcsYaml(parseContract(ORDERS).model)))).toEqual([]);
  });

  it("writes edits made in Meshport over what the source said", () => {
    const { model } = parseContract(ORDERS);
    model.product.serviceLevels.latency = "10 s";
    model.product.serviceLevels.support = "business hours";
    delete model.product.serviceLevels.frequency;
    const topic = model.ports[0];
    if (!topic) throw new Error("no port");
    topic.format = "avro";
    delete topic.compatibility;
    const email = property(topic.schema, "customer", "email");
    email["x-classification"] = "CONFIDENTIAL";
    property(topic.schema, "currency").enum = ["EUR", "CHF"];

    const doc = parse(toOdcsYaml(model)) as {
      slaProperties: Record<string, unknown>[];
      schema: { customProperties: unknown[]; properties: Record<string, unknown>[] }[];
    };
    expect(doc.slaProperties).toContainEqual({
      property: "latency",
      value: 10,
      unit: "s",
      element: "order-placed.occurredAt",
    });
    expect(doc.slaProperties).toContainEqual({ property: "support", value: "business hours" });
    expect(doc.slaProperties.map((p) => p.property)).not.toContain("frequency");
    const object = doc.schema[0];
    expect(object?.customProperties).toEqual([
      { property: "retentionPolicy", value: "delete" },
      { property: "meshport.format", value: "avro" },
    ]);
    const customer = object?.properties.find((p) => p.name === "customer") as {
      properties: Record<string, unknown>[];
    };
    expect(customer.properties.find((p) => p.name === "email")?.classification).toBe("confidential");
    expect(object?.properties.find((p) => p.name === "currency")?.quality).toEqual([
      { type: "library", metric: "invalidValues", arguments: { validValues: ["EUR", "CHF"] }, mustBe: 0 },
    ]);
  });

  it("reads an ODCS v3.0.2 contract and writes it as v3.1.0, stable from then on", () => {
    const v302 = [
      "apiVersion: v3.0.2",
      "kind: DataContract",
      "id: payments",
      "version: 1.0.0",
      "status: draft",
      "dataProduct: Payments",
      "team:",
      "  - username: carol",
      "    role: owner",
      "schema:",
      "  - name: captures",
      "    physicalName: payments.captures.v1",
      "    physicalType: topic",
      "    properties:",
      "      - name: capturedAt",
      "        logicalType: date",
      "        physicalType: timestamp",
      "        required: true",
      "      - name: amount",
      "        logicalType: number",
      "servers:",
      "  - server: dev",
      "    type: kafka",
      "    host: dev-kafka:9092",
      "  - server: prod",
      "    type: kafka",
      "    host: prod-kafka:9092",
      "",
    ].join("\n");
    const { model } = parseContract(v302);
    expect(model.product.name).toBe("Payments");
    // Without meshport.server the first kafka server is the one.
    expect(model.ports[0]).toMatchObject({ type: "KAFKA_TOPIC", server: "kafka://dev-kafka:9092" });
    expect(flattenSchema("JSON_SCHEMA", model.ports[0]?.schema)[0]).toMatchObject({
      path: "capturedAt",
      type: "timestamp",
      required: true,
    });
    const { first, second } = roundTrip(v302);
    expect(second).toBe(first);
    expect(first).toContain("apiVersion: v3.1.0\n");
    expect(first).toContain("name: Payments\n");
    expect(first).toContain("team:\n  - username: carol\n    role: owner\n");

    // Re-tied to the second kafka server in Meshport: the export says so explicitly.
    const port = model.ports[0];
    if (!port) throw new Error("no port");
    port.server = "kafka://prod-kafka:9092";
    const retied = toOdcsYaml(model);
    expect(retied).toContain("customProperties:\n      - property: meshport.server\n        value: prod\n");
    expect(parseContract(retied).model.ports[0]?.server).toBe("kafka://prod-kafka:9092");
  });

  it("exports every demo product from Meshport's own model, and reads it back to the same fields", () => {
    for (const product of DEMO_PRODUCTS) {
      const model: ContractModel = {
        id: product.slug,
        version: "1.0.0",
        status: product.lifecycle.toLowerCase(),
        product: {
          name: product.name,
          summary: product.summary,
          description: product.description,
          tags: product.tags,
          domain: product.domain,
          serviceLevels: { ...product.serviceLevels },
          termsOfUse: product.termsOfUse,
        },
        ports: product.outputPorts.map((port) => ({
          name: port.name,
          description: port.description,
          type: port.type,
          address: port.address,
          server:
            port.type === "KAFKA_TOPIC"
              ? "kafka://127.0.0.1:9092"
              : port.type === "TABLE"
                ? "postgres://warehouse.meshport.internal:5432"
                : "",
          format: port.format,
          ...(port.compatibility ? { compatibility: port.compatibility } : {}),
          schema: toJsonSchema(port.recordName, port.fields),
        })),
        extras: {},
      };
      const yaml = toOdcsYaml(model);
      const back = parseContract(yaml).model;
      expect(toOdcsYaml(back), product.slug).toBe(yaml);
      expect(back.product).toEqual(model.product);
      back.ports.forEach((port, i) => {
        const original = model.ports[i];
        if (!original) throw new Error("port count differs");
        const { schema: _a, ...fields } = port;
        const { schema: _b, ...originalFields } = original;
        expect(fields, `${product.slug}/${port.name}`).toEqual(originalFields);
        expect(flattenSchema("JSON_SCHEMA", port.schema), `${product.slug}/${port.name}`).toEqual(
          flattenSchema("JSON_SCHEMA", original.schema),
        );
      });
    }
  });

  it("refuses to write a document ODCS would reject", () => {
    const { model } = parseContract(ORDERS);
    model.extras.price = { priceAmount: "free" };
    expect(() => toOdcsYaml(model)).toThrow(ContractError);
  });
});

describe("round trip of the awkward cases", () => {
  const EDGE = readFileSync(new URL("./fixtures/edge-cases.odcs.yaml", import.meta.url), "utf8");

  it("keeps them exactly", () => {
    const { model } = parseContract(EDGE);
    expect(model.product.name).toBe("Edge Cases");
    expect(model.product.serviceLevels).toEqual({
      latency: "5 s",
      retention: "",
      generalAvailability: "2024-05-12T09:30:10-08:00",
    });
    expect(model.ports.map((p) => [p.name, p.type, p.server])).toEqual([
      ["events", "KAFKA_TOPIC", ""],
      ["order_view", "TABLE", "postgres://db.example:5432"],
      // No physicalType Meshport knows: the first server decides.
      ["order_collection", "TABLE", "postgres://db.example:5432"],
    ]);
    const [events] = model.ports;
    expect(
      flattenSchema("JSON_SCHEMA", events?.schema).map((r) => `${r.path}:${r.type}:${r.required}`),
    ).toEqual(["payload:object:false", "payload.kind:string:false", "tags:array<string>:false"]);
    const { first, second } = roundTrip(EDGE);
    expect(second).toBe(first);
    expect(parse(first)).toEqual(parse(EDGE));
  });

  it("creates server entries for servers only Meshport knows, tied explicitly where needed", () => {
    const { model } = parseContract(EDGE);
    const [events, view] = model.ports;
    if (!events || !view) throw new Error("fixture has ports");
    events.server = "kafka://bus.example:9092";
    view.server = "";
    model.ports.push({
      name: "exports",
      description: "",
      type: "FILE",
      address: "s3://exports/edge/",
      server: "s3://exports",
      format: "csv",
      schema: { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
    });
    const yaml = toOdcsYaml(model);
    const doc = parse(yaml) as {
      servers: Record<string, unknown>[];
      schema: { name: string; customProperties?: unknown[] }[];
    };
    expect(validateOdcs(doc)).toEqual([]);
    expect(doc.servers.at(-1)).toEqual({
      server: "custom",
      type: "custom",
      customProperties: [{ property: "meshport.url", value: "s3://exports" }],
    });
    expect(doc.schema.find((o) => o.name === "events")?.customProperties).toEqual([
      { property: "meshport.server", value: "bus" },
    ]);
    expect(doc.schema.find((o) => o.name === "order_view")?.customProperties).toEqual([
      { property: "meshport.server", value: "" },
    ]);
    expect(doc.schema.find((o) => o.name === "exports")?.customProperties).toEqual([
      { property: "meshport.server", value: "custom" },
      { property: "meshport.format", value: "csv" },
    ]);
    const back = parseContract(yaml).model;
    expect(back.ports.map((p) => [p.name, p.type, p.server, p.format])).toEqual([
      ["events", "KAFKA_TOPIC", "kafka://bus.example:9092", "json"],
      ["order_view", "TABLE", "", "parquet"],
      ["order_collection", "TABLE", "postgres://db.example:5432", "parquet"],
      ["exports", "FILE", "s3://exports", "csv"],
    ]);
    expect(toOdcsYaml(back)).toBe(yaml);
  });
});
