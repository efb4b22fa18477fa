/**
 * ODCS properties ↔ Meshport's JSON Schema (draft 2020-12, the shape `toJsonSchema` writes and
 * `flattenSchema` reads).
 *
 * JSON Schema holds what Meshport uses: type/format (`date-time`, `date`, `time`, `int64`),
 * `description`, `required`, `x-classification`, nested `properties`/`items`, `enum`, and the
 * constraints ODCS keeps in `logicalTypeOptions` (minLength, maximum, …). Everything else ODCS says
 * about a property (quality, examples, physicalType, primaryKey, tags, customProperties, …) rides
 * along verbatim as an `"x-odcs"` annotation on the same node, together with the original spelling
 * of anything the JSON Schema normalized (a `date` logicalType that really is a timestamp, a
 * `restricted` classification, an explicit `required: false`). The export starts from that
 * annotation and overlays what the JSON Schema says, so an unedited import exports unchanged, and
 * an edit made in Meshport wins.
 */
import type { Classification } from "@/lib/generated/prisma/enums";
import type { PathSegment, PendingIssue } from "./errors";
import { asArray, asString, clone, deepEqual, isRecord, type JsonObject } from "./json";

export const X_ODCS = "x-odcs";
export const X_CLASSIFICATION = "x-classification";
export const JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

// ─── Classification ─────────────────────────────────────────────────────────

const CLASSIFICATION_ALIASES: Record<string, Classification> = {
  pii: "PII",
  restricted: "PII",
  sensitive: "PII",
  confidential: "CONFIDENTIAL",
  public: "PUBLIC",
  internal: "INTERNAL",
};

/** ODCS leaves classification free-form; Meshport's four levels, case-insensitively, or undefined. */
export function normalizeClassification(raw: string): Classification | undefined {
  return CLASSIFICATION_ALIASES[raw.trim().toLowerCase()];
}

/** How a level is written into ODCS when the source did not say otherwise. */
export function formatClassification(level: Classification): string {
  return level.toLowerCase();
}

function readLevel(node: JsonObject): Classification | undefined {
  const raw = asString(node[X_CLASSIFICATION]);
  return raw === undefined ? undefined : normalizeClassification(raw);
}

// ─── Logical types ──────────────────────────────────────────────────────────

/** The JSON Schema `type`/`format` of an ODCS logicalType (`prop` supplies physicalType and options). */
function mapLogicalType(logicalType: string | undefined, prop: JsonObject): JsonObject {
  switch (logicalType) {
    case "string":
    case "integer":
    case "number":
    case "boolean":
    case "object":
    case "array":
      return { type: logicalType };
    // ODCS v3.0 had no `timestamp`: a date whose physical type or pattern carries a time is one.
    case "date":
      return isTimestampLike(prop)
        ? { type: "string", format: "date-time" }
        : { type: "string", format: "date" };
    case "timestamp":
      return { type: "string", format: "date-time" };
    case "time":
      return { type: "string", format: "time" };
    default:
      return {};
  }
}

function isTimestampLike(prop: JsonObject): boolean {
  const physical = asString(prop.physicalType) ?? "";
  const options = isRecord(prop.logicalTypeOptions) ? prop.logicalTypeOptions : {};
  const pattern = asString(options.format) ?? "";
  return /timestamp|datetime/i.test(physical) || /H/.test(pattern);
}

/** `type|format` as far as logical types go; an untyped node has none. */
function describeType(node: JsonObject): string {
  const type = typeof node.type === "string" ? node.type : "";
  const format =
    type === "string" && ["date-time", "date", "time"].includes(String(node.format))
      ? String(node.format)
      : "";
  return `${type}|${format}`;
}

const CANONICAL_LOGICAL_TYPE: Record<string, string> = {
  "string|date-time": "timestamp",
  "string|date": "date",
  "string|time": "time",
  "string|": "string",
  "integer|": "integer",
  "number|": "number",
  "boolean|": "boolean",
  "object|": "object",
  "array|": "array",
};

