/**
 * Over 400 lines on purpose: one mapping of one specification, read top to bottom beside the
 * spec; each block (info, servers, service levels, models, fields) is a function of its own.
 *
 * Data Contract Specification (0.9.x–1.2.0, already validated) → ContractModel. Import only.
 *
 * - `id`, `info.title/version/status/description` → id, product name, version, status, docs
 *   (summary: the description's first line); `tags`; `terms.usage` + `terms.limitations` → termsOfUse.
 * - `servicelevels.*` → serviceLevels: the measurable value (percentage, period, threshold …), else
 *   the description.
 * - each model → a port. Its server: the first server suiting the model type (table/view → a
 *   database; object → a stream, then storage), `environment: prod`/`production` preferred. Address: the kafka topic
 *   (when only this model uses the server), `database.schema.model`, or the storage location.
 * - fields → JSON Schema (types, required, description, enum, constraints, `pii: true` or a
 *   classification → x-classification); what ODCS can say too (title, primaryKey, unique, tags,
 *   examples, translatable quality rules) → `x-odcs`, the rest → `x-dcs`.
 * - unmapped blocks (quality, examples, definitions, links, the full servers and servicelevels, …)
 *   → `extras.dcs`; kafka/postgres/s3/local servers also → `extras.servers` in ODCS shape.
 */
import type { PathSegment, PendingIssue } from "./errors";
import {
  JSON_SCHEMA_DIALECT,
  X_CLASSIFICATION,
  X_ODCS,
  formatClassification,
  isSharedStringFormat,
  normalizeClassification,
} from "./json-schema-mapping";
import { asArray, asString, clone, isRecord, type JsonObject } from "./json";
import type { ContractModel, ContractPort, PortType } from "./model";
import { deriveFormat, mapServerType, toServerString } from "./servers";

export const X_DCS = "x-dcs";

const MAPPED_TOP_LEVEL = new Set(["dataContractSpecification", "id", "info", "tags", "models", "terms"]);
const MAPPED_INFO = new Set(["title", "version", "status", "description"]);
const MAPPED_TERMS = new Set(["usage", "limitations"]);

interface NamedServer {
  name: string;
  entry: JsonObject;
}

export function importDcs(doc: JsonObject): { model: ContractModel; issues: PendingIssue[] } {
  const issues: PendingIssue[] = [];
  const info = isRecord(doc.info) ? doc.info : {};
  const terms = isRecord(doc.terms) ? doc.terms : {};
  const definitions = isRecord(doc.definitions) ? doc.definitions : {};
  const servers: NamedServer[] = Object.entries(isRecord(doc.servers) ? doc.servers : {})
    .filter((pair): pair is [string, JsonObject] => isRecord(pair[1]))
    .map(([name, entry]) => ({ name, entry: { server: name, ...entry } }));
  const models = Object.entries(isRecord(doc.models) ? doc.models : {}).filter(
    (pair): pair is [string, JsonObject] => isRecord(pair[1]),
  );

  const ties = models.map(([, model]) => chooseServer(model, servers));
  const ports: ContractPort[] = [];
  models.forEach(([name, model], index) => {
    const at: PathSegment[] = ["models", name];
    const server = ties[index];
    const modelType = asString(model.type);
    const type: PortType | undefined =
      modelType === "table" || modelType === "view"
        ? "TABLE"
        : (mapServerType(server?.entry) ?? (modelType === undefined ? "TABLE" : undefined));
    if (!type) {
      issues.push({
        segments: [...at, "type"],
        message: `cannot tell whether model '${name}' is a topic, a table or a file: add a kafka, database or object-storage server`,
      });
      return;
    }
    const sharing = ties.filter((t) => t === server).length;
    ports.push({
      name,
      description: asString(model.description) ?? "",
      type,
      address: deriveAddress(name, server?.entry, sharing),
      server: server ? toServerString(server.entry) : "",
      format: deriveFormat(type, server?.entry),
      schema: toModelSchema(name, model, at, definitions, issues),
    });
  });

  const dcs: JsonObject = {};
  for (const [key, value] of Object.entries(doc)) if (!MAPPED_TOP_LEVEL.has(key)) dcs[key] = clone(value);
  dcs.dataContractSpecification = doc.dataContractSpecification;
  const otherInfo = omit(info, MAPPED_INFO);
  if (Object.keys(otherInfo).length > 0) dcs.info = otherInfo;
  const otherTerms = omit(terms, MAPPED_TERMS);
  if (Object.keys(otherTerms).length > 0) dcs.terms = otherTerms;

  const odcsServers = servers.map(toOdcsServer).filter((s): s is JsonObject => s !== undefined);
  const description = asString(info.description) ?? "";
  const status = asString(info.status);
  const model: ContractModel = {
    id: asString(doc.id) ?? "",
    version: asString(info.version) ?? "1.0.0",
    ...(status === undefined ? {} : { status }),
    product: {
      name: asString(info.title) ?? asString(doc.id) ?? "",
      summary:
        description
          .split("\n")
          .map((l) => l.trim())
          .find((l) => l !== "") ?? "",
      description,
      tags: asArray(doc.tags).filter((t): t is string => typeof t === "string"),
      serviceLevels: readServiceLevels(doc.servicelevels),
      termsOfUse: [asString(terms.usage), asString(terms.limitations)]
        .filter((t): t is string => !!t && t.trim() !== "")
        .map((t) => t.trim())
        .join("\n\n"),
    },
    ports,
    extras: {
      ...(odcsServers.length > 0 ? { servers: odcsServers } : {}),
      dcs,
    },
  };
  return { model, issues };
}

