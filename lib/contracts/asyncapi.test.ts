// AsyncAPI 3.0 export and import, checked against the official JSON Schema and the official parser.
import { AvroSchemaParser } from "@asyncapi/avro-schema-parser";
import { Parser } from "@asyncapi/parser";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  AsyncApiError,
  meshAsyncApi,
  productAsyncApi,
  readAsyncApiChannels,
  toAsyncApiYaml,
  type AsyncApiCluster,
  type AsyncApiDocument,
  type AsyncApiProduct,
} from "./asyncapi";
import bundledSchema from "./json-schemas/asyncapi-3.0.0.schema.json";

const ORDER_PLACED_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://meshport.example/schemas/orders/order-placed.json",
  title: "OrderPlaced",
  description: "One order placed at checkout.",
  type: "object",
  properties: {
    orderId: { type: "string", format: "uuid", description: "The order's id." },
    placedAt: { type: "string", format: "date-time" },
    status: { type: "string", enum: ["PLACED", "PAID", "CANCELLED"], "x-classification": "PUBLIC" },
    customer: {
      type: "object",
      description: "Who ordered.",
      properties: {
        id: { type: "string" },
        email: { type: "string", format: "email", "x-classification": "PII" },
        name: { type: "string", "x-classification": "PII" },
      },
      required: ["id", "email"],
      "x-classification": "PII",
    },
    shippingAddress: { $ref: "#/$defs/Address", description: "Where the parcel goes." },
    billingAddress: { anyOf: [{ $ref: "#/$defs/Address" }, { type: "null" }] },
    lines: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        properties: {
          sku: { type: "string", pattern: "^[A-Z0-9-]+$" },
          quantity: { type: "integer", minimum: 1 },
          unitPrice: { type: "number", exclusiveMinimum: 0 },
        },
        required: ["sku", "quantity"],
      },
    },
    pickupPoint: {
      type: "array",
      description: "Latitude and longitude.",
      prefixItems: [{ type: "number" }, { type: "number" }],
      items: false,
    },
    total: { type: "number", "x-unit": { currency: "EUR" } },
  },
  required: ["orderId", "placedAt", "status", "customer", "lines"],
  additionalProperties: false,
  $defs: {
    Address: {
      type: "object",
      properties: {
        street: { type: "string" },
        city: { type: "string" },
        country: { type: "string", pattern: "^[A-Z]{2}$" },
      },
      required: ["street", "city", "country"],
      "x-classification": "PII",
    },
  },
};

const ORDER_STATUS_AVRO = {
  type: "record",
  name: "OrderStatus",
  namespace: "com.northwind.orders",
  doc: "The latest status of each order (compacted).",
  fields: [
    { name: "orderId", type: "string", doc: "The order's id." },
    {
      name: "status",
      type: { type: "enum", name: "Status", symbols: ["PLACED", "PAID", "SHIPPED", "CANCELLED"] },
    },
    { name: "updatedAt", type: { type: "long", logicalType: "timestamp-millis" } },
    { name: "customerEmail", type: ["null", "string"], default: null, classification: "PII" },
    {
      name: "items",
      type: {
        type: "array",
        items: {
          type: "record",
          name: "Item",
          fields: [
            { name: "sku", type: "string" },
            { name: "quantity", type: "int" },
          ],
        },
      },
    },
  ],
};

const ANALYTICS = {
  teamSlug: "analytics",
  teamName: "Analytics",
  principal: "User:analytics",
  groupIdPrefix: "analytics.",
};
const FULFILMENT = {
  teamSlug: "fulfilment",
  teamName: "Fulfilment",
  principal: "User:fulfilment",
  groupIdPrefix: "fulfilment.",
};

const CLUSTER: AsyncApiCluster = {
  id: "meshport",
  bootstrap: ["kafka-1.meshport.example:9093", "kafka-2.meshport.example:9093"],
  sasl: "SCRAM-SHA-512",
  tls: true,
  description: "Meshport's Kafka cluster.",
};

