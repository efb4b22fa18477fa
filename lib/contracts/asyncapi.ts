/**
 * Meshport data products ↔ AsyncAPI 3.0.0 documents. Pure: no database, no network.
 *
 * Export (`productAsyncApi`, `meshAsyncApi`, `toAsyncApiYaml`):
 * - one server named after the cluster: `host` is the first bootstrap broker (AsyncAPI's `host` is
 *   one host[:port]), the description lists them all; `kafka-secure` with TLS, else `kafka`; SASL is
 *   a security scheme (`plain`, `scramSha256`, `scramSha512`) the server points at.
 * - one channel per Kafka port, its id the topic (Kafka topic names use only `[A-Za-z0-9._-]`, which
 *   AsyncAPI's key pattern `^[\w\d.\-_]+$` allows); in a mesh a clash gets the product slug first.
 *   Kafka channel binding 0.5.0: topic, partitions, replicas, `retention.ms`, `cleanup.policy` (only
 *   what is known).
 * - the channel's one message: a JSON Schema port's schema as a plain AsyncAPI Schema Object (a
 *   draft-07 superset that allows `x-` keys): `$schema` dropped, 2020-12 keywords rewritten to their
 *   draft-07 forms (`$defs` → `definitions`, `prefixItems` → array `items`, `dependentRequired` /
 *   `dependentSchemas` → `dependencies`, a `$ref` with siblings → `allOf: [{$ref}]` so that resolvers
 *   keep the siblings), and local `$ref`s pointed at their place in the document (`#/$defs/X` would
 *   otherwise resolve against the AsyncAPI root). An Avro port's schema as a multi-format schema
 *   (`application/vnd.apache.avro;version=1.9.0`). No schema: `{ type: object }`, said so in the
 *   message description and marked `x-meshport-no-schema` for the import.
 * - operations: `<channel>.send` for the owner team, `<channel>.receive.<team>` per consumer team
 *   with an active grant (Kafka operation binding: `groupId` must start with the team's prefix).
 *
 * Import (`readAsyncApiChannels`): AsyncAPI 3.0.x, YAML or JSON, at most 1 MiB, validated against
 * the bundled official JSON Schema (`json-schemas/asyncapi-3.0.0.schema.json`). Local `$ref`s are
 * followed for channels, messages and payloads; a JSON payload comes back as JSON Schema 2020-12
 * (the reverse rewrite; schemas it references elsewhere in the document become `$defs`).
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { parseDocument, stringify } from "yaml";
import { findUnsafeInput } from "@/lib/api/input-guard";
import { formatPath, type PathSegment } from "./errors";
import { isRecord, orderKeys, type JsonObject } from "./json";
import asyncApiSchema from "./json-schemas/asyncapi-3.0.0.schema.json";

export const ASYNCAPI_VERSION = "3.0.0";
export const KAFKA_BINDING_VERSION = "0.5.0";
export const AVRO_SCHEMA_FORMAT = "application/vnd.apache.avro;version=1.9.0";
/** AsyncAPI documents are hand-sized; anything larger is a mistake or an attack on the parser. */
export const MAX_ASYNCAPI_BYTES = 1024 * 1024;

const JSON_SCHEMA_2020_12 = "https://json-schema.org/draft/2020-12/schema";
const CONTENT_TYPES: Record<string, string> = {
  json: "application/json",
  avro: "application/vnd.apache.avro+binary",
  protobuf: "application/x-protobuf",
  csv: "text/csv",
  text: "text/plain",
  string: "text/plain",
};

// ─── Input ──────────────────────────────────────────────────────────────────

export interface AsyncApiCluster {
  /** Names the server, e.g. "meshport". */
  id: string;
  /** "host:port" of each bootstrap broker. */
  bootstrap: string[];
  sasl: "PLAIN" | "SCRAM-SHA-256" | "SCRAM-SHA-512" | null;
  tls: boolean;
  description?: string;
}

export interface AsyncApiConsumer {
  teamSlug: string;
  teamName: string;
  /** "User:<team-slug>" */
  principal: string;
  /** "<team-slug>." */
  groupIdPrefix: string;
}

export interface AsyncApiPort {
  id: string;
  name: string;
  description: string;
  topic: string;
  /** "json" | "avro" | other */
  format: string;
  schema: { format: "JSON_SCHEMA" | "AVRO"; definition: unknown; version: number } | null;
  partitions: number | null;
  replicas: number | null;
  /** -1 keeps data forever. */
  retentionMs: number | null;
  cleanupPolicy: "delete" | "compact" | null;
  keyDescription: string;
  contractId: string | null;
  contractVersion: string | null;
  /** Teams holding an ACTIVE grant on this port. */
  consumers: AsyncApiConsumer[];
}