function omit(object: JsonObject, keys: ReadonlySet<string>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(object)) if (!keys.has(key)) out[key] = clone(value);
  return out;
}

/**
 * Tables and views live on database servers; `object` models (messages, documents) rather on a
 * stream or in object storage; without a type (DCS defaults to table) a database comes first.
 */
function chooseServer(model: JsonObject, servers: readonly NamedServer[]): NamedServer | undefined {
  const modelType = asString(model.type);
  const preference: readonly (PortType | undefined)[] =
    modelType === "table" || modelType === "view"
      ? ["TABLE"]
      : modelType === "object"
        ? ["KAFKA_TOPIC", "FILE", "TABLE"]
        : ["TABLE", "KAFKA_TOPIC", "FILE"];
  const isProduction = (s: NamedServer) =>
    ["prod", "production"].includes((asString(s.entry.environment) ?? "").toLowerCase());
  for (const type of preference) {
    const candidates = servers.filter((s) => mapServerType(s.entry) === type);
    const chosen = candidates.find(isProduction) ?? candidates[0];
    if (chosen) return chosen;
  }
  return undefined;
}

/** DCS servers ODCS can express (kafka, postgres, s3, local), so that an export keeps their names and details. */
function toOdcsServer({ name, entry }: NamedServer): JsonObject | undefined {
  const type = asString(entry.type);
  const pick = (...keys: string[]) =>
    Object.fromEntries(keys.filter((k) => entry[k] !== undefined).map((k) => [k, clone(entry[k])]));
  const common = { server: name, type, ...pick("environment", "description") };
  const str = (key: string) => typeof entry[key] === "string";
  if (type === "kafka" && str("host")) return { ...common, ...pick("host", "format") };
  if (
    (type === "postgres" || type === "postgresql") &&
    str("host") &&
    typeof entry.port === "number" &&
    str("database") &&
    str("schema")
  ) {
    return { ...common, ...pick("host", "port", "database", "schema") };
  }
  if (type === "s3" && str("location"))
    return { ...common, ...pick("location", "endpointUrl", "format", "delimiter") };
  if (type === "local" && str("path") && str("format")) return { ...common, ...pick("path", "format") };
  return undefined;
}