const ORDERS: AsyncApiProduct = {
  slug: "orders",
  name: "Orders",
  summary: "Every order placed at checkout, as it happens.",
  description: "## How to consume\n- Keyed by `orderId`.",
  domain: { slug: "sales", name: "Sales" },
  lifecycle: "PUBLISHED",
  tags: ["orders", "real-time"],
  ownerTeam: { slug: "checkout", name: "Checkout", principal: "User:checkout", groupIdPrefix: "checkout." },
  owners: [
    { name: "Ada Owner", email: "ada@northwind.example" },
    { name: "Bob Owner", email: "bob@northwind.example" },
  ],
  url: "https://meshport.example/products/orders",
  ports: [
    {
      id: "0b6f3a52-6a53-4c3f-9a43-0f1d2c3b4a51",
      name: "order-placed",
      description: "One event per order placed at checkout.",
      topic: "orders.order-placed.v2",
      format: "json",
      schema: { format: "JSON_SCHEMA", definition: ORDER_PLACED_SCHEMA, version: 3 },
      partitions: 12,
      replicas: 3,
      retentionMs: 604_800_000,
      cleanupPolicy: "delete",
      keyDescription: "orderId",
      contractId: "order-events",
      contractVersion: "2.1.0",
      // Deliberately not in slug order: the document must not depend on it.
      consumers: [FULFILMENT, ANALYTICS],
    },
    {
      id: "7c1e9d0a-3f52-4f0e-8d7b-2a9c4e6f1b23",
      name: "order-status",
      description: "The latest status of each order.",
      topic: "orders.order-status.v1",
      format: "avro",
      schema: { format: "AVRO", definition: ORDER_STATUS_AVRO, version: 1 },
      partitions: 6,
      replicas: 3,
      retentionMs: -1,
      cleanupPolicy: "compact",
      keyDescription: "orderId",
      contractId: null,
      contractVersion: null,
      consumers: [ANALYTICS],
    },
  ],
};

const PAYMENTS: AsyncApiProduct = {
  slug: "payments",
  name: "Payments",
  summary: "Settled payments.",
  description: "",
  domain: { slug: "finance", name: "Finance" },
  lifecycle: "DRAFT",
  tags: [],
  ownerTeam: { slug: "billing", name: "Billing", principal: "User:billing", groupIdPrefix: "billing." },
  owners: [],
  url: "https://meshport.example/products/payments",
  ports: [
    {
      id: "5d2b7e41-9c6a-4b1f-a3e8-6f0c2d9b8a74",
      name: "payment-settled",
      description: "",
      topic: "payments.payment-settled.v1",
      format: "json",
      schema: null,
      partitions: null,
      replicas: null,
      retentionMs: null,
      cleanupPolicy: null,
      keyDescription: "",
      contractId: null,
      contractVersion: null,
      consumers: [],
    },
  ],
};

const MESH_INFO = { title: "Northwind data mesh", version: "2026.12.0", url: "https://meshport.example/" };

let compiled: ValidateFunction | undefined;

/** Ajv's errors for `value` against the bundled schema, compiled here independently of the module. */
function schemaErrors(value: unknown): unknown[] {
  if (!compiled) {
    const { definitions, ...root } = structuredClone(bundledSchema) as unknown as {
      definitions: Record<string, unknown>;
    } & Record<string, unknown>;
    // Ajv holds draft-07's meta-schema already; the bundle embeds another copy.
    delete definitions["http://json-schema.org/draft-07/schema"];
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    compiled = ajv.compile({ ...root, definitions });
  }
  return compiled(value) ? [] : (compiled.errors ?? []);
}

async function parseWithOfficialParser(yaml: string) {
  const parser = new Parser();
  parser.registerSchemaParser(AvroSchemaParser());
  const { document, diagnostics } = await parser.parse(yaml);
  const errors = diagnostics.filter((d) => d.severity === 0);
  if (errors.length > 0) console.error(JSON.stringify(errors, null, 2));
  return { document, errors };
}

const productDoc = productAsyncApi(ORDERS, CLUSTER);
const productYaml = toAsyncApiYaml(productDoc);
const meshDoc = meshAsyncApi([PAYMENTS, ORDERS], CLUSTER, MESH_INFO);
const meshYaml = toAsyncApiYaml(meshDoc);

function at(doc: AsyncApiDocument, ...path: string[]): Record<string, unknown> {
  let node: unknown = doc;
  for (const key of path) node = (node as Record<string, unknown>)[key];
  return node as Record<string, unknown>;
}