export interface AsyncApiProduct {
  slug: string;
  name: string;
  summary: string;
  /** Markdown. */
  description: string;
  domain: { slug: string; name: string };
  lifecycle: string;
  tags: string[];
  ownerTeam: { slug: string; name: string; principal: string; groupIdPrefix: string };
  /** The first one becomes `info.contact`. */
  owners: { name: string; email: string }[];
  /** The product page's URL. */
  url: string;
  /** Kafka ports only (the caller filters). */
  ports: AsyncApiPort[];
}

export type AsyncApiDocument = Record<string, unknown>;

// ─── Export ─────────────────────────────────────────────────────────────────

/** One product's topics as an AsyncAPI 3.0.0 document. Same input, same document. */
export function productAsyncApi(product: AsyncApiProduct, cluster: AsyncApiCluster): AsyncApiDocument {
  const owner = product.owners[0];
  const description = [product.summary, product.description]
    .map((s) => s.trim())
    .filter(Boolean)
    .join("\n\n");
  const info: JsonObject = {
    title: product.name,
    version: product.ports[0]?.contractVersion ?? "1.0.0",
    description: description || undefined,
    contact: owner ? prune({ name: owner.name, email: owner.email || undefined }) : undefined,
    tags: uniqueTags(product.tags),
    externalDocs: { description: "The data product in Meshport", url: product.url },
    "x-meshport-product": {
      slug: product.slug,
      domain: product.domain.slug,
      lifecycle: product.lifecycle,
      ownerTeam: product.ownerTeam.slug,
    },
  };
  return buildDocument(`urn:meshport:product:${product.slug}`, info, [product], cluster, false);
}

/** Every product's topics in one AsyncAPI 3.0.0 document; channel ids stay unique. */
export function meshAsyncApi(
  products: AsyncApiProduct[],
  cluster: AsyncApiCluster,
  info: { title: string; version: string; url: string },
): AsyncApiDocument {
  const sorted = [...products].sort((a, b) => compare(a.slug, b.slug));
  const topics = sorted.reduce((n, p) => n + p.ports.length, 0);
  const header: JsonObject = {
    title: info.title,
    version: info.version,
    description: `${plural(sorted.length, "data product")} publishing ${plural(topics, "Kafka topic")}.`,
    externalDocs: { description: "The mesh in Meshport", url: info.url },
  };
  return buildDocument("urn:meshport:mesh", header, sorted, cluster, true);
}

/** YAML text of a document, top-level keys in the specification's order, no anchors, no folding. */
export function toAsyncApiYaml(doc: AsyncApiDocument): string {
  const ordered = orderKeys(doc, [
    "asyncapi",
    "id",
    "info",
    "servers",
    "defaultContentType",
    "channels",
    "operations",
    "components",
  ]);
  return stringify(ordered, { aliasDuplicateObjects: false, lineWidth: 0 });
}

function buildDocument(
  id: string,
  info: JsonObject,
  products: AsyncApiProduct[],
  cluster: AsyncApiCluster,
  mesh: boolean,
): AsyncApiDocument {
  const channels: JsonObject = {};
  const operations: JsonObject = {};
  for (const product of products) {
    for (const port of product.ports) {
      const channelId = uniqueKey(safeId(port.topic) || "channel", channels, `${product.slug}.`);
      const messageId = safeId(port.name) || "message";
      const channelRef = `#/channels/${channelId}`;
      const messageRef = `${channelRef}/messages/${messageId}`;
      channels[channelId] = toChannel(product, port, ["channels", channelId, "messages", messageId], mesh);
      const team = product.ownerTeam;
      operations[`${channelId}.send`] = {
        action: "send",
        channel: { $ref: channelRef },
        messages: [{ $ref: messageRef }],
        summary: `${team.name} produces ${port.name}`,
        description: `Team ${team.name} (principal \`${team.principal}\`) owns the topic \`${port.topic}\` and is the only one that writes to it.`,
        "x-meshport-team": { slug: team.slug, name: team.name, principal: team.principal },
      };
      const consumers = [...port.consumers].sort((a, b) => compare(a.teamSlug, b.teamSlug));
      for (const consumer of consumers) {
        const operationId = uniqueKey(`${channelId}.receive.${safeId(consumer.teamSlug)}`, operations, "");
        operations[operationId] = {
          action: "receive",
          channel: { $ref: channelRef },
          messages: [{ $ref: messageRef }],
          summary: `${consumer.teamName} consumes ${port.name}`,
          description:
            `Team ${consumer.teamName} (principal \`${consumer.principal}\`) holds an active grant to read ` +
            `\`${port.topic}\`; its consumer group ids start with \`${consumer.groupIdPrefix}\`.`,
          bindings: {
            kafka: {
              groupId: { type: "string", pattern: `^${escapeRegExp(consumer.groupIdPrefix)}.*` },
              bindingVersion: KAFKA_BINDING_VERSION,
            },
          },
          "x-meshport-team": {
            slug: consumer.teamSlug,
            name: consumer.teamName,
            principal: consumer.principal,
          },
        };
      }
    }
  }
  const { server, securitySchemes } = toServer(cluster);
  return prune({
    asyncapi: ASYNCAPI_VERSION,
    id,
    info: prune(info),
    servers: { [safeId(cluster.id) || "kafka"]: server },
    defaultContentType: "application/json",
    channels,
    operations,
    components: securitySchemes ? { securitySchemes } : undefined,
  });
}

