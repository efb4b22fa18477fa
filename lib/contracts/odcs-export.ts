/** ContractModel → ODCS v3.1.0 document, in a fixed key order so that equal models give equal text. */
import { stringify } from "yaml";
import { ContractError, formatPath } from "./errors";
import { X_ODCS, toOdcsProperties } from "./json-schema-mapping";
import { asArray, asString, clone, isRecord, orderKeys, type JsonObject } from "./json";
import type { ContractModel, ContractPort } from "./model";
import {
  CANONICAL_PHYSICAL_TYPE,
  COMPATIBILITY_PROPERTY,
  FORMAT_PROPERTY,
  SERVER_PROPERTY,
  getCustomProperty,
  deriveFormat,
  derivePortType,
  findServer,
  hasCustomProperty,
  findImplicitServer,
  toServerString,
  synthesizeServer,
  setCustomProperty,
} from "./servers";
import { toSlaProperties } from "./service-levels";
import { ODCS_API_VERSION, ODCS_TOP_LEVEL_KEYS, validateOdcs } from "./validate";

/** Top-level keys written from the model; extras cannot override them. */
const OWNED_TOP_LEVEL = new Set([
  "apiVersion",
  "kind",
  "id",
  "name",
  "dataProduct",
  "version",
  "status",
  "domain",
  "tags",
  "description",
  "schema",
  "servers",
  "slaProperties",
]);

/** Serializes the model as ODCS v3.1.0 YAML; throws ContractError if the result would not validate. */
export function toOdcsYaml(model: ContractModel): string {
  const document = toOdcsDocument(model);
  const issues = validateOdcs(document);
  if (issues.length > 0) {
    throw new ContractError(
      "The exported contract does not validate against ODCS v3.1.0.",
      issues.slice(0, 20).map((issue) => ({
        path: formatPath(issue.key === undefined ? issue.segments : [...issue.segments, issue.key]),
        message: issue.message,
      })),
    );
  }
  // No folding and no anchors: the text must read back to exactly the same values.
  return stringify(document, { lineWidth: 0, aliasDuplicateObjects: false });
}

export function toOdcsDocument(model: ContractModel): JsonObject {
  const extras = isRecord(model.extras) ? model.extras : {};
  const servers = asArray(extras.servers)
    .filter(isRecord)
    .map((s) => clone(s));
  // Choose (or create) every port's server first: a created server may change which one the
  // implicit rule picks for another port, so explicit ties are decided against the final list.
  const ties = tieServers(model.ports, servers);
  const schema = model.ports.map((port, i) => toSchemaObject(port, ties[i], servers));

  const description: JsonObject = {
    ...(isRecord(extras.description) ? clone(extras.description) : {}),
    purpose: model.product.summary || undefined,
    usage: model.product.description || undefined,
    limitations: model.product.termsOfUse || undefined,
  };
  const slaProperties = toSlaProperties(model.product.serviceLevels, extras.slaProperties);
  const contractName = asString(extras.name);

  const document: JsonObject = {};
  for (const [key, value] of Object.entries(extras)) {
    // Only what ODCS allows at the top: e.g. `dcs` (from a DCS import) is not ODCS.
    if (ODCS_TOP_LEVEL_KEYS.has(key) && !OWNED_TOP_LEVEL.has(key)) document[key] = clone(value);
  }
  Object.assign(document, {
    apiVersion: ODCS_API_VERSION,
    kind: "DataContract",
    id: model.id,
    name: contractName ?? model.product.name,
    dataProduct: contractName === undefined ? undefined : model.product.name,
    version: model.version || "1.0.0",
    status: model.status ?? "active",
    domain: model.product.domain,
    tags: model.product.tags.length > 0 ? [...model.product.tags] : undefined,
    description: Object.values(description).some((v) => v !== undefined) ? description : undefined,
    schema: schema.length > 0 ? schema : undefined,
    servers: servers.length > 0 ? servers : undefined,
    slaProperties: slaProperties.length > 0 ? slaProperties : undefined,
  });
  return canonicalize(document, TOP_ORDER) as JsonObject;
}

function getAnnotation(port: ContractPort): JsonObject {
  const annotation = isRecord(port.schema) ? port.schema[X_ODCS] : undefined;
  return isRecord(annotation) ? annotation : {};
}

function tieServers(ports: readonly ContractPort[], servers: JsonObject[]): (JsonObject | undefined)[] {
  const taken = new Set(servers.map((s) => asString(s.server)).filter((s): s is string => s !== undefined));
  return ports.map((port) => {
    if (port.server === "") return undefined;
    const annotation = getAnnotation(port);
    const candidates = servers.filter((s) => toServerString(s) === port.server);
    const named = getCustomProperty(annotation.customProperties, SERVER_PROPERTY);
    const byName = typeof named === "string" && named !== "" ? findServer(servers, named) : undefined;
    const implicit = findImplicitServer(
      annotation.physicalType ?? CANONICAL_PHYSICAL_TYPE[port.type],
      servers,
    );
    const chosen =
      byName && candidates.includes(byName)
        ? byName
        : implicit && candidates.includes(implicit)
          ? implicit
          : candidates[0];
    if (chosen) return chosen;
    const created = synthesizeServer(port.server, port.address, taken);
    taken.add(String(created.server));
    servers.push(created);
    return created;
  });
}