describe("productAsyncApi", () => {
  it("describes the product, the cluster and its security", () => {
    expect(productDoc).toMatchObject({
      asyncapi: "3.0.0",
      id: "urn:meshport:product:orders",
      defaultContentType: "application/json",
      info: {
        title: "Orders",
        version: "2.1.0",
        description:
          "Every order placed at checkout, as it happens.\n\n## How to consume\n- Keyed by `orderId`.",
        contact: { name: "Ada Owner", email: "ada@northwind.example" },
        tags: [{ name: "orders" }, { name: "real-time" }],
        externalDocs: { url: "https://meshport.example/products/orders" },
      },
      servers: {
        meshport: {
          host: "kafka-1.meshport.example:9093",
          protocol: "kafka-secure",
          security: [{ $ref: "#/components/securitySchemes/saslScramSha512" }],
        },
      },
      components: { securitySchemes: { saslScramSha512: { type: "scramSha512" } } },
    });
    expect(at(productDoc, "servers", "meshport").description).toContain(
      "kafka-1.meshport.example:9093,kafka-2.meshport.example:9093",
    );
  });

  it("maps each port to a channel with its Kafka binding and one message", () => {
    expect(Object.keys(at(productDoc, "channels"))).toEqual([
      "orders.order-placed.v2",
      "orders.order-status.v1",
    ]);
    const placed = at(productDoc, "channels", "orders.order-placed.v2");
    expect(placed).toMatchObject({
      address: "orders.order-placed.v2",
      bindings: {
        kafka: {
          topic: "orders.order-placed.v2",
          partitions: 12,
          replicas: 3,
          topicConfiguration: { "retention.ms": 604_800_000, "cleanup.policy": ["delete"] },
          bindingVersion: "0.5.0",
        },
      },
    });
    const message = at(placed, "messages", "order-placed");
    expect(message).toMatchObject({
      name: "order-placed",
      contentType: "application/json",
      bindings: { kafka: { key: { type: "string", description: "orderId" }, bindingVersion: "0.5.0" } },
    });
    const payload = message.payload as Record<string, unknown>;
    const base = "#/channels/orders.order-placed.v2/messages/order-placed/payload";
    expect(payload.$schema).toBeUndefined();
    expect(payload).toMatchObject({
      definitions: { Address: { "x-classification": "PII" } },
      properties: {
        customer: { properties: { email: { format: "email", "x-classification": "PII" } } },
        status: { enum: ["PLACED", "PAID", "CANCELLED"] },
        shippingAddress: {
          allOf: [{ $ref: `${base}/definitions/Address` }],
          description: "Where the parcel goes.",
        },
        billingAddress: { anyOf: [{ $ref: `${base}/definitions/Address` }, { type: "null" }] },
        pickupPoint: { items: [{ type: "number" }, { type: "number" }], additionalItems: false },
      },
    });

    const status = at(productDoc, "channels", "orders.order-status.v1");
    expect(status.bindings).toEqual({
      kafka: {
        topic: "orders.order-status.v1",
        partitions: 6,
        replicas: 3,
        topicConfiguration: { "cleanup.policy": ["compact"], "retention.ms": -1 },
        bindingVersion: "0.5.0",
      },
    });
    expect(at(status, "messages", "order-status")).toMatchObject({
      contentType: "application/vnd.apache.avro+binary",
      payload: { schemaFormat: "application/vnd.apache.avro;version=1.9.0", schema: ORDER_STATUS_AVRO },
    });
  });

  it("has one send operation for the owner and one receive per consumer team", () => {
    const operations = at(productDoc, "operations");
    expect(Object.keys(operations)).toEqual([
      "orders.order-placed.v2.send",
      "orders.order-placed.v2.receive.analytics",
      "orders.order-placed.v2.receive.fulfilment",
      "orders.order-status.v1.send",
      "orders.order-status.v1.receive.analytics",
    ]);
    expect(operations["orders.order-placed.v2.send"]).toMatchObject({
      action: "send",
      channel: { $ref: "#/channels/orders.order-placed.v2" },
      messages: [{ $ref: "#/channels/orders.order-placed.v2/messages/order-placed" }],
      summary: "Checkout produces order-placed",
    });
    const receive = operations["orders.order-placed.v2.receive.fulfilment"] as Record<string, unknown>;
    expect(receive).toMatchObject({
      action: "receive",
      bindings: {
        kafka: { groupId: { type: "string", pattern: "^fulfilment\\..*" }, bindingVersion: "0.5.0" },
      },
    });
    expect(receive.description).toContain("User:fulfilment");
    const pattern = new RegExp(at(receive, "bindings", "kafka", "groupId").pattern as string, "u");
    expect(pattern.test("fulfilment.pickers")).toBe(true);
    expect(pattern.test("fulfilmentXpickers")).toBe(false);
  });

  it("validates against the bundled AsyncAPI 3.0.0 JSON Schema", () => {
    expect(schemaErrors(productDoc)).toEqual([]);
    const noEmail = productAsyncApi({ ...ORDERS, owners: [{ name: "Ada Owner", email: "" }] }, CLUSTER);
    expect(at(noEmail, "info").contact).toEqual({ name: "Ada Owner" });
    expect(schemaErrors(noEmail)).toEqual([]);
    expect(schemaErrors(parse(productYaml))).toEqual([]);
    expect(schemaErrors(meshDoc)).toEqual([]);
  });

  it("parses with the official AsyncAPI parser and its Avro schema parser", { timeout: 60_000 }, async () => {
    const { document, errors } = await parseWithOfficialParser(productYaml);
    expect(errors).toEqual([]);
    if (!document) throw new Error("no document");
    expect(document.version()).toBe("3.0.0");
    expect(document.servers().get("meshport")?.protocol()).toBe("kafka-secure");
    const channels = document.channels().all();
    expect(channels.map((c) => [c.id(), c.address()])).toEqual([
      ["orders.order-placed.v2", "orders.order-placed.v2"],
      ["orders.order-status.v1", "orders.order-status.v1"],
    ]);
    const operations = document.operations().all();
    expect(operations).toHaveLength(1 + 2 + (1 + 1));
    expect(operations.filter((o) => o.action() === "send")).toHaveLength(2);
    expect(operations.filter((o) => o.action() === "receive")).toHaveLength(3);
    const [placed, status] = channels;
    expect(status?.messages().all()[0]?.schemaFormat()).toBe("application/vnd.apache.avro;version=1.9.0");
    // The shared Address definition resolves: the payload's properties are real schemas.
    const payload = placed?.messages().all()[0]?.payload();
    const shipping = payload?.properties()?.shippingAddress;
    expect(shipping?.allOf()?.[0]?.properties()?.country?.pattern()).toBe("^[A-Z]{2}$");
    expect(
      payload?.properties()?.customer?.properties()?.email?.extensions().get("x-classification")?.value(),
    ).toBe("PII");
  });

  it("gives the same text for the same input", () => {
    const shuffled = {
      ...ORDERS,
      ports: ORDERS.ports.map((p) => ({ ...p, consumers: [...p.consumers].reverse() })),
    };
    expect(toAsyncApiYaml(productAsyncApi(structuredClone(ORDERS), CLUSTER))).toBe(productYaml);
    expect(toAsyncApiYaml(productAsyncApi(shuffled, CLUSTER))).toBe(productYaml);
    expect(toAsyncApiYaml(meshAsyncApi([ORDERS, PAYMENTS], CLUSTER, MESH_INFO))).toBe(meshYaml);
  });
});