function toServer(cluster: AsyncApiCluster): { server: JsonObject; securitySchemes?: JsonObject } {
  const [host] = cluster.bootstrap;
  if (!host) throw new Error(`The Kafka cluster "${cluster.id}" has no bootstrap servers.`);
  const brokers =
    cluster.bootstrap.length > 1 ? `Bootstrap servers: \`${cluster.bootstrap.join(",")}\`.` : "";
  const description = [cluster.description?.trim(), brokers].filter(Boolean).join("\n\n");
  const scheme = cluster.sasl ? SASL_SCHEMES[cluster.sasl] : undefined;
  const server = prune({
    host,
    protocol: cluster.tls ? "kafka-secure" : "kafka",
    description: description || undefined,
    security: scheme ? [{ $ref: `#/components/securitySchemes/${scheme.id}` }] : undefined,
  });
  if (!scheme || !cluster.sasl) return { server };
  const tls = cluster.tls ? " over TLS" : "";
  return {
    server,
    securitySchemes: {
      [scheme.id]: {
        type: scheme.type,
        description: `SASL/${cluster.sasl}${tls}. Each team authenticates as its own principal (\`User:<team-slug>\`); access is granted by ACLs on that principal.`,
      },
    },
  };
}

const SASL_SCHEMES = {
  PLAIN: { id: "saslPlain", type: "plain" },
  "SCRAM-SHA-256": { id: "saslScramSha256", type: "scramSha256" },
  "SCRAM-SHA-512": { id: "saslScramSha512", type: "scramSha512" },
} as const;

function toChannel(
  product: AsyncApiProduct,
  port: AsyncApiPort,
  messagePath: string[],
  mesh: boolean,
): JsonObject {
  const topicConfiguration = prune({
    "cleanup.policy": port.cleanupPolicy ? [port.cleanupPolicy] : undefined,
    "retention.ms": port.retentionMs ?? undefined,
  });
  const kafka = prune({
    topic: port.topic,
    partitions: port.partitions ?? undefined,
    replicas: port.replicas ?? undefined,
    topicConfiguration: Object.keys(topicConfiguration).length > 0 ? topicConfiguration : undefined,
    bindingVersion: KAFKA_BINDING_VERSION,
  });
  const messageId = messagePath[messagePath.length - 1] ?? "message";
  return prune({
    address: port.topic,
    title: mesh ? `${product.name}: ${port.name}` : port.name,
    description: port.description.trim() || undefined,
    messages: { [messageId]: toMessage(port, [...messagePath, "payload"]) },
    tags: [{ name: `product:${product.slug}` }, { name: `domain:${product.domain.slug}` }],
    bindings: { kafka },
    "x-meshport-port": prune({
      id: port.id,
      product: product.slug,
      contractId: port.contractId ?? undefined,
      contractVersion: port.contractVersion ?? undefined,
    }),
  });
}

