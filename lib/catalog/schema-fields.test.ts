import { describe, expect, it } from "vitest";
import type { FieldSpec } from "./field-spec";
import { flatFieldsToJsonSchema, type FlatField } from "./schema-fields";
import { flattenSchema } from "./schema-flatten";
import { toAvroSchema, toJsonSchema } from "./schema-generate";

const ORDER_FIELDS: FieldSpec[] = [
  { name: "orderId", type: "string", description: "Order id.", required: true },
  { name: "status", type: "string", description: "Status.", required: true, enum: ["PLACED", "PAID"] },
  {
    name: "customer",
    type: "object",
    description: "The buyer.",
    required: true,
    fields: [
      { name: "id", type: "string", description: "Customer id.", required: true },
      { name: "email", type: "string", description: "Email.", required: true, classification: "PII" },
      { name: "name", type: "string", description: "Full name.", required: false, classification: "PII" },
    ],
  },
  {
    name: "items",
    type: "array",
    description: "Lines.",
    required: true,
    fields: [
      { name: "sku", type: "string", description: "SKU.", required: true },
      { name: "quantity", type: "integer", description: "Units.", required: true },
      {
        name: "unitPrice",
        type: "number",
        description: "Price.",
        required: true,
        classification: "CONFIDENTIAL",
      },
    ],
  },
  { name: "tags", type: "array", description: "Labels.", required: false, items: "string" },
  { name: "placedAt", type: "timestamp", description: "When.", required: true },
  { name: "birthDate", type: "date", description: "Date of birth.", required: false, classification: "PII" },
  { name: "sequence", type: "long", description: "Offset.", required: true, classification: "PUBLIC" },
  { name: "gift", type: "boolean", description: "Gift wrap.", required: false },
];

type Row = Pick<FlatField, "path" | "type" | "required" | "classification">;

const EXPECTED: Row[] = [
  { path: "orderId", type: "string", required: true, classification: "INTERNAL" },
  { path: "status", type: "string", required: true, classification: "INTERNAL" },
  // The parent of PII is labelled PII itself, so the object row alone already warns.
  { path: "customer", type: "object", required: true, classification: "PII" },
  { path: "customer.id", type: "string", required: true, classification: "INTERNAL" },
  { path: "customer.email", type: "string", required: true, classification: "PII" },
  { path: "customer.name", type: "string", required: false, classification: "PII" },
  { path: "items", type: "array<object>", required: true, classification: "CONFIDENTIAL" },
  { path: "items[].sku", type: "string", required: true, classification: "INTERNAL" },
  { path: "items[].quantity", type: "integer", required: true, classification: "INTERNAL" },
  { path: "items[].unitPrice", type: "number", required: true, classification: "CONFIDENTIAL" },
  { path: "tags", type: "array<string>", required: false, classification: "INTERNAL" },
  { path: "placedAt", type: "timestamp", required: true, classification: "INTERNAL" },
  { path: "birthDate", type: "date", required: false, classification: "PII" },
  { path: "sequence", type: "long", required: true, classification: "PUBLIC" },
  { path: "gift", type: "boolean", required: false, classification: "INTERNAL" },
];

const rows = (flat: FlatField[]): Row[] =>
  flat.map(({ path, type, required, classification }) => ({ path, type, required, classification }));

describe("toJsonSchema", () => {
  const schema = toJsonSchema("OrderPlaced", ORDER_FIELDS, { description: "An order was placed." });

  it("is a draft 2020-12 object schema with titles, required and classifications", () => {
    expect(schema).toMatchObject({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      title: "OrderPlaced",
      description: "An order was placed.",
      type: "object",
      required: ["orderId", "status", "customer", "items", "placedAt", "sequence"],
    });
    const props = schema.properties as Record<string, Record<string, unknown>>;
    expect(props.placedAt).toEqual({
      type: "string",
      format: "date-time",
      description: "When.",
      "x-classification": "INTERNAL",
    });
    expect(props.birthDate).toMatchObject({ type: "string", format: "date", "x-classification": "PII" });
    expect(props.sequence).toMatchObject({ type: "integer", format: "int64" });
    expect(props.status).toMatchObject({ type: "string", enum: ["PLACED", "PAID"] });
    expect(props.tags).toMatchObject({ type: "array", items: { type: "string" } });
    expect(props.items).toMatchObject({
      type: "array",
      items: { type: "object", required: ["sku", "quantity", "unitPrice"] },
    });
    expect(props.customer).toMatchObject({
      type: "object",
      required: ["id", "email"],
      "x-classification": "PII",
    });
    expect((props.customer?.properties as Record<string, unknown>).email).toMatchObject({
      "x-classification": "PII",
    });
  });

  it("round-trips through flattenSchema", () => {
    const flat = flattenSchema("JSON_SCHEMA", schema);
    expect(rows(flat)).toEqual(EXPECTED);
    expect(flat.map((f) => f.position)).toEqual(EXPECTED.map((_, i) => i));
    expect(flat.find((f) => f.path === "customer.email")?.description).toBe("Email.");
  });

  it("survives a JSON round trip (as stored in the database)", () => {
    expect(rows(flattenSchema("JSON_SCHEMA", JSON.parse(JSON.stringify(schema))))).toEqual(EXPECTED);
  });
});