describe("meshAsyncApi", () => {
  it("holds every product's channels and operations under the given info", () => {
    expect(meshDoc).toMatchObject({
      id: "urn:meshport:mesh",
      info: {
        title: "Northwind data mesh",
        version: "2026.12.0",
        externalDocs: { url: "https://meshport.example/" },
      },
    });
    expect(Object.keys(at(meshDoc, "channels"))).toEqual([
      "orders.order-placed.v2",
      "orders.order-status.v1",
      "payments.payment-settled.v1",
    ]);
    expect(Object.keys(at(meshDoc, "operations"))).toHaveLength(6);
    const settled = at(meshDoc, "channels", "payments.payment-settled.v1");
    expect(settled.bindings).toEqual({
      kafka: { topic: "payments.payment-settled.v1", bindingVersion: "0.5.0" },
    });
    const message = at(settled, "messages", "payment-settled");
    expect(message.payload).toEqual({ type: "object", "x-meshport-no-schema": true });
    expect(message.description).toContain("No schema is registered");
  });

  it("keeps channel ids unique when two products name the same topic", () => {
    const copy = { ...ORDERS, slug: "orders-copy", name: "Orders copy" };
    const doc = meshAsyncApi([ORDERS, copy], CLUSTER, MESH_INFO);
    expect(Object.keys(at(doc, "channels"))).toEqual([
      "orders.order-placed.v2",
      "orders.order-status.v1",
      "orders-copy.orders.order-placed.v2",
      "orders-copy.orders.order-status.v1",
    ]);
    const operations = at(doc, "operations");
    expect(operations["orders-copy.orders.order-status.v1.send"]).toMatchObject({
      channel: { $ref: "#/channels/orders-copy.orders.order-status.v1" },
    });
    // The copy's payload refs point into the copy's own channel.
    const payload = at(
      doc,
      "channels",
      "orders-copy.orders.order-placed.v2",
      "messages",
      "order-placed",
      "payload",
    );
    expect(at(payload, "properties", "billingAddress").anyOf).toContainEqual({
      $ref: "#/channels/orders-copy.orders.order-placed.v2/messages/order-placed/payload/definitions/Address",
    });
    expect(schemaErrors(doc)).toEqual([]);
  });

  it("parses with the official parser", { timeout: 60_000 }, async () => {
    const { document, errors } = await parseWithOfficialParser(meshYaml);
    expect(errors).toEqual([]);
    expect(
      document
        ?.channels()
        .all()
        .map((c) => c.address()),
    ).toEqual(["orders.order-placed.v2", "orders.order-status.v1", "payments.payment-settled.v1"]);
    expect(document?.operations().all()).toHaveLength(6);
  });
});

