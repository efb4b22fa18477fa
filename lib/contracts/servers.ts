/**
 * How schema objects (Meshport ports) are tied to ODCS `servers`, and how a server entry reads as
 * Meshport's one-line server string.
 *
 * A schema object is tied to the server named by its custom property `meshport.server` (the
 * entry's `server` identifier or `id`; "" for none); without it, to the first server whose type
 * suits the object's physicalType (kafka for a topic, a database for a table, object storage for a
 * file), or — when the physicalType says nothing Meshport understands — to the first server. The
 * export writes `meshport.server` only where that rule would pick another server.
 */
import type { PortType } from "./model";
import { asArray, asString, isRecord, type JsonObject } from "./json";

export const SERVER_PROPERTY = "meshport.server";
export const FORMAT_PROPERTY = "meshport.format";
export const COMPATIBILITY_PROPERTY = "meshport.compatibility";
/** On a `custom` server: the Meshport server string it stands for. */
export const URL_PROPERTY = "meshport.url";

const STREAM_SERVERS = new Set(["kafka", "kinesis", "pubsub"]);
const FILE_SERVERS = new Set(["s3", "azure", "sftp", "local"]);
const TABLE_SERVERS = new Set([
  "athena",
  "bigquery",
  "clickhouse",
  "cloudsql",
  "databricks",
  "db2",
  "denodo",
  "dremio",
  "duckdb",
  "exasol",
  "glue",
  "hana",
  "hive",
  "iceberg",
  "impala",
  "informix",
  "mysql",
  "oracle",
  "postgres",
  "postgresql",
  "presto",
  "redshift",
  "snowflake",
  "sqlserver",
  "synapse",
  "teradata",
  "trino",
  "vertica",
  "zen",
]);

export function mapPhysicalType(physicalType: unknown): PortType | undefined {
  switch (asString(physicalType)?.trim().toLowerCase()) {
    case "topic":
    case "stream":
      return "KAFKA_TOPIC";
    case "table":
    case "view":
    case "materialized view":
      return "TABLE";
    case "file":
      return "FILE";
    default:
      return undefined;
  }
}

export function mapServerType(server: JsonObject | undefined): PortType | undefined {
  const type = asString(server?.type)?.toLowerCase() ?? "";
  if (STREAM_SERVERS.has(type)) return "KAFKA_TOPIC";
  if (TABLE_SERVERS.has(type)) return "TABLE";
  if (FILE_SERVERS.has(type)) return "FILE";
  return undefined;
}

/** What the import makes of a schema object's port type. */
export function derivePortType(physicalType: unknown, server: JsonObject | undefined): PortType | undefined {
  return mapPhysicalType(physicalType) ?? mapServerType(server);
}

export const CANONICAL_PHYSICAL_TYPE: Record<PortType, string> = {
  KAFKA_TOPIC: "topic",
  TABLE: "table",
  FILE: "file",
};

/** The server a schema object without `meshport.server` is tied to. */
export function findImplicitServer(
  physicalType: unknown,
  servers: readonly JsonObject[],
): JsonObject | undefined {
  const wanted = mapPhysicalType(physicalType);
  if (wanted) return servers.find((s) => mapServerType(s) === wanted);
  return servers[0];
}

export function findServer(servers: readonly JsonObject[], name: string): JsonObject | undefined {
  return servers.find((s) => s.server === name) ?? servers.find((s) => s.id === name);
}

/** The format a port has when nothing says otherwise; the demo mesh's conventions. */
const DEFAULT_FORMAT: Record<PortType, string> = { KAFKA_TOPIC: "json", TABLE: "parquet", FILE: "parquet" };

export function deriveFormat(type: PortType, server: JsonObject | undefined): string {
  return asString(server?.format) ?? DEFAULT_FORMAT[type];
}

/**
 * The Meshport server string of a server entry: `kafka://<host>`, `postgres://<host>:<port>`, the
 * location of object storage, `<type>://<host>[:<port>]` otherwise.
 */
export function toServerString(server: JsonObject): string {
  const type = asString(server.type) ?? "";
  const host = asString(server.host);
  const port =
    typeof server.port === "number" || typeof server.port === "string" ? String(server.port) : undefined;
  const url = getCustomProperty(server.customProperties, URL_PROPERTY);
  if (type === "custom" && typeof url === "string") return url;
  if (type === "kafka" && host !== undefined) return `kafka://${host}`;
  if ((type === "postgres" || type === "postgresql") && host !== undefined)
    return `postgres://${host}${port ? `:${port}` : ""}`;
  const location = asString(server.location) ?? asString(server.path);
  if (location !== undefined) return location;
  if (host !== undefined) return `${type}://${host}${port ? `:${port}` : ""}`;
  return `${type}://${asString(server.server) ?? ""}`;
}

/**
 * A new server entry whose `toServerString` is `address`: kafka and postgres as such (postgres takes
 * database and schema from a `db.schema.table` port address), anything else as a `custom` server
 * that carries the string in `meshport.url`.
 */
export function synthesizeServer(
  address: string,
  portAddress: string,
  taken: ReadonlySet<string>,
): JsonObject {
  const kafka = /^kafka:\/\/(\S+)$/.exec(address);
  const postgres = /^postgres:\/\/([^\s:/?#]+):([1-9]\d{0,4})$/.exec(address);
  let entry: JsonObject;
  if (kafka?.[1]) {
    entry = { server: uniqueName("kafka", taken), type: "kafka", host: kafka[1] };
  } else if (postgres?.[1] && postgres[2]) {
    const parts = portAddress.split(".");
    const [database, schema] =
      parts.length >= 3 ? [parts[0], parts[1]] : ["postgres", parts.length === 2 ? parts[0] : "public"];
    entry = {
      server: uniqueName("postgres", taken),
      type: "postgres",
      host: postgres[1],
      port: Number(postgres[2]),
      database,
      schema,
    };
  } else {
    entry = {
      server: uniqueName("custom", taken),
      type: "custom",
      customProperties: [{ property: URL_PROPERTY, value: address }],
    };
  }
  return toServerString(entry) === address
    ? entry
    : {
        server: uniqueName("custom", taken),
        type: "custom",
        customProperties: [{ property: URL_PROPERTY, value: address }],
      };
}

function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

// ─── customProperties ───────────────────────────────────────────────────────

export function getCustomProperty(list: unknown, property: string): unknown {
  const entry = asArray(list).find((p) => isRecord(p) && p.property === property);
  return isRecord(entry) ? entry.value : undefined;
}

export function hasCustomProperty(list: unknown, property: string): boolean {
  return asArray(list).some((p) => isRecord(p) && p.property === property);
}

/** The list with `property` set to `value` in place (appended when absent), or removed when `value` is undefined. */
export function setCustomProperty(list: unknown[], property: string, value: unknown): unknown[] {
  const index = list.findIndex((p) => isRecord(p) && p.property === property);
  if (value === undefined) return index < 0 ? list : list.filter((_, i) => i !== index);
  const entry = list[index];
  if (index >= 0 && isRecord(entry)) return list.map((p, i) => (i === index ? { ...entry, value } : p));
  return [...list, { property, value }];
}