function toMessage(port: AsyncApiPort, payloadPath: string[]): JsonObject {
  const format = port.format.toLowerCase();
  const schema = port.schema;
  let payload: unknown;
  let about: string;
  if (!schema) {
    payload = { type: "object", "x-meshport-no-schema": true };
    about = "No schema is registered for this port: the payload is described only as an object.";
  } else if (schema.format === "AVRO") {
    payload = { schemaFormat: AVRO_SCHEMA_FORMAT, schema: structuredClone(schema.definition) };
    about = `Avro schema, version ${schema.version} in Meshport.`;
  } else {
    payload = toDraft07(schema.definition, payloadPath);
    about = `JSON Schema, version ${schema.version} in Meshport (written as AsyncAPI's draft-07 dialect).`;
  }
  const key = port.keyDescription.trim();
  return prune({
    name: port.name,
    title: port.name,
    description: key ? `${about}\n\nKey: ${key}` : about,
    contentType: CONTENT_TYPES[format] ?? "application/octet-stream",
    payload,
    bindings: key
      ? { kafka: { key: { type: "string", description: key }, bindingVersion: KAFKA_BINDING_VERSION } }
      : undefined,
  });
}

// ─── JSON Schema 2020-12 ↔ AsyncAPI's draft-07 dialect ─────────────────────────

type Direction = "to-draft-07" | "to-2020-12" | "refs-only";

/** Keywords whose value is one schema, an array of schemas, or a map of schemas. */
const SCHEMA_VALUED = new Set([
  "additionalItems",
  "additionalProperties",
  "contains",
  "propertyNames",
  "not",
  "if",
  "then",
  "else",
  "unevaluatedItems",
  "unevaluatedProperties",
  "contentSchema",
]);
const SCHEMA_ARRAYS = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "definitions", "$defs", "dependentSchemas"]);

/** Where each schema went (old path → new path, keyed by JSON), and the `$ref`s still to rewrite. */
interface Walk {
  paths: Map<string, string[]>;
  refs: JsonObject[];
}

/** A JSON Schema for the payload living at `payloadPath` of the AsyncAPI document. */
function toDraft07(definition: unknown, payloadPath: string[]): unknown {
  const legacy = isRecord(definition) && /draft-0[3-7]/.test(String(definition.$schema ?? ""));
  const walk: Walk = { paths: new Map(), refs: [] };
  const out = convert(definition, legacy ? "refs-only" : "to-draft-07", [], [], walk);
  if (isRecord(out)) delete out.$schema;
  for (const node of walk.refs) {
    const ref = node.$ref;
    if (typeof ref !== "string" || !ref.startsWith("#")) continue;
    const target = mapPath(walk.paths, decodePointer(ref)) ?? decodePointer(ref);
    node.$ref = encodePointer([...payloadPath, ...target]);
  }
  return out;
}

/**
 * The schema of a payload found at `path` in `doc`, as JSON Schema 2020-12. `$ref`s into the payload
 * become local again; schemas referenced elsewhere in the document are copied into `$defs`.
 */
function toJsonSchema2020(doc: JsonObject, schema: JsonObject, path: string[]): JsonObject {
  const walk: Walk = { paths: new Map(), refs: [] };
  const converted = convert(schema, "to-2020-12", path, [], walk) as JsonObject;
  delete converted.$schema;
  const out: JsonObject = { $schema: JSON_SCHEMA_2020_12, ...converted };
  for (let i = 0; i < walk.refs.length; i++) {
    const node = walk.refs[i] as JsonObject;
    const ref = node.$ref;
    if (typeof ref !== "string" || !ref.startsWith("#")) continue;
    const segments = decodePointer(ref);
    let target = mapPath(walk.paths, segments);
    if (!target) {
      const value = getAt(doc, segments);
      if (value === undefined)
        throw new AsyncApiError("The AsyncAPI document has a reference that leads nowhere.", [
          { path: formatPath(path), message: `$ref ${ref} does not resolve` },
        ]);
      const defs: JsonObject = isRecord(out.$defs) ? out.$defs : (out.$defs = {});
      const name = uniqueKey(safeId(segments[segments.length - 1] ?? "") || "schema", defs, "");
      defs[name] = convert(value, "to-2020-12", segments, ["$defs", name], walk);
      target = mapPath(walk.paths, segments) ?? ["$defs", name];
    }
    node.$ref = encodePointer(target);
  }
  return out;
}

