/** JSON Schema → flat field rows: `$ref`s, `allOf`, unions, arrays, maps and enums, never throwing. */
import type { Classification } from "@/lib/generated/prisma/enums";
import { DEFAULT_CLASSIFICATION, isRecord, readClassification, str, type Row } from "./schema-fields";

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

export function flattenJsonRoot(doc: unknown, out: Row[]): void {
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
