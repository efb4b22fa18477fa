/**
 * Decoding Kafka messages for the live tail: JSON, Avro (the port's schema from the catalog, or
 * a Confluent-framed message's schema from a registry), else a text or hex preview. Pure, no
 * server imports; never throws — an undecodable message is shown as such.
 */
import avro from "avsc";

/** Payload previews stop here (20 KiB): a huge message never floods a viewer. */
export const PREVIEW_CAP = 20 * 1024;

export type Encoding = "json" | "avro" | "text" | "binary" | "null";

export interface Decoded {
  encoding: Encoding;
  /** JSON/Avro: the value; text: the (capped) string; binary: `{hex, base64}` previews of the first bytes. */
  value: unknown;
  /** Bytes of the payload on the wire. */
  size: number;
  /** The preview was cut at PREVIEW_CAP. */
  truncated: boolean;
  /** Why the declared format did not decode (the message is shown as text or binary instead). */
  error?: string;
}

/** Resolves a Confluent schema id to an Avro schema (a registry); undefined when unknown. */
export type SchemaById = (id: number) => Promise<avro.Schema | undefined> | avro.Schema | undefined;

export interface DecodeOptions {
  format: string;
  /** The port's current Avro schema (the catalog's), when it has one. */
  avroSchema?: avro.Type;
  /** Schemas fetched from a registry, by id, already resolved (see lib/tail/registry.ts). */
  registrySchemas?: ReadonlyMap<number, avro.Type>;
}

/** Builds an avsc type once per schema (field attributes such as `classification` are kept but ignored). */
export function avroType(schema: unknown): avro.Type | undefined {
  try {
    return avro.Type.forSchema(schema as avro.Schema, { wrapUnions: false, noAnonymousTypes: false });
  } catch {
    return undefined;
  }
}

/** The schema id of a Confluent wire-format message (magic byte 0, 4-byte big-endian id), or undefined. */
export function confluentSchemaId(bytes: Buffer): number | undefined {
  return bytes.length > 5 && bytes[0] === 0 ? bytes.readUInt32BE(1) : undefined;
}

/** Text a person can read: no control characters, no invalid UTF-8 (U+FFFD). */
export const printable = (text: string) =>
  ![...text].some((c) => c <= "\u0008" || (c >= "\u000e" && c <= "\u001f") || c === "\ufffd");

function preview(bytes: Buffer, error?: string): Decoded {
  const truncated = bytes.length > PREVIEW_CAP;
  const head = truncated ? bytes.subarray(0, PREVIEW_CAP) : bytes;
  const text = head.toString("utf8");
  if (printable(text))
    return { encoding: "text", value: text, size: bytes.length, truncated, ...(error ? { error } : {}) };
  const shown = head.subarray(0, 256);
  return {
    encoding: "binary",
    value: { hex: shown.toString("hex"), base64: shown.toString("base64") },
    size: bytes.length,
    truncated: bytes.length > shown.length,
    ...(error ? { error } : {}),
  };
}

/** A JSON value, made safe for JSON: Avro longs as numbers, bytes as base64, maps as objects. */
function plain(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString("base64");
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function decodeAvro(bytes: Buffer, type: avro.Type, offset: number): unknown {
  const { value, offset: end } = type.decode(bytes, offset);
  if (end !== bytes.length)
    throw new Error(end < 0 ? "message shorter than its schema" : "bytes left over after the record");
  return plain(value);
}

export function decodeMessage(bytes: Buffer | null, opts: DecodeOptions): Decoded {
  if (bytes === null) return { encoding: "null", value: null, size: 0, truncated: false };
  const format = opts.format.toLowerCase();
  let error: string | undefined;
  if (format === "avro") {
    const id = confluentSchemaId(bytes);
    const registered = id === undefined ? undefined : opts.registrySchemas?.get(id);
    const attempts: [avro.Type, number][] = [];
    if (registered) attempts.push([registered, 5]);
    if (opts.avroSchema)
      attempts.push(id === undefined ? [opts.avroSchema, 0] : [opts.avroSchema, 5], [opts.avroSchema, 0]);
    for (const [type, offset] of attempts) {
      try {
        return {
          encoding: "avro",
          value: decodeAvro(bytes, type, offset),
          size: bytes.length,
          truncated: false,
        };
      } catch (err) {
        error = `not Avro of the port's schema: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
  }
  // JSON ports, and Avro ports whose producers write JSON (common in practice).
  if (bytes.length <= PREVIEW_CAP && (bytes[0] === 0x7b || bytes[0] === 0x5b || format === "json")) {
    try {
      return {
        encoding: "json",
        value: JSON.parse(bytes.toString("utf8")) as unknown,
        size: bytes.length,
        truncated: false,
      };
    } catch (err) {
      error ??= `not JSON: ${err instanceof Error ? err.message : String(err)}`;
    }
  } else if (bytes.length > PREVIEW_CAP) {
    error ??= `larger than the ${PREVIEW_CAP / 1024} KiB preview`;
  }
  return preview(bytes, error);
}