function deriveAddress(modelName: string, server: JsonObject | undefined, sharing: number): string {
  if (!server) return modelName;
  const fill = (template: string) => template.replace(/\{model\}/g, modelName);
  const type = mapServerType(server);
  if (type === "KAFKA_TOPIC") {
    const topic = asString(server.topic) ?? asString(server.stream);
    if (topic && (topic.includes("{model}") || sharing === 1)) return fill(topic);
    return modelName;
  }
  if (type === "FILE") {
    const location = asString(server.location) ?? asString(server.path);
    return location ? fill(location) : modelName;
  }
  const qualifiers = [
    asString(server.database) ?? asString(server.catalog) ?? asString(server.project),
    asString(server.schema) ?? asString(server.dataset),
  ].filter((q): q is string => !!q);
  return [...qualifiers, modelName].join(".");
}

// ─── Service levels ─────────────────────────────────────────────────────────

/** The measurable field of each service level, in the order to prefer them. */
const MEASURE: Record<string, readonly string[]> = {
  availability: ["percentage"],
  retention: ["period"],
  latency: ["threshold"],
  freshness: ["threshold"],
  frequency: ["interval", "cron", "type"],
  support: ["time", "responseTime"],
  backup: ["interval", "cron"],
};

function readServiceLevels(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(raw)) return out;
  for (const [name, level] of Object.entries(raw)) {
    if (!isRecord(level)) continue;
    if (name === "retention" && level.unlimited === true) {
      out[name] = "unlimited";
      continue;
    }
    const measure = (MEASURE[name] ?? [])
      .map((key) => level[key])
      .find((v) => typeof v === "string" || typeof v === "number");
    const value = measure ?? level.description;
    if (typeof value === "string" || typeof value === "number") out[name] = String(value);
  }
  return out;
}

// ─── Models and fields ──────────────────────────────────────────────────────

const MAPPED_MODEL_KEYS = new Set(["description", "type", "title", "fields", "quality"]);

function toModelSchema(
  name: string,
  model: JsonObject,
  at: PathSegment[],
  definitions: JsonObject,
  issues: PendingIssue[],
): JsonObject {
  const annotation: JsonObject = {};
  const dcsOnly = omit(model, MAPPED_MODEL_KEYS);
  const modelType = asString(model.type);
  // A view stays a view in ODCS; `object` has no ODCS counterpart (the server says topic or file).
  if (modelType === "table" || modelType === "view") annotation.physicalType = modelType;
  const quality = splitQuality(model.quality);
  if (quality.odcs.length > 0) annotation.quality = quality.odcs;
  if (quality.dcs.length > 0) dcsOnly.quality = quality.dcs;
  const title = asString(model.title);
  return {
    $schema: JSON_SCHEMA_DIALECT,
    title: title ?? name,
    description: asString(model.description) ?? "",
    type: "object",
    ...toJsonSchemaFields(model.fields, [...at, "fields"], definitions, issues, 0),
    ...(Object.keys(annotation).length > 0 ? { [X_ODCS]: annotation } : {}),
    ...(Object.keys(dcsOnly).length > 0 ? { [X_DCS]: dcsOnly } : {}),
  };
}

function toJsonSchemaFields(
  raw: unknown,
  at: PathSegment[],
  definitions: JsonObject,
  issues: PendingIssue[],
  depth: number,
): { properties: JsonObject; required: string[] } {
  const properties: JsonObject = {};
  const required: string[] = [];
  for (const [name, field] of Object.entries(isRecord(raw) ? raw : {})) {
    if (!isRecord(field)) continue;
    const resolved = inheritDefinition(field, definitions);
    properties[name] = toJsonSchemaField(resolved, [...at, name], definitions, issues, depth + 1);
    if (resolved.required === true) required.push(name);
  }
  return { properties, required };
}

/** `$ref: '#/definitions/order_id'` inherits the definition's attributes; the field's own win. */
function inheritDefinition(field: JsonObject, definitions: JsonObject): JsonObject {
  const ref = asString(field.$ref);
  const key = ref?.startsWith("#/definitions/") ? ref.slice("#/definitions/".length) : undefined;
  const definition = key === undefined ? undefined : definitions[key];
  if (!isRecord(definition)) return field;
  const { domain: _domain, name: _name, ...inherited } = definition;
  return { ...inherited, ...field };
}

