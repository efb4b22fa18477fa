/**
 * The shapes schemas are read into, shared by the browser and the server (pure): `FlatField`
 * rows (what masking, search and impact analysis read), JSON Schema and Avro document types,
 * classification rules, and `flatFieldsToJsonSchema` (rows back to a document). Writing schema
 * documents from field specs is schema-generate.ts; reading any document into rows is
 * schema-flatten.ts (with schema-flatten-json.ts and schema-flatten-avro.ts).
 */
import { Classification, type SchemaFormat } from "@/lib/generated/prisma/enums";

export type { Classification, SchemaFormat };

/** One row of a flattened schema; the shape of the `SchemaField` model (minus ids). */
export interface FlatField {
  /** Dotted path: `customer.email`; array elements as `items[].sku`; map values as `attributes{}.name`. */
  path: string;
  /** `string`, `integer`, `long`, `number`, `boolean`, `timestamp`, `date`, `object`, `array<…>`, `map<…>`, `enum`, `a|b` for unions … */
  type: string;
  description: string;
  /** The value is always present and never null. */
  required: boolean;
  classification: Classification;
  /** 0-based, in document order (parents before their children). */
  position: number;
}

export type JsonSchemaObject = Record<string, unknown>;

export interface AvroField {
  name: string;
  type: AvroType;
  doc?: string;
  default?: unknown;
  /** Custom attribute (Avro keeps unknown attributes): the field's data classification. */
  classification?: Classification;
}

export interface AvroRecord {
  type: "record";
  name: string;
  namespace?: string;
  doc?: string;
  fields: AvroField[];
}

export type AvroType =
  | string
  | AvroRecord
  | { type: "array"; items: AvroType }
  | { type: "map"; values: AvroType }
  | { type: "enum"; name: string; symbols: string[]; doc?: string }
  | { type: string; logicalType: string }
  | AvroType[];

export const CLASSIFICATIONS: readonly string[] = Object.values(Classification);
export const SENSITIVITY: Record<Classification, number> = {
  PUBLIC: 0,
  INTERNAL: 1,
  CONFIDENTIAL: 2,
  PII: 3,
};
export const DEFAULT_CLASSIFICATION: Classification = "INTERNAL";
export const JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // An Avro schema may legitimately be a bare primitive name such as "string".
    return text;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** Reads a classification from the usual spellings; undefined when the node says nothing. */
export function readClassification(node: Record<string, unknown>): Classification | undefined {
  for (const key of ["x-classification", "classification", "x-data-classification"]) {
    const raw = node[key];
    if (typeof raw === "string") {
      const upper = raw.trim().toUpperCase();
      if (CLASSIFICATIONS.includes(upper)) return upper as Classification;
    }
  }
  if (node["x-pii"] === true || node.pii === true) return "PII";
  return undefined;
}

export type Row = Omit<FlatField, "position">;
// ─── Flat fields → JSON Schema ──────────────────────────────────────────────

function jsonTypeOf(type: string): JsonSchemaObject {
  const array = /^array<(.+)>$/.exec(type);
  if (array) return { type: "array", items: jsonTypeOf(array[1]!) };
  const map = /^map<(.+)>$/.exec(type);
  if (map) return { type: "object", additionalProperties: jsonTypeOf(map[1]!) };
  switch (type) {
    case "string":
    case "integer":
    case "number":
    case "boolean":
      return { type };
    case "long":
      return { type: "integer", format: "int64" };
    case "timestamp":
      return { type: "string", format: "date-time" };
    case "date":
      return { type: "string", format: "date" };
    case "object":
      return { type: "object", properties: {} };
    default:
      // enums, unions and what could not be resolved stay permissive rather than wrong
      return type.includes("|") ? {} : { type: "string" };
  }
}

/**
 * A JSON Schema document with the same flat fields (path, type, required, description,
 * classification) — how an Avro port is exported to a contract, which speaks JSON Schema.
 * `flattenSchema("JSON_SCHEMA", …)` of the result gives back the same paths and classifications.
 */
export function flatFieldsToJsonSchema(title: string, fields: readonly FlatField[]): JsonSchemaObject {
  const root: JsonSchemaObject = {
    $schema: JSON_SCHEMA_DIALECT,
    title,
    type: "object",
    properties: {},
    required: [],
  };
  const nodes = new Map<string, JsonSchemaObject>([["", root]]);
  const objectOf = (node: JsonSchemaObject): JsonSchemaObject => {
    if (node.type === "array" && isRecord(node.items)) return objectOf(node.items as JsonSchemaObject);
    if (node.type === "object" && isRecord(node.additionalProperties))
      return objectOf(node.additionalProperties as JsonSchemaObject);
    if (!isRecord(node.properties)) Object.assign(node, { type: "object", properties: {}, required: [] });
    return node;
  };
  for (const field of [...fields].sort((a, b) => a.position - b.position)) {
    const cut = field.path.lastIndexOf(".");
    const parentPath = cut < 0 ? "" : field.path.slice(0, cut).replace(/(\[\]|\{\})$/, "");
    const name = (cut < 0 ? field.path : field.path.slice(cut + 1)).replace(/(\[\]|\{\})$/, "");
    const parent = objectOf(nodes.get(parentPath) ?? root);
    const node: JsonSchemaObject = {
      ...jsonTypeOf(
        field.path.endsWith("[]") && !field.type.startsWith("array") ? `array<${field.type}>` : field.type,
      ),
      ...(field.description ? { description: field.description } : {}),
      "x-classification": field.classification,
    };
    (parent.properties as Record<string, JsonSchemaObject>)[name] = node;
    if (field.required) parent.required = [...((parent.required as string[] | undefined) ?? []), name];
    nodes.set(field.path.replace(/(\[\]|\{\})$/, ""), node);
  }
  return root;
}