describe("toAvroSchema", () => {
  const schema = toAvroSchema("OrderPlaced", "dev.meshport.orders", ORDER_FIELDS);

  it("is an Avro record with docs, classifications, nullable optionals and logical types", () => {
    expect(schema).toMatchObject({ type: "record", name: "OrderPlaced", namespace: "dev.meshport.orders" });
    const byName = new Map(schema.fields.map((f) => [f.name, f]));
    expect(byName.get("placedAt")).toMatchObject({
      type: { type: "long", logicalType: "timestamp-millis" },
      classification: "INTERNAL",
    });
    expect(byName.get("birthDate")).toMatchObject({
      type: ["null", { type: "int", logicalType: "date" }],
      default: null,
      classification: "PII",
    });
    expect(byName.get("status")?.doc).toBe("Status. One of: PLACED, PAID.");
    expect(byName.get("orderId")).not.toHaveProperty("default");
    expect(byName.get("customer")?.type).toMatchObject({ type: "record", name: "OrderPlacedCustomer" });
    expect(byName.get("items")?.type).toMatchObject({
      type: "array",
      items: { type: "record", name: "OrderPlacedItemsItem" },
    });
    expect(byName.get("tags")).toMatchObject({
      type: ["null", { type: "array", items: "string" }],
      default: null,
    });
  });

  it("round-trips through flattenSchema to the same rows as JSON Schema", () => {
    const flat = flattenSchema("AVRO", schema);
    expect(rows(flat)).toEqual(EXPECTED);
    expect(flat.find((f) => f.path === "items[].unitPrice")?.description).toBe("Price.");
    expect(rows(flattenSchema("AVRO", JSON.stringify(schema)))).toEqual(EXPECTED);
  });

  it("names nested records uniquely within one schema", () => {
    const twoAddresses: FieldSpec[] = ["billing", "shipping"].map((name) => ({
      name,
      type: "object",
      description: name,
      required: true,
      fields: [{ name: "city", type: "string", description: "City", required: true }],
    }));
    const names = JSON.stringify(toAvroSchema("Order", "ns", twoAddresses)).match(/"name":"Order[A-Za-z]+"/g);
    expect(names).toEqual(['"name":"OrderBilling"', '"name":"OrderShipping"']);
  });
});