const DCS_TYPES: Record<string, JsonObject> = {
  number: { type: "number" },
  decimal: { type: "number" },
  numeric: { type: "number" },
  float: { type: "number" },
  double: { type: "number" },
  int: { type: "integer" },
  integer: { type: "integer" },
  long: { type: "integer", format: "int64" },
  bigint: { type: "integer", format: "int64" },
  string: { type: "string" },
  text: { type: "string" },
  varchar: { type: "string" },
  bytes: { type: "string" },
  boolean: { type: "boolean" },
  timestamp: { type: "string", format: "date-time" },
  timestamp_tz: { type: "string", format: "date-time" },
  timestamp_ntz: { type: "string", format: "date-time" },
  date: { type: "string", format: "date" },
  time: { type: "string", format: "time" },
  array: { type: "array" },
  object: { type: "object" },
  record: { type: "object" },
  struct: { type: "object" },
  map: { type: "object" },
  null: { type: "null" },
};
/** DCS types that are ODCS logical types already; others are kept as the ODCS physicalType. */
const CANONICAL_TYPES = new Set([
  "string",
  "integer",
  "number",
  "boolean",
  "date",
  "timestamp",
  "time",
  "object",
  "array",
]);
const CONSTRAINTS = [
  "minLength",
  "maxLength",
  "pattern",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
];
const MAPPED_FIELD_KEYS = new Set([
  "type",
  "description",
  "title",
  "required",
  "pii",
  "classification",
  "enum",
  "format",
  "primaryKey",
  "primary",
  "unique",
  "tags",
  "examples",
  "example",
  "quality",
  "fields",
  "items",
  "values",
  ...CONSTRAINTS,
]);
const MAX_DEPTH = 32;

function toJsonSchemaField(
  field: JsonObject,
  at: PathSegment[],
  definitions: JsonObject,
  issues: PendingIssue[],
  depth: number,
): JsonObject {
  const dcsType = asString(field.type)?.toLowerCase();
  const node: JsonObject = { ...(dcsType ? DCS_TYPES[dcsType] : {}) };
  const annotation: JsonObject = {};
  const dcsOnly = omit(field, MAPPED_FIELD_KEYS);
  if (dcsType && !CANONICAL_TYPES.has(dcsType)) annotation.physicalType = field.type;

  const description = asString(field.description);
  if (description !== undefined) node.description = description;
  if (Array.isArray(field.enum)) node.enum = clone(field.enum);
  for (const keyword of CONSTRAINTS) if (field[keyword] !== undefined) node[keyword] = clone(field[keyword]);
  if (field.format !== undefined) {
    if (node.type === "string" && isSharedStringFormat(field.format)) node.format = field.format;
    else dcsOnly.format = clone(field.format);
  }

  const classification = asString(field.classification);
  const level =
    field.pii === true
      ? "PII"
      : classification === undefined
        ? undefined
        : normalizeClassification(classification);
  if (level) node[X_CLASSIFICATION] = level;
  if (
    classification !== undefined &&
    normalizeClassification(classification) === level &&
    classification !== (level && formatClassification(level))
  ) {
    annotation.classification = classification;
  }
  if (field.pii !== undefined) dcsOnly.pii = field.pii;

  const title = asString(field.title);
  if (title !== undefined) annotation.businessName = title;
  if (field.primaryKey === true || field.primary === true) annotation.primaryKey = true;
  if (typeof field.unique === "boolean") annotation.unique = field.unique;
  if (Array.isArray(field.tags)) annotation.tags = clone(field.tags);
  if (Array.isArray(field.examples)) annotation.examples = clone(field.examples);
  else if (field.example !== undefined) annotation.examples = [clone(field.example)];
  const quality = splitQuality(field.quality);
  if (quality.odcs.length > 0) annotation.quality = quality.odcs;
  if (quality.dcs.length > 0) dcsOnly.quality = quality.dcs;

  if (depth < MAX_DEPTH) {
    if (isRecord(field.fields))
      Object.assign(node, toJsonSchemaFields(field.fields, [...at, "fields"], definitions, issues, depth));
    if (isRecord(field.items))
      node.items = toJsonSchemaField(
        inheritDefinition(field.items, definitions),
        [...at, "items"],
        definitions,
        issues,
        depth + 1,
      );
    if (isRecord(field.values))
      node.additionalProperties = toJsonSchemaField(
        inheritDefinition(field.values, definitions),
        [...at, "values"],
        definitions,
        issues,
        depth + 1,
      );
  }
  if (Object.keys(annotation).length > 0) node[X_ODCS] = annotation;
  if (Object.keys(dcsOnly).length > 0) node[X_DCS] = dcsOnly;
  return node;
}