/** A converted copy of one schema node; records its new path and its `$ref` for the caller to rewrite. */
function convert(node: unknown, dir: Direction, from: string[], to: string[], walk: Walk): unknown {
  if (!isRecord(node)) return structuredClone(node);
  walk.paths.set(JSON.stringify(from), to);
  const sub = (value: unknown, oldRel: string[], newRel: string[]) =>
    convert(value, dir, [...from, ...oldRel], [...to, ...newRel], walk);
  const list = (values: unknown[], oldKey: string, newKey: string, shift = 0) =>
    values.map((v, i) => sub(v, [oldKey, String(i)], [newKey, String(i + shift)]));
  const map = (values: unknown, oldKey: string, newKey: string): unknown =>
    isRecord(values)
      ? Object.fromEntries(Object.entries(values).map(([k, v]) => [k, sub(v, [oldKey, k], [newKey, k])]))
      : structuredClone(values);
  const has = (key: string) => Object.hasOwn(node, key);
  const down = dir === "to-draft-07";
  const up = dir === "to-2020-12";
  // draft-07 ignores a $ref's siblings (and resolvers drop them): wrap the $ref in allOf.
  const wrapRef = down && typeof node.$ref === "string" && Object.keys(node).some((k) => k !== "$ref");
  const liftRef = up && !has("$ref") && Array.isArray(node.allOf) && isPureRef(node.allOf[0]);
  const tuple = down && Array.isArray(node.prefixItems) && !has("additionalItems");
  const untuple = up && Array.isArray(node.items) && !has("prefixItems");
  const mergeDependencies = down && !has("dependencies");
  const splitDependencies =
    up && isRecord(node.dependencies) && !has("dependentRequired") && !has("dependentSchemas");
  const out: JsonObject = {};
  const addRef = (ref: unknown): JsonObject => {
    const refNode = { $ref: ref };
    walk.refs.push(refNode);
    return refNode;
  };
  for (const [key, value] of Object.entries(node)) {
    if (up && key.startsWith("x-parser-")) continue;
    if (down && key === "$schema") continue;
    if (key === "$ref" && wrapRef) {
      const rest = Array.isArray(node.allOf) ? list(node.allOf, "allOf", "allOf", 1) : [];
      out.allOf = [addRef(value), ...rest];
    } else if (key === "$ref") {
      out.$ref = value;
      walk.refs.push(out);
    } else if (key === "allOf" && wrapRef) {
      continue;
    } else if (key === "allOf" && liftRef && Array.isArray(value)) {
      walk.paths.set(JSON.stringify([...from, "allOf", "0"]), to);
      out.$ref = (value[0] as JsonObject).$ref;
      walk.refs.push(out);
      const rest = value.slice(1).map((v, i) => sub(v, ["allOf", String(i + 1)], ["allOf", String(i)]));
      if (rest.length > 0) out.allOf = rest;
    } else if (key === "$defs" && down && !has("definitions")) {
      out.definitions = map(value, "$defs", "definitions");
    } else if (key === "definitions" && up && !has("$defs")) {
      out.$defs = map(value, "definitions", "$defs");
    } else if (key === "prefixItems" && tuple && Array.isArray(value)) {
      out.items = list(value, "prefixItems", "items");
    } else if (key === "items" && tuple) {
      out.additionalItems = sub(value, ["items"], ["additionalItems"]);
    } else if (key === "items" && untuple && Array.isArray(value)) {
      out.prefixItems = list(value, "items", "prefixItems");
    } else if (key === "additionalItems" && untuple) {
      out.items = sub(value, ["additionalItems"], ["items"]);
    } else if ((key === "dependentRequired" || key === "dependentSchemas") && mergeDependencies) {
      const merged: JsonObject = isRecord(out.dependencies) ? out.dependencies : (out.dependencies = {});
      Object.assign(
        merged,
        key === "dependentSchemas" ? map(value, key, "dependencies") : structuredClone(value),
      );
    } else if (key === "dependencies" && splitDependencies && isRecord(value)) {
      for (const [name, dependency] of Object.entries(value)) {
        const target = Array.isArray(dependency) ? "dependentRequired" : "dependentSchemas";
        const bucket: JsonObject = isRecord(out[target]) ? out[target] : (out[target] = {});
        bucket[name] = Array.isArray(dependency)
          ? structuredClone(dependency)
          : sub(dependency, [key, name], [target, name]);
      }
    } else if (SCHEMA_VALUED.has(key) || (key === "items" && !Array.isArray(value))) {
      out[key] = sub(value, [key], [key]);
    } else if (SCHEMA_ARRAYS.has(key) || key === "items") {
      out[key] = Array.isArray(value) ? list(value, key, key) : structuredClone(value);
    } else if (SCHEMA_MAPS.has(key)) {
      out[key] = map(value, key, key);
    } else if (key === "dependencies" && isRecord(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, Array.isArray(v) ? [...v] : sub(v, [key, k], [key, k])]),
      );
    } else {
      out[key] = structuredClone(value);
    }
  }
  return out;
}