describe("flattenSchema on hand-written JSON Schemas", () => {
  const foreign = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
    required: ["id", "billing", "shipping", "note", "lines"],
    properties: {
      id: { type: "string" },
      billing: { $ref: "#/$defs/Address", description: "Billing address." },
      shipping: { anyOf: [{ $ref: "#/$defs/Address" }, { type: "null" }] },
      note: { type: ["string", "null"], title: "A free note" },
      lines: { type: "array", items: { $ref: "#/$defs/Line" } },
      attributes: { type: "object", additionalProperties: { type: "string" } },
      amount: { oneOf: [{ type: "number" }, { type: "string" }] },
      audit: {
        allOf: [{ $ref: "#/$defs/Audit" }, { properties: { by: { type: "string", "x-pii": true } } }],
      },
      parent: { $ref: "#/$defs/Node" },
      legacy: { $ref: "#/definitions/Legacy" },
      kind: { enum: ["A", "B"] },
      external: { $ref: "https://example.com/money.json" },
    },
    $defs: {
      Address: {
        type: "object",
        description: "A postal address.",
        "x-classification": "pii",
        required: ["city"],
        properties: { street: { type: "string" }, city: { type: "string", "x-classification": "PII" } },
      },
      Line: {
        type: "object",
        required: ["sku"],
        properties: { sku: { type: "string", description: "SKU" }, qty: { type: "integer" } },
      },
      Audit: {
        type: "object",
        required: ["at"],
        properties: { at: { type: "string", format: "date-time" } },
      },
      Node: { type: "object", properties: { name: { type: "string" }, child: { $ref: "#/$defs/Node" } } },
    },
    definitions: { Legacy: { type: "integer", format: "int64", classification: "confidential" } },
  };

  const flat = flattenSchema("JSON_SCHEMA", foreign);
  const byPath = new Map(flat.map((f) => [f.path, f]));

  it("resolves $ref to $defs and definitions, with the referencing site's description first", () => {
    expect(byPath.get("billing")).toMatchObject({
      type: "object",
      required: true,
      classification: "PII",
      description: "Billing address.",
    });
    expect(byPath.get("billing.city")).toMatchObject({
      type: "string",
      required: true,
      classification: "PII",
    });
    // Inherits its parent's explicit label.
    expect(byPath.get("billing.street")).toMatchObject({
      required: false,
      classification: "PII",
      description: "",
    });
    expect(byPath.get("lines[].sku")).toMatchObject({ type: "string", required: true, description: "SKU" });
    expect(byPath.get("legacy")).toMatchObject({ type: "long", classification: "CONFIDENTIAL" });
  });

  it("treats a union with null as optional and keeps real unions as unions", () => {
    expect(byPath.get("shipping")).toMatchObject({
      type: "object",
      required: false,
      description: "A postal address.",
    });
    expect(byPath.get("shipping.city")).toBeDefined();
    expect(byPath.get("note")).toMatchObject({ type: "string", required: false, description: "A free note" });
    expect(byPath.get("amount")).toMatchObject({ type: "number|string" });
  });

  it("merges allOf, maps additionalProperties, infers enum types and defaults", () => {
    expect(byPath.get("audit.at")).toMatchObject({
      type: "timestamp",
      required: true,
      classification: "INTERNAL",
    });
    expect(byPath.get("audit.by")).toMatchObject({ type: "string", classification: "PII" });
    expect(byPath.get("attributes")).toMatchObject({ type: "map<string>", required: false });
    expect(byPath.get("kind")).toMatchObject({ type: "string" });
    expect(byPath.get("external")).toMatchObject({ type: "unknown" }); // never fetched
    expect(byPath.get("id")).toMatchObject({ description: "", classification: "INTERNAL", required: true });
  });

  it("stops at recursive references and numbers rows in document order", () => {
    expect(byPath.get("parent.child")).toMatchObject({ type: "object" });
    expect(byPath.has("parent.child.name")).toBe(false);
    expect(flat.map((f) => f.position)).toEqual(flat.map((_, i) => i));
    expect(flat.map((f) => f.path).slice(0, 4)).toEqual(["id", "billing", "billing.street", "billing.city"]);
    expect(new Set(flat.map((f) => f.path)).size).toBe(flat.length);
  });

  it("terminates on recursion through anyOf, allOf and array items", () => {
    const tree = {
      type: "object",
      properties: { root: { $ref: "#/$defs/Tree" } },
      $defs: {
        Tree: {
          type: "object",
          properties: {
            label: { type: "string" },
            parent: { anyOf: [{ $ref: "#/$defs/Tree" }, { type: "null" }] },
            children: { type: "array", items: { allOf: [{ $ref: "#/$defs/Tree" }] } },
          },
        },
      },
    };
    expect(flattenSchema("JSON_SCHEMA", tree).map((f) => f.path)).toEqual([
      "root",
      "root.label",
      "root.parent",
      "root.children",
    ]);
  });

  it("returns no rows for things that are not schemas", () => {
    expect(flattenSchema("JSON_SCHEMA", null)).toEqual([]);
    expect(flattenSchema("JSON_SCHEMA", "not json")).toEqual([]);
    expect(flattenSchema("JSON_SCHEMA", {})).toEqual([]);
    expect(flattenSchema("AVRO", 42)).toEqual([]);
    expect(flattenSchema("AVRO", "string")).toEqual([]);
  });
});