// ─── Quality ────────────────────────────────────────────────────────────────

const COMMON_QUALITY_KEYS = [
  "name",
  "description",
  "dimension",
  "severity",
  "businessImpact",
  "method",
  "schedule",
  "scheduler",
  "unit",
];
const DIMENSIONS = new Set([
  "accuracy",
  "completeness",
  "conformity",
  "consistency",
  "coverage",
  "timeliness",
  "uniqueness",
]);
/** DCS spelling → ODCS spelling of the comparison operators. */
const OPERATORS: Record<string, string> = {
  mustBe: "mustBe",
  mustNotBe: "mustNotBe",
  mustBeGreaterThan: "mustBeGreaterThan",
  mustBeGreaterOrEqualTo: "mustBeGreaterOrEqualTo",
  mustBeGreaterThanOrEqualTo: "mustBeGreaterOrEqualTo",
  mustBeLessThan: "mustBeLessThan",
  mustBeLessOrEqualTo: "mustBeLessOrEqualTo",
  mustBeLessThanOrEqualTo: "mustBeLessOrEqualTo",
  mustBeBetween: "mustBeBetween",
  mustNotBeBetween: "mustNotBeBetween",
};
const LIBRARY_METRICS: Record<string, string> = { rowCount: "rowCount", duplicateCount: "duplicateValues" };

/** Rules ODCS can state without loss become ODCS rules; the others stay DCS-only. */
function splitQuality(raw: unknown): { odcs: JsonObject[]; dcs: unknown[] } {
  const odcs: JsonObject[] = [];
  const dcs: unknown[] = [];
  for (const rule of asArray(raw)) {
    const translated = translateQuality(rule);
    if (translated) odcs.push(translated);
    else dcs.push(clone(rule));
  }
  return { odcs, dcs };
}

function translateQuality(rule: unknown): JsonObject | undefined {
  if (!isRecord(rule)) return undefined;
  const type = asString(rule.type);
  const out: JsonObject = {};
  const used = new Set(["type"]);
  for (const key of COMMON_QUALITY_KEYS) {
    if (rule[key] === undefined) continue;
    if (typeof rule[key] !== "string" || (key === "dimension" && !DIMENSIONS.has(rule[key])))
      return undefined;
    out[key] = rule[key];
    used.add(key);
  }
  const operators = Object.keys(rule).filter((key) => OPERATORS[key] !== undefined);
  const takeOperator = (): boolean => {
    const key = operators[0];
    if (operators.length !== 1 || key === undefined) return false;
    out[OPERATORS[key] ?? key] = clone(rule[key]);
    used.add(key);
    return true;
  };
  if (type === "text" && typeof rule.description === "string") {
    out.type = "text";
  } else if (type === "sql" && typeof rule.query === "string" && takeOperator()) {
    out.type = "sql";
    out.query = rule.query;
    used.add("query");
  } else if (
    type === "custom" &&
    typeof rule.engine === "string" &&
    (typeof rule.implementation === "string" || isRecord(rule.implementation))
  ) {
    out.type = "custom";
    out.engine = rule.engine;
    out.implementation = clone(rule.implementation);
    used.add("engine").add("implementation");
  } else if (
    type === "library" &&
    typeof rule.rule === "string" &&
    LIBRARY_METRICS[rule.rule] &&
    takeOperator()
  ) {
    out.type = "library";
    out.metric = LIBRARY_METRICS[rule.rule];
    used.add("rule");
  } else {
    return undefined;
  }
  // Anything else the rule says (a SQL dialect, …) has no ODCS home: then keep it DCS-only whole.
  return Object.keys(rule).every((key) => used.has(key)) ? out : undefined;
}