/** The source's spelling when it still describes the node's type, else the canonical one. */
function chooseLogicalType(node: JsonObject, annotation: JsonObject): string | undefined {
  const original = asString(annotation.logicalType);
  if (original !== undefined && describeType(mapLogicalType(original, annotation)) === describeType(node))
    return original;
  return CANONICAL_LOGICAL_TYPE[describeType(node)];
}

// ─── logicalTypeOptions ↔ JSON Schema constraints ──────────────────────────

const OPTION_KEYWORDS: Record<string, readonly string[]> = {
  string: ["minLength", "maxLength", "pattern"],
  integer: ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
  number: ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
  array: ["minItems", "maxItems", "uniqueItems"],
  object: ["minProperties", "maxProperties"],
};

/** String formats both ODCS and JSON Schema know; others (password, byte …) stay ODCS-only. */
const SHARED_STRING_FORMATS = new Set(["email", "uuid", "uri", "hostname", "ipv4", "ipv6"]);

export function isSharedStringFormat(format: unknown): format is string {
  return typeof format === "string" && SHARED_STRING_FORMATS.has(format);
}

function toConstraintKeywords(logicalType: string | undefined, rawOptions: unknown): JsonObject {
  const out: JsonObject = {};
  if (logicalType === undefined || !isRecord(rawOptions)) return out;
  for (const keyword of OPTION_KEYWORDS[logicalType] ?? []) {
    if (rawOptions[keyword] !== undefined) out[keyword] = clone(rawOptions[keyword]);
  }
  const format = asString(rawOptions.format);
  if (logicalType === "string" && format !== undefined && SHARED_STRING_FORMATS.has(format))
    out.format = format;
  if (logicalType === "integer" && format === "i64") out.format = "int64";
  return out;
}