describe("flattenSchema on hand-written Avro schemas", () => {
  const foreign = {
    type: "record",
    name: "Shipment",
    namespace: "com.example.shipping",
    fields: [
      { name: "id", type: "string" },
      {
        name: "from",
        type: {
          type: "record",
          name: "Address",
          doc: "An address",
          fields: [{ name: "city", type: "string", pii: true }],
        },
      },
      { name: "to", type: ["null", "Address"], default: null, classification: "PII" },
      { name: "back", type: "com.example.shipping.Address" },
      { name: "status", type: { type: "enum", name: "Status", symbols: ["NEW", "SENT"] }, doc: "Status" },
      { name: "ref", type: ["string", "long"] },
      {
        name: "labels",
        type: {
          type: "map",
          values: { type: "record", name: "Label", fields: [{ name: "text", type: "string" }] },
        },
      },
      {
        name: "parcels",
        type: {
          type: "array",
          items: {
            type: "record",
            name: "Parcel",
            fields: [
              { name: "weight", type: "int" },
              { name: "next", type: ["null", "Parcel"] },
            ],
          },
        },
      },
      { name: "amount", type: { type: "bytes", logicalType: "decimal", precision: 10, scale: 2 } },
      { name: "createdAt", type: { type: "long", logicalType: "timestamp-micros" } },
      { name: "score", type: "float" },
      { name: "hash", type: { type: "fixed", name: "Md5", size: 16 } },
    ],
  };

  const flat = flattenSchema("AVRO", foreign);
  const byPath = new Map(flat.map((f) => [f.path, f]));

  it("resolves named types by short and full name and inherits classification", () => {
    expect(byPath.get("from")).toMatchObject({
      type: "object",
      required: true,
      classification: "INTERNAL",
      description: "An address",
    });
    expect(byPath.get("from.city")).toMatchObject({ classification: "PII" });
    expect(byPath.get("to")).toMatchObject({ type: "object", required: false, classification: "PII" });
    expect(byPath.get("to.city")).toMatchObject({ classification: "PII" });
    expect(byPath.get("back.city")).toBeDefined();
  });

  it("maps enums, unions, maps, arrays and logical types", () => {
    expect(byPath.get("status")).toMatchObject({ type: "enum", description: "Status" });
    expect(byPath.get("ref")).toMatchObject({ type: "string|long", required: true });
    expect(byPath.get("labels")).toMatchObject({ type: "map<object>" });
    expect(byPath.get("labels{}.text")).toMatchObject({ type: "string" });
    expect(byPath.get("parcels")).toMatchObject({ type: "array<object>" });
    expect(byPath.get("parcels[].weight")).toMatchObject({ type: "integer" });
    expect(byPath.get("amount")).toMatchObject({ type: "decimal" });
    expect(byPath.get("createdAt")).toMatchObject({ type: "timestamp" });
    expect(byPath.get("score")).toMatchObject({ type: "number" });
    expect(byPath.get("hash")).toMatchObject({ type: "fixed" });
  });

  it("stops at recursive records", () => {
    expect(byPath.get("parcels[].next")).toMatchObject({ type: "object", required: false });
    expect(byPath.has("parcels[].next.weight")).toBe(false);
  });
});

describe("flatFieldsToJsonSchema", () => {
  it("rebuilds a JSON Schema whose flattening gives the same fields (Avro → contract export)", () => {
    const avro = toAvroSchema("OrderPlaced", "dev.meshport.orders", [
      { name: "order_id", type: "string", description: "Order id", required: true },
      { name: "placed_at", type: "timestamp", description: "When", required: true },
      { name: "total_cents", type: "long", description: "Total" },
      {
        name: "customer",
        type: "object",
        description: "Buyer",
        fields: [{ name: "email", type: "string", description: "Email", classification: "PII" }],
      },
      {
        name: "items",
        type: "array",
        description: "Lines",
        fields: [{ name: "sku", type: "string", description: "SKU", required: true }],
      },
    ]);
    const flat = flattenSchema("AVRO", avro);
    const back = flattenSchema("JSON_SCHEMA", flatFieldsToJsonSchema("OrderPlaced", flat));
    const key = (f: FlatField) => `${f.path}:${f.classification}:${f.required}`;
    expect(back.map(key)).toEqual(flat.map(key));
    expect(back.find((f) => f.path === "total_cents")?.type).toBe("long");
    expect(back.find((f) => f.path === "placed_at")?.type).toBe("timestamp");
  });
});
