/** ODCS v3 document (already validated against the bundled schema) → ContractModel. */
import type { PathSegment, PendingIssue } from "./errors";
import { JSON_SCHEMA_DIALECT, X_ODCS, toJsonSchemaProperties } from "./json-schema-mapping";
import { asArray, asString, clone, isRecord, type JsonObject } from "./json";
import type { ContractModel, ContractPort, PortCompatibility } from "./model";
import {
  COMPATIBILITY_PROPERTY,
  FORMAT_PROPERTY,
  SERVER_PROPERTY,
  derivePortType,
  deriveFormat,
  findServer,
  hasCustomProperty,
  findImplicitServer,
  toServerString,
} from "./servers";
import { toServiceLevels } from "./service-levels";

/** Top-level keys the model holds itself; everything else is kept verbatim in `extras`. */
const MAPPED_TOP_LEVEL = new Set([
  "apiVersion",
  "kind",
  "id",
  "version",
  "status",
  "name",
  "dataProduct",
  "domain",
  "tags",
  "description",
  "schema",
]);
const MAPPED_DESCRIPTION = new Set(["purpose", "usage", "limitations"]);
/** Schema-object keys the port and its root JSON Schema hold; the rest goes to the root's `x-odcs`. */
const MAPPED_OBJECT_KEYS = new Set([
  "name",
  "physicalName",
  "description",
  "properties",
  "logicalType",
  "businessName",
]);
const COMPATIBILITIES: readonly PortCompatibility[] = ["BACKWARD", "FORWARD", "FULL", "NONE"];

export function importOdcs(doc: JsonObject): { model: ContractModel; issues: PendingIssue[] } {
  const issues: PendingIssue[] = [];
  const servers = asArray(doc.servers).filter(isRecord);
  const description = isRecord(doc.description) ? doc.description : {};

  const ports: ContractPort[] = [];
  const portNames = new Set<string>();
  asArray(doc.schema).forEach((object, index) => {
    if (!isRecord(object)) return;
    const port = importPort(object, ["schema", index], servers, issues);
    if (portNames.has(port.name))
      issues.push({
        segments: ["schema", index, "name"],
        message: `duplicate schema object name '${port.name}': port names must be unique`,
      });
    portNames.add(port.name);
    ports.push(port);
  });

  const extras: JsonObject = {};
  for (const [key, value] of Object.entries(doc)) if (!MAPPED_TOP_LEVEL.has(key)) extras[key] = clone(value);
  const otherDescription: JsonObject = {};
  for (const [key, value] of Object.entries(description))
    if (!MAPPED_DESCRIPTION.has(key)) otherDescription[key] = clone(value);
  if (Object.keys(otherDescription).length > 0) extras.description = otherDescription;

  // `dataProduct` (deprecated in v3.1) names the product when present; `name` then is the contract's own name.
  const dataProduct = asString(doc.dataProduct);
  const contractName = asString(doc.name);
  if (dataProduct !== undefined && contractName !== undefined) extras.name = contractName;
  const domain = asString(doc.domain);
  const status = asString(doc.status);

  const model: ContractModel = {
    id: asString(doc.id) ?? "",
    version: asString(doc.version) ?? "1.0.0",
    ...(status === undefined ? {} : { status }),
    product: {
      name: dataProduct ?? contractName ?? asString(doc.id) ?? "",
      summary: asString(description.purpose) ?? "",
      description: asString(description.usage) ?? "",
      tags: asArray(doc.tags).filter((t): t is string => typeof t === "string"),
      ...(domain === undefined ? {} : { domain }),
      serviceLevels: toServiceLevels(doc.slaProperties),
      termsOfUse: asString(description.limitations) ?? "",
    },
    ports,
    extras,
  };
  return { model, issues };
}