function toLogicalTypeOptions(
  logicalType: string | undefined,
  node: JsonObject,
  base: unknown,
): JsonObject | undefined {
  const out: JsonObject = isRecord(base) ? clone(base) : {};
  if (logicalType !== undefined) {
    // Keys the import would have derived from `base` follow the node: removed there, removed here.
    const derived = toConstraintKeywords(logicalType, out);
    for (const keyword of OPTION_KEYWORDS[logicalType] ?? []) {
      if (node[keyword] !== undefined) out[keyword] = clone(node[keyword]);
      else if (derived[keyword] !== undefined) delete out[keyword];
    }
    const format = asString(node.format);
    if (logicalType === "string" && format !== undefined && SHARED_STRING_FORMATS.has(format))
      out.format = format;
    else if (logicalType === "integer" && format === "int64") out.format = "i64";
    else if (derived.format !== undefined) delete out.format;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

// ─── enum ↔ quality rule ────────────────────────────────────────────────────

/** ODCS v3.1 has no `enum`; its idiom is a library rule "no invalid values" listing the valid ones. */
function isValidValuesRule(rule: unknown): rule is JsonObject & { arguments: JsonObject } {
  return (
    isRecord(rule) &&
    rule.metric === "invalidValues" &&
    rule.mustBe === 0 &&
    isRecord(rule.arguments) &&
    Array.isArray(rule.arguments.validValues) &&
    rule.arguments.validValues.every((v) => typeof v === "string" || typeof v === "number")
  );
}

function readEnumRule(quality: unknown): unknown[] | undefined {
  const rule = asArray(quality).find(isValidValuesRule);
  return rule ? clone(asArray(rule.arguments.validValues)) : undefined;
}

function writeEnumRule(quality: unknown, values: unknown[]): unknown[] {
  const rules = clone(asArray(quality));
  const index = rules.findIndex(isValidValuesRule);
  const existing = rules[index];
  if (index >= 0 && isValidValuesRule(existing)) {
    if (!deepEqual(existing.arguments.validValues, values)) {
      rules[index] = { ...existing, arguments: { ...existing.arguments, validValues: clone(values) } };
    }
  } else {
    rules.push({
      type: "library",
      metric: "invalidValues",
      arguments: { validValues: clone(values) },
      mustBe: 0,
    });
  }
  return rules;
}

// ─── Import: ODCS → JSON Schema ─────────────────────────────────────────────

/** Keys a property node maps into JSON Schema itself; every other key goes to `x-odcs`. */
const MAPPED_PROPERTY_KEYS = new Set([
  "name",
  "description",
  "logicalType",
  "required",
  "classification",
  "properties",
  "items",
]);

/** ODCS `properties` list → JSON Schema `properties` + `required`, reporting nameless and duplicate names. */
export function toJsonSchemaProperties(
  list: unknown[],
  at: PathSegment[],
  issues: PendingIssue[],
): { properties: JsonObject; required: string[] } {
  const properties: JsonObject = {};
  const required: string[] = [];
  list.forEach((item, index) => {
    if (!isRecord(item)) return;
    const name = asString(item.name);
    if (!name) {
      issues.push({ segments: [...at, index], message: "a property needs a non-empty name" });
      return;
    }
    if (Object.hasOwn(properties, name)) {
      issues.push({ segments: [...at, index, "name"], message: `duplicate property name '${name}'` });
      return;
    }
    properties[name] = toJsonSchemaNode(item, [...at, index], issues, false);
    if (item.required === true) required.push(name);
  });
  return { properties, required };
}

/** One ODCS property (or array `items`) → a JSON Schema node carrying its `x-odcs` annotation. */
export function toJsonSchemaNode(
  prop: JsonObject,
  at: PathSegment[],
  issues: PendingIssue[],
  isItem: boolean,
): JsonObject {
  const annotation: JsonObject = {};
  for (const [key, value] of Object.entries(prop))
    if (!MAPPED_PROPERTY_KEYS.has(key)) annotation[key] = clone(value);
  // `items` has no key of its own to carry a name, nor a parent `required` list.
  if (isItem && prop.name !== undefined) annotation.name = clone(prop.name);
  if (prop.required === false || (isItem && prop.required !== undefined)) annotation.required = prop.required;

  const logicalType = asString(prop.logicalType);
  const node: JsonObject = mapLogicalType(logicalType, prop);
  if (logicalType !== undefined && CANONICAL_LOGICAL_TYPE[describeType(node)] !== logicalType)
    annotation.logicalType = logicalType;
  Object.assign(node, toConstraintKeywords(logicalType, prop.logicalTypeOptions));

  const description = asString(prop.description);
  if (description !== undefined) node.description = description;
  const values = readEnumRule(prop.quality);
  if (values) node.enum = values;

  const classification = asString(prop.classification);
  if (classification !== undefined) {
    const level = normalizeClassification(classification);
    if (level) node[X_CLASSIFICATION] = level;
    if (!level || classification !== formatClassification(level)) annotation.classification = classification;
  }

  if (Array.isArray(prop.properties))
    Object.assign(node, toJsonSchemaProperties(prop.properties, [...at, "properties"], issues));
  if (isRecord(prop.items)) node.items = toJsonSchemaNode(prop.items, [...at, "items"], issues, true);
  if (Object.keys(annotation).length > 0) node[X_ODCS] = annotation;
  return node;
}

// ─── Export: JSON Schema → ODCS ─────────────────────────────────────────────

/** Recursive schemas stop here rather than recursing forever. */
const MAX_DEPTH = 32;

/** The root schema's properties as an ODCS `properties` list. */
export function toOdcsProperties(root: JsonObject): JsonObject[] {
  const { node } = resolveNode(root, root);
  return collectProperties(node, root, 0);
}

function collectProperties(node: JsonObject, root: JsonObject, depth: number): JsonObject[] {
  if (!isRecord(node.properties) || depth > MAX_DEPTH) return [];
  const required = new Set(asArray(node.required).filter((r): r is string => typeof r === "string"));
  const out: JsonObject[] = [];
  for (const [name, child] of Object.entries(node.properties)) {
    if (isRecord(child)) out.push(toOdcsProperty(name, child, required.has(name), root, depth + 1));
  }
  return out;
}

/** One JSON Schema node → an ODCS property (`name` undefined for array `items`). */
export function toOdcsProperty(
  name: string | undefined,
  raw: JsonObject,
  inRequired: boolean,
  root: JsonObject,
  depth: number,
): JsonObject {
  const { node, nullable } = resolveNode(raw, root);
  const annotation = isRecord(node[X_ODCS]) ? clone(node[X_ODCS]) : {};
  const out: JsonObject = { ...annotation };
  const isItem = name === undefined;
  if (!isItem) out.name = name;

  const description = asString(node.description);
  if (description) out.description = description;
  else delete out.description;

  const logicalType = chooseLogicalType(node, annotation);
  out.logicalType = logicalType;
  out.logicalTypeOptions = toLogicalTypeOptions(logicalType, node, annotation.logicalTypeOptions);

  if (!isItem) {
    const required = inRequired && !nullable;
    out.required = required ? true : annotation.required === false ? false : undefined;
  }

  const level = readLevel(node);
  const original = asString(annotation.classification);
  if (original !== undefined && normalizeClassification(original) === level) out.classification = original;
  else out.classification = level ? formatClassification(level) : undefined;

  if (
    Array.isArray(node.enum) &&
    node.enum.length > 0 &&
    node.enum.every((v) => typeof v === "string" || typeof v === "number")
  ) {
    out.quality = writeEnumRule(annotation.quality, node.enum);
  }

  const properties = collectProperties(node, root, depth);
  out.properties = properties.length > 0 ? properties : undefined;
  const items = getItems(node);
  out.items =
    items && depth <= MAX_DEPTH ? toOdcsProperty(undefined, items, false, root, depth + 1) : undefined;
  return out;
}

function getItems(node: JsonObject): JsonObject | undefined {
  if (isRecord(node.items)) return node.items;
  if (Array.isArray(node.prefixItems) && isRecord(node.prefixItems[0])) return node.prefixItems[0];
  return undefined;
}

/**
 * Hand-registered schemas may use local `$ref`s, `anyOf: [T, {type: null}]` or `type: [T, "null"]`:
 * resolved to T (nullable), the way `flattenSchema` reads them.
 */
function resolveNode(input: JsonObject, root: JsonObject): { node: JsonObject; nullable: boolean } {
  let node = input;
  let nullable = false;
  const followed = new Set<string>();
  for (let hops = 0; hops < 16; hops++) {
    const ref = asString(node.$ref);
    if (ref !== undefined) {
      const { $ref: _ref, ...siblings } = node;
      const target = followed.has(ref) ? undefined : lookupPointer(root, ref);
      followed.add(ref);
      node = target ? { ...target, ...siblings } : siblings;
      continue;
    }
    const union = Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : undefined;
    if (union) {
      const branches = union.filter(isRecord);
      const nonNull = branches.filter((b) => b.type !== "null");
      const { anyOf: _a, oneOf: _o, ...rest } = node;
      if (nonNull.length < branches.length) nullable = true;
      if (nonNull.length === 1 && nonNull[0]) {
        node = { ...nonNull[0], ...rest };
        continue;
      }
      node = rest;
    }
    break;
  }
  if (Array.isArray(node.type)) {
    const nonNull = node.type.filter((t) => t !== "null");
    if (nonNull.length < node.type.length) nullable = true;
    node = { ...node, type: nonNull.length === 1 ? nonNull[0] : undefined };
  }
  return { node, nullable };
}

function lookupPointer(root: JsonObject, ref: string): JsonObject | undefined {
  if (!ref.startsWith("#")) return undefined;
  let current: unknown = root;
  for (const raw of ref.slice(1).split("/").filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    current = isRecord(current) ? current[key] : undefined;
  }
  return isRecord(current) ? current : undefined;
}