function toSchemaObject(
  port: ContractPort,
  server: JsonObject | undefined,
  servers: readonly JsonObject[],
): JsonObject {
  const root = isRecord(port.schema) ? port.schema : {};
  const annotation = clone(getAnnotation(port));
  const out: JsonObject = { ...annotation };
  out.name = port.name;
  out.physicalName = port.address;
  const physicalType =
    annotation.physicalType !== undefined && derivePortType(annotation.physicalType, server) === port.type
      ? annotation.physicalType
      : CANONICAL_PHYSICAL_TYPE[port.type];
  out.physicalType = physicalType;
  const title = asString(root.title);
  out.businessName =
    title !== undefined && title !== port.name
      ? title
      : annotation.businessName === port.name
        ? port.name
        : undefined;
  out.description = port.description || undefined;
  out.logicalType = "object";
  const properties = toOdcsProperties(root);
  out.properties = properties.length > 0 ? properties : undefined;

  let customProperties = asArray(annotation.customProperties);
  const serverName = server ? (asString(server.server) ?? asString(server.id) ?? "") : "";
  const named = getCustomProperty(customProperties, SERVER_PROPERTY);
  const namedServer = typeof named === "string" && named !== "" ? findServer(servers, named) : undefined;
  if (hasCustomProperty(customProperties, SERVER_PROPERTY)) {
    if (namedServer !== server)
      customProperties = setCustomProperty(customProperties, SERVER_PROPERTY, serverName);
  } else if (findImplicitServer(physicalType, servers) !== server) {
    customProperties = setCustomProperty(customProperties, SERVER_PROPERTY, serverName);
  }
  if (
    hasCustomProperty(customProperties, FORMAT_PROPERTY) ||
    port.format !== deriveFormat(port.type, server)
  ) {
    customProperties = setCustomProperty(customProperties, FORMAT_PROPERTY, port.format);
  }
  customProperties = setCustomProperty(customProperties, COMPATIBILITY_PROPERTY, port.compatibility);
  out.customProperties = customProperties.length > 0 ? customProperties : undefined;
  return out;
}

// ─── Key order ──────────────────────────────────────────────────────────────

const TOP_ORDER = [
  "apiVersion",
  "kind",
  "id",
  "name",
  "version",
  "status",
  "tenant",
  "domain",
  "dataProduct",
  "tags",
  "description",
  "schema",
  "servers",
  "slaDefaultElement",
  "slaProperties",
  "team",
  "roles",
  "support",
  "price",
  "authoritativeDefinitions",
  "customProperties",
  "contractCreatedTs",
];
const DESCRIPTION_ORDER = ["purpose", "usage", "limitations", "authoritativeDefinitions", "customProperties"];
const OBJECT_ORDER = [
  "id",
  "name",
  "physicalName",
  "physicalType",
  "logicalType",
  "businessName",
  "description",
  "dataGranularityDescription",
  "tags",
  "properties",
  "relationships",
  "quality",
  "authoritativeDefinitions",
  "customProperties",
];
const PROPERTY_ORDER = [
  "id",
  "name",
  "businessName",
  "physicalName",
  "logicalType",
  "logicalTypeOptions",
  "physicalType",
  "description",
  "required",
  "unique",
  "primaryKey",
  "primaryKeyPosition",
  "partitioned",
  "partitionKeyPosition",
  "classification",
  "encryptedName",
  "criticalDataElement",
  "transformSourceObjects",
  "transformLogic",
  "transformDescription",
  "examples",
  "tags",
  "properties",
  "items",
  "relationships",
  "quality",
  "authoritativeDefinitions",
  "customProperties",
];
const SERVER_ORDER = [
  "id",
  "server",
  "type",
  "description",
  "environment",
  "host",
  "port",
  "database",
  "schema",
  "location",
  "path",
  "format",
];
const QUALITY_ORDER = [
  "id",
  "name",
  "type",
  "description",
  "dimension",
  "metric",
  "rule",
  "arguments",
  "query",
  "engine",
  "implementation",
  "mustBe",
  "mustNotBe",
  "mustBeGreaterThan",
  "mustBeGreaterOrEqualTo",
  "mustBeLessThan",
  "mustBeLessOrEqualTo",
  "mustBeBetween",
  "mustNotBeBetween",
  "unit",
  "severity",
  "businessImpact",
  "method",
  "schedule",
  "scheduler",
];
const GENERIC_ORDER = [
  "id",
  "name",
  "username",
  "role",
  "property",
  "value",
  "valueExt",
  "unit",
  "channel",
  "type",
  "url",
  "description",
];
const CHILD_ORDER: Record<string, readonly string[]> = {
  description: DESCRIPTION_ORDER,
  schema: OBJECT_ORDER,
  properties: PROPERTY_ORDER,
  items: PROPERTY_ORDER,
  servers: SERVER_ORDER,
  quality: QUALITY_ORDER,
};

/** Known keys in the standard's reading order, unknown ones alphabetically, at every depth. */
function canonicalize(value: unknown, order: readonly string[]): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map((v) => canonicalize(v, order));
  if (!isRecord(value)) return value;
  const ordered = orderKeys(value, order);
  for (const [key, child] of Object.entries(ordered))
    ordered[key] = canonicalize(child, CHILD_ORDER[key] ?? GENERIC_ORDER);
  return ordered;
}