function importPort(
  object: JsonObject,
  at: PathSegment[],
  servers: JsonObject[],
  issues: PendingIssue[],
): ContractPort {
  const name = asString(object.name) ?? "";
  const address = asString(object.physicalName);
  if (!address) {
    issues.push({
      segments: at,
      message: `schema object '${name}' has no physicalName: Meshport needs it as the port address (topic, db.schema.table or file path)`,
    });
  }

  const customProperties = asArray(object.customProperties);
  const propertyAt = (property: string): PathSegment[] => {
    const index = customProperties.findIndex((p) => isRecord(p) && p.property === property);
    return [...at, "customProperties", index, "value"];
  };
  const valueOf = (property: string): unknown => {
    const entry = customProperties.find((p) => isRecord(p) && p.property === property);
    return isRecord(entry) ? entry.value : undefined;
  };

  let server: JsonObject | undefined;
  if (hasCustomProperty(customProperties, SERVER_PROPERTY)) {
    const named = valueOf(SERVER_PROPERTY);
    if (typeof named === "string" && named !== "") {
      server = findServer(servers, named);
      if (!server)
        issues.push({
          segments: propertyAt(SERVER_PROPERTY),
          message: `${SERVER_PROPERTY} '${named}' names no entry of servers`,
        });
    } else if (named !== "" && named !== null) {
      issues.push({
        segments: propertyAt(SERVER_PROPERTY),
        message: `${SERVER_PROPERTY} must be the name of a server (or "" for none)`,
      });
    }
  } else {
    server = findImplicitServer(object.physicalType, servers);
  }

  const type = derivePortType(object.physicalType, server);
  if (!type) {
    issues.push({
      segments: object.physicalType === undefined ? at : [...at, "physicalType"],
      message: `cannot tell whether schema object '${name}' is a topic, a table or a file: set physicalType to topic, table or file`,
    });
  }

  let format = type ? deriveFormat(type, server) : "json";
  if (hasCustomProperty(customProperties, FORMAT_PROPERTY)) {
    const value = valueOf(FORMAT_PROPERTY);
    if (typeof value === "string" && value !== "") format = value;
    else
      issues.push({
        segments: propertyAt(FORMAT_PROPERTY),
        message: `${FORMAT_PROPERTY} must be a format name such as json, avro, parquet or csv`,
      });
  }

  let compatibility: PortCompatibility | undefined;
  if (hasCustomProperty(customProperties, COMPATIBILITY_PROPERTY)) {
    const value = valueOf(COMPATIBILITY_PROPERTY);
    compatibility = COMPATIBILITIES.find((c) => c === value);
    if (!compatibility)
      issues.push({
        segments: propertyAt(COMPATIBILITY_PROPERTY),
        message: `${COMPATIBILITY_PROPERTY} must be one of: ${COMPATIBILITIES.join(", ")}`,
      });
  }

  return {
    name,
    description: asString(object.description) ?? "",
    type: type ?? "TABLE",
    address: address ?? "",
    server: server ? toServerString(server) : "",
    format,
    ...(compatibility ? { compatibility } : {}),
    schema: toPortSchema(object, at, issues),
  };
}

/** The port's root JSON Schema; object-level ODCS keys Meshport does not model go to its `x-odcs`. */
function toPortSchema(object: JsonObject, at: PathSegment[], issues: PendingIssue[]): JsonObject {
  const annotation: JsonObject = {};
  for (const [key, value] of Object.entries(object))
    if (!MAPPED_OBJECT_KEYS.has(key)) annotation[key] = clone(value);
  const name = asString(object.name) ?? "";
  const businessName = asString(object.businessName);
  // `title` falls back to the name, so a businessName equal to it needs remembering to survive.
  if (businessName !== undefined && businessName === name) annotation.businessName = businessName;
  const { properties, required } = toJsonSchemaProperties(
    asArray(object.properties),
    [...at, "properties"],
    issues,
  );
  return {
    $schema: JSON_SCHEMA_DIALECT,
    title: businessName ?? name,
    description: asString(object.description) ?? "",
    type: "object",
    properties,
    required,
    ...(Object.keys(annotation).length > 0 ? { [X_ODCS]: annotation } : {}),
  };
}
