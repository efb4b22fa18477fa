/** Avro → flat field rows: named types, namespaces, unions and nullable fields, never throwing. */
import type { Classification } from "@/lib/generated/prisma/enums";
import { DEFAULT_CLASSIFICATION, isRecord, readClassification, str, type Row } from "./schema-fields";

const AVRO_PRIMITIVES = new Set(["null", "boolean", "int", "long", "float", "double", "bytes", "string"]);

interface AvroContext {
  /** Named types seen so far, by name and by full name (Avro lets later fields refer to them). */
  named: Map<string, Record<string, unknown>>;
  /** Records being expanded on the current path, so recursive types terminate. */
  expanding: Set<string>;
}

export function flattenAvroRoot(doc: unknown, out: Row[]): void {
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