function isPureRef(value: unknown): value is { $ref: string } {
  return isRecord(value) && typeof value.$ref === "string" && Object.keys(value).length === 1;
}

/** The new path of `segments`: the nearest recorded ancestor's new path plus the rest. */
function mapPath(paths: Map<string, string[]>, segments: string[]): string[] | undefined {
  for (let i = segments.length; i >= 0; i--) {
    const hit = paths.get(JSON.stringify(segments.slice(0, i)));
    if (hit) return [...hit, ...segments.slice(i)];
  }
  return undefined;
}

// ─── Import ─────────────────────────────────────────────────────────────────

export interface AsyncApiIssue {
  /** Where in the document, e.g. `channels["orders.v1"].bindings.kafka`; "" for the whole document. */
  path: string;
  message: string;
}

/** An AsyncAPI document Meshport cannot read; `issues` say where and why (the first few). */
export class AsyncApiError extends Error {
  constructor(
    message: string,
    readonly issues: AsyncApiIssue[],
  ) {
    super(issues.length > 0 ? `${message} ${issues.map(describeIssue).join("; ")}` : message);
    this.name = "AsyncApiError";
  }
}

export interface ImportedChannel {
  /** The channel's key in `channels`. */
  id: string;
  topic: string;
  description: string;
  schema: { format: "JSON_SCHEMA" | "AVRO"; definition: Record<string, unknown> } | null;
  partitions: number | null;
  retentionMs: number | null;
  cleanupPolicy: "delete" | "compact" | null;
}

/**
 * The Kafka channels of an AsyncAPI 3.0 document (YAML or JSON), in document order. Throws
 * AsyncApiError when the text is too large, not YAML, not AsyncAPI 3.0, or fails its schema.
 * A channel's topic is its Kafka binding's `topic`, else its `address`, else its id; its schema is
 * that of its first message (null for formats other than JSON Schema and Avro).
 */
export function readAsyncApiChannels(text: string): { title: string; channels: ImportedChannel[] } {
  const doc = readDocument(text);
  const declared = doc.asyncapi;
  if (typeof declared !== "string" || !/^3\.0\.\d+$/.test(declared)) {
    const what = declared === undefined ? "has no `asyncapi` field" : `declares AsyncAPI ${String(declared)}`;
    throw new AsyncApiError("Only AsyncAPI 3.0 is imported.", [
      { path: "asyncapi", message: `the document ${what}` },
    ]);
  }
  // The bundled schema pins "3.0.0"; later 3.0.x patch releases only clarify the text.
  const issues = validateAsyncApi({ ...doc, asyncapi: ASYNCAPI_VERSION });
  if (issues.length > 0)
    throw new AsyncApiError("The document does not follow the AsyncAPI 3.0 schema.", issues.slice(0, 5));
  const info = isRecord(doc.info) ? doc.info : {};
  const channels = isRecord(doc.channels) ? doc.channels : {};
  return {
    title: typeof info.title === "string" ? info.title : "",
    channels: Object.keys(channels).map((id) => readChannel(doc, id)),
  };
}

