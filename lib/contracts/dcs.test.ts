import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { flattenSchema } from "@/lib/catalog/schema-flatten";
import { parseContract, toOdcsYaml } from "./index";
import { validateOdcs } from "./validate";

const ORDERS = readFileSync(new URL("./fixtures/orders.dcs.yaml", import.meta.url), "utf8");

describe("parseContract (Data Contract Specification)", () => {
  const { format, model } = parseContract(ORDERS);
  const [orders, lineItems] = model.ports;
  if (!orders || !lineItems) throw new Error("fixture has two models");

  it("maps info, terms and service levels", () => {
    expect(format).toBe("dcs");
    expect(model).toMatchObject({ id: "orders-latest", version: "2.0.0", status: "active" });
    expect(model.product).toMatchObject({
      name: "Orders Latest",
      summary: "Successful customer orders in the webshop.",
      description: expect.stringContaining("All orders since 2020-01-01."),
      tags: ["checkout", "pii"],
      termsOfUse:
        "Data can be used for reports, analytics and machine learning use cases.\n\nNot suitable for real-time use cases.",
      serviceLevels: {
        availability: "99.9%",
        retention: "P1Y",
        latency: "25h",
        freshness: "25h",
        frequency: "daily",
      },
    });
  });

  it("maps models to ports on their servers", () => {
    expect(orders).toMatchObject({
      name: "orders",
      type: "TABLE",
      address: "shop.public.orders",
      server: "postgres://db.northwind.example:5432",
      description: "One record per order. Includes cancelled and deleted orders.",
    });
    // An `object` model on the only kafka server is that server's topic.
    expect(lineItems).toMatchObject({
      name: "line_items",
      type: "KAFKA_TOPIC",
      address: "orders.line-items.v1",
      server: "kafka://kafka-1.northwind.example:9092",
      format: "avro",
    });
  });

  it("maps field types, required, PII and nesting", () => {
    const rows = flattenSchema("JSON_SCHEMA", orders.schema).map(
      ({ path, type, required, classification }) =>
        `${path} ${type} ${required ? "required" : "optional"} ${classification}`,
    );
    expect(rows).toEqual([
      "order_id string required INTERNAL",
      "order_timestamp timestamp required INTERNAL",
      "order_total long required INTERNAL",
      "customer_id string optional INTERNAL",
      "customer_email_address string required PII",
      "shipping_address object optional PII",
      "shipping_address.street string optional PII",
      "shipping_address.city string optional PII",
      "shipping_address.country string optional PII",
      "processed_timestamp timestamp required INTERNAL",
    ]);
    const properties = orders.schema.properties as Record<string, Record<string, unknown>>;
    // `$ref: '#/definitions/order_id'` brings the definition's type, format, title and examples.
    expect(properties.order_id).toMatchObject({
      type: "string",
      format: "uuid",
      description: "An internal ID that identifies an order in the online shop.",
    });
    expect(properties.order_id?.["x-odcs"]).toMatchObject({
      businessName: "Order ID",
      primaryKey: true,
      unique: true,
    });
    expect(properties.customer_id).toMatchObject({ minLength: 10, maxLength: 20 });
    expect(flattenSchema("JSON_SCHEMA", lineItems.schema).map((r) => `${r.path}:${r.type}`)).toContain(
      "tags:array<string>",
    );
  });

  it("keeps quality rules: as ODCS rules where ODCS can say them, DCS-only otherwise", () => {
    const properties = orders.schema.properties as Record<string, Record<string, Record<string, unknown>>>;
    expect(properties.order_total?.["x-odcs"]?.quality).toEqual([
      expect.objectContaining({ type: "sql", mustBeBetween: [1000, 49900] }),
    ]);
    // A SQL dialect has no ODCS field: the rule stays whole, DCS-only.
    expect(properties.customer_email_address?.["x-dcs"]?.quality).toEqual([
      expect.objectContaining({ dialect: "postgres" }),
    ]);
    expect((orders.schema["x-odcs"] as Record<string, unknown>).quality).toEqual([
      expect.objectContaining({ type: "sql", mustBeLessThan: 3600 }),
      { type: "library", metric: "rowCount", mustBeGreaterThan: 5 },
    ]);
  });

  it("keeps unmapped blocks under extras.dcs", () => {
    const dcs = model.extras.dcs as Record<string, unknown>;
    expect(dcs.dataContractSpecification).toBe("1.1.0");
    expect(Object.keys(dcs).sort()).toEqual([
      "dataContractSpecification",
      "definitions",
      "examples",
      "info",
      "servers",
      "servicelevels",
      "terms",
    ]);
    expect(dcs.info).toMatchObject({ owner: "Checkout Team" });
    expect(dcs.terms).toEqual({ billing: "5000 USD per month", noticePeriod: "P3M" });
  });

  it("exports as valid ODCS that keeps the servers and reads back the same", () => {
    const yaml = toOdcsYaml(model);
    const doc = parse(yaml) as { servers: unknown[] };
    expect(validateOdcs(doc)).toEqual([]);
    expect(doc.servers).toEqual([
      {
        server: "production",
        type: "postgres",
        environment: "prod",
        host: "db.northwind.example",
        port: 5432,
        database: "shop",
        schema: "public",
      },
      {
        server: "events",
        type: "kafka",
        environment: "prod",
        host: "kafka-1.northwind.example:9092",
        format: "avro",
      },
    ]);
    const back = parseContract(yaml).model;
    expect(back.ports.map(({ schema: _s, ...port }) => port)).toEqual(
      model.ports.map(({ schema: _s, ...port }) => port),
    );
    expect(flattenSchema("JSON_SCHEMA", back.ports[0]?.schema)).toEqual(
      flattenSchema("JSON_SCHEMA", orders.schema),
    );
    expect(toOdcsYaml(back)).toBe(yaml);
  });
});
