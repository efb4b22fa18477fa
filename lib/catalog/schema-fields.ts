/**
 * Schema utilities shared by the seed, the catalog and (later) contract checks. Pure functions,
 * no server imports, so the browser can use them too.
 *
 * - `toJsonSchema` / `toAvroSchema` turn the demo mesh's field lists into real schema documents.
 * - `flattenSchema` turns any schema document (ours or one a team registered by hand) into the
 *   flat `SchemaField` rows that masking, search and impact analysis read.
 */
import { Classification, type SchemaFormat } from "@/lib/generated/prisma/enums";
import type { FieldSpec, FieldSpecType } from "./field-spec";

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

const CLASSIFICATIONS: readonly string[] = Object.values(Classification);
const SENSITIVITY: Record<Classification, number> = { PUBLIC: 0, INTERNAL: 1, CONFIDENTIAL: 2, PII: 3 };
const DEFAULT_CLASSIFICATION: Classification = "INTERNAL";
const JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

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

// ─── Flattening ─────────────────────────────────────────────────────────────

/**
 * Flattens a schema document into field rows. Tolerant by design: it accepts hand-written
 * schemas (missing docs, `$ref`s, unions, enums, maps) and never throws on odd input; what it
 * cannot understand becomes a row with a best-effort type rather than an error.
 */
