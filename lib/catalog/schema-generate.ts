/**
 * Field specs (the demo mesh today, the publishing form next) → real schema documents:
 * JSON Schema 2020-12 and Avro records, with classifications and docs. Pure.
 */
import type { Classification } from "@/lib/generated/prisma/enums";
import type { FieldSpec, FieldSpecType } from "./field-spec";
import {
  DEFAULT_CLASSIFICATION,
  JSON_SCHEMA_DIALECT,
  SENSITIVITY,
  type AvroField,
  type AvroRecord,
  type AvroType,
  type JsonSchemaObject,
} from "./schema-fields";

/**
 * The declared classification, or for an object/array without one the most sensitive of its
 * children: a consumer reading only the parent row still learns that the object holds PII.
 */
export function effectiveClassification(field: FieldSpec): Classification {
  if (field.classification) return field.classification;
  const children = field.fields ?? [];
  return children.reduce<Classification>((max, child) => {
    const c = effectiveClassification(child);
    return SENSITIVITY[c] > SENSITIVITY[max] ? c : max;
  }, DEFAULT_CLASSIFICATION);
}

// ─── JSON Schema ────────────────────────────────────────────────────────────

export interface ToJsonSchemaOptions {
  /** Top-level description; defaults to a sentence naming the record. */
  description?: string;
  /** Optional `$id` of the document. */
  id?: string;
}

/** A JSON Schema (draft 2020-12) document for a record made of `fields`. */
export function toJsonSchema(
  recordName: string,
  fields: FieldSpec[],
  options: ToJsonSchemaOptions = {},
): JsonSchemaObject {
  return {
    $schema: JSON_SCHEMA_DIALECT,
    ...(options.id ? { $id: options.id } : {}),
    title: recordName,
    description: options.description ?? `${recordName} record.`,
    ...jsonObjectBody(fields),
  };
}

function jsonObjectBody(fields: FieldSpec[]): JsonSchemaObject {
  const properties: Record<string, JsonSchemaObject> = {};
  for (const field of fields) properties[field.name] = jsonProperty(field);
  return { type: "object", properties, required: fields.filter((f) => f.required).map((f) => f.name) };
}

function jsonProperty(field: FieldSpec): JsonSchemaObject {
  const annotations = { description: field.description, "x-classification": effectiveClassification(field) };
  if (field.type === "object") return { ...jsonObjectBody(field.fields ?? []), ...annotations };
  if (field.type === "array") {
    const items: JsonSchemaObject = field.fields
      ? jsonObjectBody(field.fields)
      : jsonScalar(field.items ?? "string", undefined);
    return { type: "array", items, ...annotations };
  }
  return { ...jsonScalar(field.type, field.enum), ...annotations };
}

function jsonScalar(
  type: Exclude<FieldSpecType, "object" | "array">,
  values: string[] | undefined,
): JsonSchemaObject {
  switch (type) {
    case "timestamp":
      return { type: "string", format: "date-time" };
    case "date":
      return { type: "string", format: "date" };
    // `int64` (an OpenAPI format, ignored by validators) keeps the long/int distinction in a round trip.
    case "long":
      return { type: "integer", format: "int64" };
    case "string":
      return values && values.length > 0 ? { type: "string", enum: [...values] } : { type: "string" };
    default:
      return { type };
  }
}

// ─── Avro ───────────────────────────────────────────────────────────────────

/** An Avro record schema for `fields`; nested objects become nested records named after their path. */
export function toAvroSchema(
  recordName: string,
  namespace: string,
  fields: FieldSpec[],
  doc?: string,
): AvroRecord {
  return {
    type: "record",
    name: recordName,
    namespace,
    doc: doc ?? `${recordName} record.`,
    fields: avroFields(recordName, fields),
  };
}

function avroFields(parentName: string, fields: FieldSpec[]): AvroField[] {
  return fields.map((field) => {
    const type = avroType(parentName, field);
    const out: AvroField = {
      name: field.name,
      type: field.required ? type : ["null", type],
      doc: avroDoc(field),
      classification: effectiveClassification(field),
    };
    // Optional fields default to null so that adding one stays backward compatible.
    if (!field.required) out.default = null;
    return out;
  });
}

/** Allowed values go into the doc: a string stays evolvable where an Avro enum would not. */
function avroDoc(field: FieldSpec): string {
  if (field.enum && field.enum.length > 0) return `${field.description} One of: ${field.enum.join(", ")}.`;
  return field.description;
}

function avroType(parentName: string, field: FieldSpec): AvroType {
  // Record names must be unique within one schema: derive them from the path.
  const ownName = `${parentName}${pascalCase(field.name)}`;
  if (field.type === "object")
    return { type: "record", name: ownName, fields: avroFields(ownName, field.fields ?? []) };
  if (field.type === "array") {
    const items: AvroType = field.fields
      ? { type: "record", name: `${ownName}Item`, fields: avroFields(`${ownName}Item`, field.fields) }
      : avroScalar(field.items ?? "string");
    return { type: "array", items };
  }
  return avroScalar(field.type);
}

function avroScalar(type: Exclude<FieldSpecType, "object" | "array">): AvroType {
  switch (type) {
    case "integer":
      return "int";
    case "number":
      return "double";
    case "timestamp":
      return { type: "long", logicalType: "timestamp-millis" };
    case "date":
      return { type: "int", logicalType: "date" };
    default:
      return type;
  }
}

function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}