describe("readAsyncApiChannels", () => {
  it("reads back what the export wrote: topics, topic configuration and schemas", () => {
    const { title, channels } = readAsyncApiChannels(meshYaml);
    expect(title).toBe("Northwind data mesh");
    expect(channels).toEqual([
      {
        id: "orders.order-placed.v2",
        topic: "orders.order-placed.v2",
        description: "One event per order placed at checkout.",
        schema: { format: "JSON_SCHEMA", definition: ORDER_PLACED_SCHEMA },
        partitions: 12,
        retentionMs: 604_800_000,
        cleanupPolicy: "delete",
      },
      {
        id: "orders.order-status.v1",
        topic: "orders.order-status.v1",
        description: "The latest status of each order.",
        schema: { format: "AVRO", definition: ORDER_STATUS_AVRO },
        partitions: 6,
        retentionMs: -1,
        cleanupPolicy: "compact",
      },
      {
        id: "payments.payment-settled.v1",
        topic: "payments.payment-settled.v1",
        description: "",
        schema: null,
        partitions: null,
        retentionMs: null,
        cleanupPolicy: null,
      },
    ]);
  });

  it("reads JSON documents, component references and multi-format JSON schemas", () => {
    const doc = {
      asyncapi: "3.0.0",
      info: { title: "Shipping", version: "1.0.0" },
      channels: {
        shipments: { $ref: "#/components/channels/shipments" },
        labels: {
          address: "shipping.labels.v1",
          messages: {
            label: {
              payload: {
                schemaFormat: "application/schema+json;version=draft-07",
                schema: { $ref: "#/components/schemas/Label" },
              },
            },
          },
        },
      },
      components: {
        channels: {
          shipments: {
            address: "ignored-address",
            description: "Shipments as they leave the warehouse.",
            messages: { shipped: { $ref: "#/components/messages/Shipped" } },
            bindings: { kafka: { topic: "shipping.shipments.v1", partitions: 3, bindingVersion: "0.5.0" } },
          },
        },
        messages: {
          Shipped: {
            payload: {
              type: "object",
              properties: {
                parcel: { $ref: "#/components/schemas/Parcel" },
                dimensions: {
                  type: "array",
                  items: [{ type: "number" }, { type: "number" }],
                  additionalItems: false,
                },
              },
              definitions: { Id: { type: "string" } },
              dependencies: { weight: ["unit"] },
            },
          },
        },
        schemas: {
          Parcel: {
            type: "object",
            properties: {
              id: { $ref: "#/components/schemas/Parcel/definitions/Id" },
              next: { $ref: "#/components/schemas/Parcel" },
            },
            definitions: { Id: { type: "string", format: "uuid" } },
          },
          Label: { type: "object", properties: { text: { type: "string" } } },
        },
      },
    };
    const { channels } = readAsyncApiChannels(JSON.stringify(doc));
    const [shipments, labels] = channels;
    expect(shipments).toMatchObject({
      id: "shipments",
      topic: "shipping.shipments.v1",
      description: "Shipments as they leave the warehouse.",
      partitions: 3,
      retentionMs: null,
    });
    expect(shipments?.schema).toEqual({
      format: "JSON_SCHEMA",
      definition: {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        type: "object",
        properties: {
          parcel: { $ref: "#/$defs/Parcel" },
          dimensions: { type: "array", prefixItems: [{ type: "number" }, { type: "number" }], items: false },
        },
        $defs: {
          Id: { type: "string" },
          Parcel: {
            type: "object",
            properties: { id: { $ref: "#/$defs/Parcel/$defs/Id" }, next: { $ref: "#/$defs/Parcel" } },
            $defs: { Id: { type: "string", format: "uuid" } },
          },
        },
        dependentRequired: { weight: ["unit"] },
      },
    });
    expect(labels).toMatchObject({ topic: "shipping.labels.v1", partitions: null });
    expect(labels?.schema).toEqual({
      format: "JSON_SCHEMA",
      definition: {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        type: "object",
        properties: { text: { type: "string" } },
      },
    });
  });

  it("refuses AsyncAPI 2.x", () => {
    const v2 =
      "asyncapi: 2.6.0\ninfo:\n  title: Old\n  version: 1.0.0\nchannels:\n  orders:\n    subscribe:\n      message:\n        payload:\n          type: object\n";
    expect(() => readAsyncApiChannels(v2)).toThrow(AsyncApiError);
    expect(() => readAsyncApiChannels(v2)).toThrow(/only AsyncAPI 3\.0 is imported.*2\.6\.0/i);
    expect(() => readAsyncApiChannels("info: {title: t, version: '1'}")).toThrow(/has no `asyncapi` field/);
  });

  it("refuses text that is not YAML, or not a mapping", () => {
    expect(() => readAsyncApiChannels("asyncapi: 3.0.0\ninfo: [unclosed\n  title: x")).toThrow(
      /not valid YAML or JSON/,
    );
    expect(() => readAsyncApiChannels("{ asyncapi: 3.0.0, asyncapi: 3.0.0 }")).toThrow(AsyncApiError);
    expect(() => readAsyncApiChannels("just some words")).toThrow(/not a mapping/);
  });

  it("refuses a 3.0 document with a wrong field, naming where", () => {
    const doc = parse(productYaml) as Record<string, unknown>;
    const channel = at(doc, "channels", "orders.order-status.v1");
    (channel.bindings as { kafka: Record<string, unknown> }).kafka.partitions = "six";
    channel.topic = "orders.order-status.v1";
    let error: unknown;
    try {
      readAsyncApiChannels(JSON.stringify(doc));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AsyncApiError);
    const { issues, message } = error as AsyncApiError;
    expect(message).toMatch(/does not follow the AsyncAPI 3\.0 schema/);
    expect(issues).toContainEqual({
      path: 'channels["orders.order-status.v1"].bindings.kafka.partitions',
      message: "must be integer",
    });
    expect(issues).toContainEqual({
      path: 'channels["orders.order-status.v1"]',
      message: "property 'topic' is not allowed here",
    });
    expect(issues.length).toBeLessThanOrEqual(5);
  });

  it("refuses references out of the document and documents over 1 MiB", () => {
    const external = productYaml.replace(
      '$ref: "#/channels/orders.order-placed.v2/messages/order-placed/payload/definitions/Address"',
      "$ref: https://example.com/address.json",
    );
    expect(external).not.toBe(productYaml);
    // A payload's reference to a URL is kept as it is (Meshport fetches nothing).
    const shipping = at(readAsyncApiChannels(external).channels[0]?.schema?.definition ?? {}, "properties");
    expect(shipping.shippingAddress).toEqual({
      $ref: "https://example.com/address.json",
      description: "Where the parcel goes.",
    });
    const remoteChannel = `asyncapi: 3.0.0\ninfo: {title: t, version: "1"}\nchannels:\n  a: {$ref: "other.yaml#/channels/a"}\n`;
    expect(() => readAsyncApiChannels(remoteChannel)).toThrow(/points outside the document/);
    expect(() => readAsyncApiChannels(`# ${"x".repeat(1024 * 1024)}\nasyncapi: 3.0.0`)).toThrow(/too large/);
  });
});