export function flattenSchema(format: SchemaFormat, definition: unknown): FlatField[] {
  const doc = typeof definition === "string" ? parseJson(definition) : definition;
  const out: FlatField[] = [];
  if (format === "AVRO") flattenAvroRoot(doc, out);
  else flattenJsonRoot(doc, out);
  return out.map((row, position) => ({ ...row, position }));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // An Avro schema may legitimately be a bare primitive name such as "string".
    return text;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** Reads a classification from the usual spellings; undefined when the node says nothing. */
function readClassification(node: Record<string, unknown>): Classification | undefined {
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

type Row = Omit<FlatField, "position">;

// JSON Schema ----------------------------------------------------------------

interface JsonContext {
  root: Record<string, unknown>;
  /** `$ref`s being expanded on the current path, so recursive schemas terminate. */
  expanding: Set<string>;
}

/** A JSON Schema node with `$ref`, `allOf` and nullable unions resolved. */
interface ResolvedJson {
  node: Record<string, unknown>;
  nullable: boolean;
  /** Annotations found along the way (the referencing site wins over the definition). */
  description: string;
  classification: Classification | undefined;
  /** Every `$ref` followed to get here; the walk marks them as being expanded. */
  refs: string[];
}

function flattenJsonRoot(doc: unknown, out: Row[]): void {
  if (!isRecord(doc)) return;
  const ctx: JsonContext = { root: doc, expanding: new Set() };
  const resolved = resolveJson(doc, ctx);
  const kind = jsonKind(resolved.node);
  if (kind === "array") {
    walkJsonArrayItems("[]", resolved.node, ctx, resolved.classification, out);
  } else {
    walkJsonProperties("", resolved.node, ctx, resolved.classification, out);
  }
}

function resolveJson(
  input: Record<string, unknown>,
  ctx: JsonContext,
  depth = 0,
  refs: string[] = [],
): ResolvedJson {
  let node = input;
  let nullable = false;
  let description = str(node.description) || str(node.title);
  let classification = readClassification(node);

  for (let hops = 0; hops < 16; hops++) {
    const ref = node.$ref;
    if (typeof ref === "string") {
      const recursive = ctx.expanding.has(ref) || refs.includes(ref) || depth > 32;
      const target = recursive ? undefined : lookupJsonPointer(ctx.root, ref);
      if (target) refs.push(ref);
      // Siblings of $ref (allowed since 2019-09) are merged over the target. A recursive
      // reference is an object we stop at; an external or broken one is of unknown type.
      const { $ref: _ignored, ...siblings } = node;
      node = target
        ? { ...target, ...siblings }
        : { ...siblings, type: siblings.type ?? (recursive ? "object" : "unknown") };
      description ||= str(node.description) || str(node.title);
      classification ??= readClassification(node);
      continue;
    }
    const allOf = node.allOf;
    if (Array.isArray(allOf)) {
      const { allOf: _ignored, ...rest } = node;
      node = mergeAllOf(rest, allOf.filter(isRecord), ctx, depth, refs);
      continue;
    }
    const union = Array.isArray(node.oneOf) ? node.oneOf : Array.isArray(node.anyOf) ? node.anyOf : undefined;
    if (union) {
      const branches = union.filter(isRecord);
      const nonNull = branches.filter((b) => b.type !== "null");
      if (nonNull.length < branches.length) nullable = true;
      const { oneOf: _a, anyOf: _b, ...rest } = node;
      if (nonNull.length === 1 && nonNull[0]) {
        node = { ...nonNull[0], ...rest };
        description ||= str(node.description) || str(node.title);
        classification ??= readClassification(node);
        continue;
      }
      // Several real alternatives: describe the union by its branch types, do not descend.
      const types = nonNull.map((b) => jsonTypeName(resolveJson(b, ctx, depth + 1, [...refs]).node));
      node = { ...rest, "x-union": [...new Set(types)].join("|") };
    }
    break;
  }

  const type = node.type;
  if (Array.isArray(type)) {
    const nonNull = type.filter((t) => t !== "null");
    if (nonNull.length < type.length) nullable = true;
    node = { ...node, type: nonNull.length === 1 ? nonNull[0] : nonNull };
  } else if (type === "null") {
    nullable = true;
  }
  return { node, nullable, description, classification, refs };
}

function mergeAllOf(
  base: Record<string, unknown>,
  parts: Record<string, unknown>[],
  ctx: JsonContext,
  depth: number,
  refs: string[],
): Record<string, unknown> {
  const properties: Record<string, unknown> = isRecord(base.properties) ? { ...base.properties } : {};
  const required = new Set<string>(
    Array.isArray(base.required) ? base.required.filter((r): r is string => typeof r === "string") : [],
  );
  let merged: Record<string, unknown> = { ...base };
  for (const part of parts) {
    const resolved = resolveJson(part, ctx, depth + 1, refs).node;
    if (isRecord(resolved.properties)) Object.assign(properties, resolved.properties);
    if (Array.isArray(resolved.required))
      for (const r of resolved.required) if (typeof r === "string") required.add(r);
    const { properties: _p, required: _r, ...rest } = resolved;
    merged = { ...rest, ...merged };
  }
  if (Object.keys(properties).length > 0) merged.properties = properties;
  if (required.size > 0) merged.required = [...required];
  return merged;
}

function lookupJsonPointer(root: Record<string, unknown>, ref: string): Record<string, unknown> | undefined {
  if (!ref.startsWith("#")) return undefined; // external documents are not fetched
  const pointer = ref.slice(1);
  if (pointer === "") return root;
  let current: unknown = root;
  for (const raw of pointer.replace(/^\//, "").split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return isRecord(current) ? current : undefined;
}

type JsonKind = "object" | "array" | "map" | "scalar";

function jsonKind(node: Record<string, unknown>): JsonKind {
  const type = node.type;
  if (type === "array" || (type === undefined && node.items !== undefined)) return "array";
  if (
    type === "object" ||
    (type === undefined && (isRecord(node.properties) || isRecord(node.additionalProperties)))
  ) {
    if (!isRecord(node.properties) && isRecord(node.additionalProperties)) return "map";
    return "object";
  }
  return "scalar";
}

function jsonTypeName(node: Record<string, unknown>): string {
  if (typeof node["x-union"] === "string") return node["x-union"];
  const type = node.type;
  if (Array.isArray(type))
    return type.filter((t): t is string => typeof t === "string").join("|") || "unknown";
  const format = str(node.format);
  if (type === "string" || (type === undefined && format)) {
    if (format === "date-time") return "timestamp";
    if (format === "date") return "date";
    return "string";
  }
  if (type === "integer") return format === "int64" ? "long" : "integer";
  if (typeof type === "string") return type;
  if (Array.isArray(node.enum)) {
    const kinds = new Set(
      node.enum.map((v) =>
        typeof v === "number" ? "number" : typeof v === "boolean" ? "boolean" : "string",
      ),
    );
    return [...kinds].join("|");
  }
  if (node.const !== undefined)
    return typeof node.const === "number" ? "number" : typeof node.const === "boolean" ? "boolean" : "string";
  return "unknown";
}

function walkJsonProperties(
  prefix: string,
  node: Record<string, unknown>,
  ctx: JsonContext,
  inherited: Classification | undefined,
  out: Row[],
): void {
  const properties = isRecord(node.properties) ? node.properties : {};
  const required = new Set(
    Array.isArray(node.required) ? node.required.filter((r): r is string => typeof r === "string") : [],
  );
  for (const [name, raw] of Object.entries(properties)) {
    if (!isRecord(raw)) continue;
    const path = prefix ? `${prefix}.${name}` : name;
    walkJsonNode(path, raw, required.has(name), ctx, inherited, out);
  }
}

function walkJsonNode(
  path: string,
  raw: Record<string, unknown>,
  inRequired: boolean,
  ctx: JsonContext,
  inherited: Classification | undefined,
  out: Row[],
): void {
  const resolved = resolveJson(raw, ctx);
  const { node } = resolved;
  // Without its own label a field inherits its parent's: an address marked PII covers its city.
  const explicit = resolved.classification ?? inherited;
  const classification = explicit ?? DEFAULT_CLASSIFICATION;
  const required = inRequired && !resolved.nullable;
  const kind = jsonKind(node);
  withExpanding(ctx, resolved.refs, () => {
    if (kind === "object") {
      out.push({ path, type: "object", description: resolved.description, required, classification });
      walkJsonProperties(path, node, ctx, explicit, out);
    } else if (kind === "array") {
      const items = arrayItems(node);
      const itemResolved = items ? resolveJson(items, ctx) : undefined;
      const itemKind = itemResolved ? jsonKind(itemResolved.node) : "scalar";
      const itemType = itemResolved
        ? itemKind === "scalar"
          ? jsonTypeName(itemResolved.node)
          : itemKind
        : "unknown";
      out.push({
        path,
        type: `array<${itemType}>`,
        description: resolved.description,
        required,
        classification,
      });
      if (items) walkJsonArrayItems(`${path}[]`, node, ctx, explicit, out);
    } else if (kind === "map") {
      const values = resolveJson(node.additionalProperties as Record<string, unknown>, ctx);
      const valueKind = jsonKind(values.node);
      out.push({
        path,
        type: `map<${valueKind === "scalar" ? jsonTypeName(values.node) : valueKind}>`,
        description: resolved.description,
        required,
        classification,
      });
      if (valueKind === "object")
        walkJsonProperties(`${path}{}`, values.node, ctx, values.classification ?? explicit, out);
    } else {
      out.push({
        path,
        type: jsonTypeName(node),
        description: resolved.description,
        required,
        classification,
      });
    }
  });
}

/** Runs `fn` with `refs` marked as being expanded, so a reference back to them stops the walk. */
function withExpanding(ctx: JsonContext, refs: string[], fn: () => void): void {
  const added = refs.filter((r) => !ctx.expanding.has(r));
  for (const r of added) ctx.expanding.add(r);
  try {
    fn();
  } finally {
    for (const r of added) ctx.expanding.delete(r);
  }
}

function arrayItems(node: Record<string, unknown>): Record<string, unknown> | undefined {
  const items = node.items;
  if (isRecord(items)) return items;
  // Draft-04 tuple form / 2020-12 prefixItems: the first element stands for all.
  if (Array.isArray(items) && isRecord(items[0])) return items[0];
  if (Array.isArray(node.prefixItems) && isRecord(node.prefixItems[0])) return node.prefixItems[0];
  return undefined;
}

/** Children of an array whose elements are objects (or arrays of objects) go under `path[]`. */
function walkJsonArrayItems(
  elementPath: string,
  arrayNode: Record<string, unknown>,
  ctx: JsonContext,
  inherited: Classification | undefined,
  out: Row[],
): void {
  const items = arrayItems(arrayNode);
  if (!items) return;
  const resolved = resolveJson(items, ctx);
  const explicit = resolved.classification ?? inherited;
  withExpanding(ctx, resolved.refs, () => {
    const kind = jsonKind(resolved.node);
    if (kind === "object") walkJsonProperties(elementPath, resolved.node, ctx, explicit, out);
    else if (kind === "array") walkJsonArrayItems(`${elementPath}[]`, resolved.node, ctx, explicit, out);
  });
}

// Avro -----------------------------------------------------------------------

const AVRO_PRIMITIVES = new Set(["null", "boolean", "int", "long", "float", "double", "bytes", "string"]);

interface AvroContext {
  /** Named types seen so far, by name and by full name (Avro lets later fields refer to them). */
  named: Map<string, Record<string, unknown>>;
  /** Records being expanded on the current path, so recursive types terminate. */
  expanding: Set<string>;
}

function flattenAvroRoot(doc: unknown, out: Row[]): void {
  const ctx: AvroContext = { named: new Map(), expanding: new Set() };
  // A root union (several top-level records) flattens its records one after another.
  const roots = Array.isArray(doc) ? doc : [doc];
  for (const root of roots) {
    if (!isRecord(root)) continue;
    register(root, undefined, ctx);
    if (root.type === "record" || root.type === "error") {
      const name = str(root.name);
      ctx.expanding.add(name);
      walkAvroFields("", root, namespaceOf(root, undefined), undefined, ctx, out);
      ctx.expanding.delete(name);
    }
  }
}

function namespaceOf(node: Record<string, unknown>, enclosing: string | undefined): string | undefined {
  const name = str(node.name);
  if (name.includes(".")) return name.slice(0, name.lastIndexOf("."));
  return str(node.namespace) || enclosing;
}

function register(node: Record<string, unknown>, enclosing: string | undefined, ctx: AvroContext): void {
  const name = str(node.name);
  if (!name || !["record", "error", "enum", "fixed"].includes(str(node.type))) return;
  const ns = namespaceOf(node, enclosing);
  const short = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1) : name;
  ctx.named.set(short, node);
  if (ns) ctx.named.set(`${ns}.${short}`, node);
}

function walkAvroFields(
  prefix: string,
  record: Record<string, unknown>,
  ns: string | undefined,
  inherited: Classification | undefined,
  ctx: AvroContext,
  out: Row[],
): void {
  const fields = Array.isArray(record.fields) ? record.fields : [];
  for (const field of fields) {
    if (!isRecord(field)) continue;
    const name = str(field.name);
    if (!name) continue;
    const path = prefix ? `${prefix}.${name}` : name;
    const explicit = readClassification(field) ?? inherited;
    walkAvroType(path, field.type, str(field.doc), explicit, ns, ctx, out);
  }
}

/** Unwraps a union: `["null", T]` is an optional T; several non-null branches stay a union. */
function unwrapUnion(type: unknown): { branches: unknown[]; nullable: boolean } {
  if (!Array.isArray(type)) return { branches: [type], nullable: type === "null" };
  const branches = type.filter((t) => t !== "null" && !(isRecord(t) && t.type === "null"));
  return { branches, nullable: branches.length < type.length };
}

function walkAvroType(
  path: string,
  rawType: unknown,
  doc: string,
  explicit: Classification | undefined,
  ns: string | undefined,
  ctx: AvroContext,
  out: Row[],
): void {
  const { branches, nullable } = unwrapUnion(rawType);
  const classification = explicit ?? DEFAULT_CLASSIFICATION;
  // Every record field is present; only a union with null makes it optional.
  const required = !nullable;
  if (branches.length !== 1) {
    const names = branches.map((b) => avroTypeName(resolveAvro(b, ns, ctx)));
    out.push({ path, type: names.join("|") || "null", description: doc, required, classification });
    return;
  }
  const node = resolveAvro(branches[0], ns, ctx);
  const type = str(node.type);
  if (type === "record" || type === "error") {
    const name = str(node.name);
    out.push({ path, type: "object", description: doc || str(node.doc), required, classification });
    if (name && ctx.expanding.has(name)) return; // recursive type: stop here
    if (name) ctx.expanding.add(name);
    walkAvroFields(path, node, namespaceOf(node, ns), explicit ?? readClassification(node), ctx, out);
    if (name) ctx.expanding.delete(name);
  } else if (type === "array") {
    const items = resolveAvro(unwrapUnion(node.items).branches[0], ns, ctx);
    out.push({
      path,
      type: `array<${avroContainerTypeName(items)}>`,
      description: doc,
      required,
      classification,
    });
    walkAvroElement(`${path}[]`, node.items, explicit, ns, ctx, out);
  } else if (type === "map") {
    const values = resolveAvro(unwrapUnion(node.values).branches[0], ns, ctx);
    out.push({
      path,
      type: `map<${avroContainerTypeName(values)}>`,
      description: doc,
      required,
      classification,
    });
    walkAvroElement(`${path}{}`, node.values, explicit, ns, ctx, out);
  } else {
    const description = doc || str(node.doc);
    out.push({ path, type: avroTypeName(node), description, required, classification });
  }
}

/** Elements of arrays and maps: only records (and nested containers) produce child rows. */
function walkAvroElement(
  path: string,
  rawType: unknown,
  explicit: Classification | undefined,
  ns: string | undefined,
  ctx: AvroContext,
  out: Row[],
): void {
  const node = resolveAvro(unwrapUnion(rawType).branches[0], ns, ctx);
  const type = str(node.type);
  if (type === "record" || type === "error") {
    const name = str(node.name);
    if (name && ctx.expanding.has(name)) return;
    if (name) ctx.expanding.add(name);
    walkAvroFields(path, node, namespaceOf(node, ns), explicit ?? readClassification(node), ctx, out);
    if (name) ctx.expanding.delete(name);
  } else if (type === "array") {
    walkAvroElement(`${path}[]`, node.items, explicit, ns, ctx, out);
  } else if (type === "map") {
    walkAvroElement(`${path}{}`, node.values, explicit, ns, ctx, out);
  }
}

/** A type as an object node: primitives become `{type}`, names are looked up, definitions registered. */
function resolveAvro(type: unknown, ns: string | undefined, ctx: AvroContext): Record<string, unknown> {
  if (typeof type === "string") {
    if (AVRO_PRIMITIVES.has(type)) return { type };
    const found = ctx.named.get(type) ?? (ns ? ctx.named.get(`${ns}.${type}`) : undefined);
    return found ?? { type: "unknown", name: type };
  }
  if (Array.isArray(type)) return { type: "union", branches: type };
  if (isRecord(type)) {
    register(type, ns, ctx);
    // `{"type": "string"}` and `{"type": {"type": "record", …}}` are both legal spellings.
    if (isRecord(type.type) || Array.isArray(type.type)) return resolveAvro(type.type, ns, ctx);
    const inner = str(type.type);
    if (
      !AVRO_PRIMITIVES.has(inner) &&
      !["record", "error", "enum", "fixed", "array", "map"].includes(inner) &&
      inner
    ) {
      const found = ctx.named.get(inner) ?? (ns ? ctx.named.get(`${ns}.${inner}`) : undefined);
      if (found) return found;
    }
    return type;
  }
  return { type: "unknown" };
}

function avroTypeName(node: Record<string, unknown>): string {
  const type = str(node.type);
  const logical = str(node.logicalType);
  if (
    logical === "timestamp-millis" ||
    logical === "timestamp-micros" ||
    logical === "local-timestamp-millis" ||
    logical === "local-timestamp-micros"
  )
    return "timestamp";
  if (logical === "date") return "date";
  if (logical === "decimal") return "decimal";
  if (logical === "uuid") return "string";
  switch (type) {
    case "int":
      return "integer";
    case "float":
    case "double":
      return "number";
    case "record":
    case "error":
      return "object";
    case "array":
      return "array";
    case "union":
      return Array.isArray(node.branches)
        ? node.branches.map((b) => (typeof b === "string" ? b : "complex")).join("|")
        : "union";
    case "unknown":
      return str(node.name) || "unknown";
    default:
      return type || "unknown";
  }
}

function avroContainerTypeName(node: Record<string, unknown>): string {
  const type = str(node.type);
  return type === "array" || type === "map" ? type : avroTypeName(node);
}

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