/** Problems of `doc` against the bundled AsyncAPI 3.0.0 JSON Schema, most specific first; [] when valid. */
export function validateAsyncApi(doc: unknown): AsyncApiIssue[] {
  const validate = getValidator();
  if (validate(doc)) return [];
  const errors = (validate.errors ?? []).filter(isSpecific);
  const seen = new Set<string>();
  const issues: AsyncApiIssue[] = [];
  for (const error of errors.sort((a, b) => depth(b) - depth(a))) {
    const issue = { path: formatPath(toSegments(error.instancePath)), message: describeError(error) };
    const id = `${issue.path}\n${issue.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    issues.push(issue);
  }
  return issues.length > 0 ? issues : [{ path: "", message: "does not match the AsyncAPI 3.0.0 schema" }];
}

function readDocument(text: string): JsonObject {
  const bytes = text.length > MAX_ASYNCAPI_BYTES ? Infinity : new TextEncoder().encode(text).length;
  if (bytes > MAX_ASYNCAPI_BYTES)
    throw new AsyncApiError("The AsyncAPI document is too large.", [
      { path: "", message: `documents are limited to ${MAX_ASYNCAPI_BYTES} bytes (1 MiB)` },
    ]);
  let value: unknown;
  try {
    const parsed = parseDocument(text, { uniqueKeys: true });
    const error = parsed.errors[0];
    if (error)
      throw new AsyncApiError("The AsyncAPI document is not valid YAML or JSON.", [
        { path: "", message: (error.message.split("\n")[0] ?? error.message).trim() },
      ]);
    value = parsed.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    if (cause instanceof AsyncApiError) throw cause;
    const message = cause instanceof RangeError ? "the document is nested too deeply" : String(cause);
    throw new AsyncApiError("The AsyncAPI document is not valid YAML or JSON.", [{ path: "", message }]);
  }
  if (!isRecord(value))
    throw new AsyncApiError("The AsyncAPI document is not a mapping.", [
      { path: "", message: "an AsyncAPI document is a mapping (key: value pairs) at the top level" },
    ]);
  const unsafe = findUnsafeInput(value);
  if (unsafe) throw new AsyncApiError("The AsyncAPI document cannot be read.", [unsafe]);
  return value;
}

function readChannel(doc: JsonObject, id: string): ImportedChannel {
  const channel = follow(doc, (doc.channels as JsonObject)[id], ["channels", id]);
  const bindings = isRecord(channel.value.bindings)
    ? follow(doc, channel.value.bindings, [...channel.path, "bindings"]).value
    : {};
  const kafka = isRecord(bindings.kafka) ? bindings.kafka : {};
  const config = isRecord(kafka.topicConfiguration) ? kafka.topicConfiguration : {};
  const policy = Array.isArray(config["cleanup.policy"]) ? config["cleanup.policy"] : [];
  const text = [channel.value.description, channel.value.summary].find(
    (s): s is string => typeof s === "string" && s.trim() !== "",
  );
  return {
    id,
    topic: stringOr(kafka.topic) ?? stringOr(channel.value.address) ?? id,
    description: text?.trim() ?? "",
    schema: readSchema(doc, channel.value, channel.path),
    partitions: typeof kafka.partitions === "number" ? kafka.partitions : null,
    retentionMs: typeof config["retention.ms"] === "number" ? config["retention.ms"] : null,
    cleanupPolicy: policy.includes("compact") ? "compact" : policy.includes("delete") ? "delete" : null,
  };
}

function readSchema(doc: JsonObject, channel: JsonObject, path: string[]): ImportedChannel["schema"] {
  const messages = isRecord(channel.messages) ? channel.messages : {};
  const [messageId] = Object.keys(messages);
  if (messageId === undefined) return null;
  const message = follow(doc, messages[messageId], [...path, "messages", messageId]);
  if (!isRecord(message.value.payload)) return null;
  const payload = follow(doc, message.value.payload, [...message.path, "payload"]);
  if (payload.value["x-meshport-no-schema"] === true) return null;
  let format = "application/vnd.aai.asyncapi+json;version=3.0.0";
  let schema: unknown = payload.value;
  let schemaPath = payload.path;
  if (Object.hasOwn(payload.value, "schema")) {
    format = stringOr(payload.value.schemaFormat) ?? format;
    schema = payload.value.schema;
    schemaPath = [...payload.path, "schema"];
    if (isRecord(schema)) ({ value: schema, path: schemaPath } = follow(doc, schema, schemaPath));
  }
  if (/^application\/vnd\.apache\.avro/.test(format)) {
    const avro = typeof schema === "string" ? parseJsonOr(schema) : schema;
    return isRecord(avro) ? { format: "AVRO", definition: structuredClone(avro) } : null;
  }
  if (/^application\/(schema|vnd\.aai\.asyncapi)[;+]/.test(format) && isRecord(schema))
    return { format: "JSON_SCHEMA", definition: toJsonSchema2020(doc, schema, schemaPath) };
  return null;
}

/** Follows local `$ref`s from `value` (found at `path`) to an object, and where that object is. */
function follow(doc: JsonObject, value: unknown, path: string[]): { value: JsonObject; path: string[] } {
  let current = value;
  let at = path;
  for (let hops = 0; isRecord(current) && typeof current.$ref === "string"; hops++) {
    const ref = current.$ref;
    if (!ref.startsWith("#"))
      throw new AsyncApiError("The AsyncAPI document refers to other files.", [
        {
          path: formatPath(at),
          message: `$ref ${ref} points outside the document; only local references are read`,
        },
      ]);
    if (hops > 32)
      throw new AsyncApiError("The AsyncAPI document has a reference loop.", [
        { path: formatPath(at), message: `$ref ${ref} never reaches an object` },
      ]);
    at = decodePointer(ref);
    current = getAt(doc, at);
    if (current === undefined)
      throw new AsyncApiError("The AsyncAPI document has a reference that leads nowhere.", [
        { path: formatPath(path), message: `$ref ${ref} does not resolve` },
      ]);
  }
  return { value: isRecord(current) ? current : {}, path: at };
}

function getAt(doc: unknown, segments: string[]): unknown {
  let node = doc;
  for (const segment of segments) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isRecord(node) && Object.hasOwn(node, segment)) node = node[segment];
    else return undefined;
  }
  return node;
}

// ─── Validation ─────────────────────────────────────────────────────────────

let validator: ValidateFunction | undefined;

/** Compiled once, on first use (about half a second: the schema holds every binding's schema). */
function getValidator(): ValidateFunction {
  if (!validator) {
    const { definitions, ...root } = asyncApiSchema as unknown as { definitions: JsonObject } & JsonObject;
    // The bundle embeds draft-07's meta-schema, which Ajv already holds: the same id twice is refused.
    const own = Object.fromEntries(
      Object.entries(definitions).filter(([id]) => id !== "http://json-schema.org/draft-07/schema"),
    );
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    validator = ajv.compile({ ...root, definitions: own });
  }
  return validator;
}

/** Drops the errors that only say "no alternative matched" or "this could have been a $ref". */
function isSpecific(error: ErrorObject): boolean {
  if (["oneOf", "anyOf", "allOf", "if", "not"].includes(error.keyword)) return false;
  const params: Record<string, unknown> = error.params;
  return !(error.keyword === "required" && params.missingProperty === "$ref");
}

function depth(error: ErrorObject): number {
  return error.instancePath === "" ? 0 : error.instancePath.split("/").length;
}

function toSegments(instancePath: string): PathSegment[] {
  if (instancePath === "") return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function describeError(error: ErrorObject): string {
  const params: Record<string, unknown> = error.params;
  switch (error.keyword) {
    case "additionalProperties":
      return `property '${String(params.additionalProperty)}' is not allowed here`;
    case "enum":
      return `must be one of: ${Array.isArray(params.allowedValues) ? params.allowedValues.map(String).join(", ") : ""}`;
    case "const":
      return `must be ${JSON.stringify(params.allowedValue)}`;
    default:
      return error.message ?? `fails the ${error.keyword} rule`;
  }
}

function describeIssue(issue: AsyncApiIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

// ─── Small helpers ──────────────────────────────────────────────────────────

/** Characters AsyncAPI allows in component keys (`^[\w\d.\-_]+$`); anything else becomes "_". */
function safeId(value: string): string {
  return value.trim().replace(/[^A-Za-z0-9_.-]/g, "_");
}

/** `base`, else `prefix` + `base`, else with a counter: a key `taken` does not have yet. */
function uniqueKey(base: string, taken: JsonObject, prefix: string): string {
  if (!Object.hasOwn(taken, base)) return base;
  const prefixed = prefix ? `${safeId(prefix)}${base}` : base;
  if (!Object.hasOwn(taken, prefixed)) return prefixed;
  for (let n = 2; ; n++) if (!Object.hasOwn(taken, `${prefixed}-${n}`)) return `${prefixed}-${n}`;
}

function uniqueTags(tags: string[]): { name: string }[] | undefined {
  const names = [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
  return names.length > 0 ? names.map((name) => ({ name })) : undefined;
}

/** A copy without `undefined` values, so that optional fields are absent rather than null. */
function prune(object: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const FRAGMENT_SAFE = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]$/;

/** `["channels", "a/b"]` → `#/channels/a~1b`, percent-encoded where a URI fragment needs it. */
function encodePointer(segments: string[]): string {
  const encode = (segment: string) =>
    [...segment.replace(/~/g, "~0").replace(/\//g, "~1")]
      .map((c) => (FRAGMENT_SAFE.test(c) ? c : encodeURIComponent(c)))
      .join("");
  return `#${segments.map((s) => `/${encode(s)}`).join("")}`;
}

function decodePointer(ref: string): string[] {
  const fragment = ref.slice(1);
  if (fragment === "") return [];
  return fragment
    .replace(/^\//, "")
    .split("/")
    .map((part) => {
      let decoded = part;
      try {
        decoded = decodeURIComponent(part);
      } catch {
        // A stray "%" is taken literally.
      }
      return decoded.replace(/~1/g, "/").replace(/~0/g, "~");
    });
}

function stringOr(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
