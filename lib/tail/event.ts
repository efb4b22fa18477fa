/**
 * One Kafka message as the live tail holds it (decoded once per topic) and renders it (once per
 * view: raw, or masked by a plan), and the per-topic decoder that resolves registry schemas.
 */
import type avro from "avsc";
import type { Batch } from "@/lib/kafka/client-config";
import { avroType, confluentSchemaId, decodeMessage, printable, type Decoded } from "./decode";
import { applyMask, type MaskPlan } from "./mask";
import { sseEvent } from "./sse";

/** What a viewer may see: raw values (the owner team) or a masking plan (everyone else). */
export interface TailView {
  /** Cache key of the rendering: "raw", or the plan's paths. */
  key: string;
  plan: MaskPlan | null;
}

export function tailView(plan: MaskPlan | null): TailView {
  return plan ? { key: `mask:${plan.paths.join(",")}`, plan } : { key: "raw", plan: null };
}

/** An event as a viewer gets it: the SSE frame's JSON data (the live tail, and samples of it). */
export interface TailEventData {
  partition: number;
  /** A string: offsets outgrow JavaScript's safe integers. */
  offset: string;
  timestamp: number;
  key: string | null;
  headers: Record<string, string>;
  value: unknown;
  /** Paths whose values were masked for this viewer. */
  masked: string[];
  encoding: string;
  size: number;
  truncated?: boolean;
  withheld?: boolean;
  error?: string;
}

export interface Rendered {
  /** The SSE frame (`id: <partition>:<offset>`, the JSON data). */
  frame: string;
  /** The value as this view sees it (what filters match). */
  value: unknown;
  /** The frame's JSON data. */
  text: string;
}

export interface TailEvent {
  partition: number;
  offset: number;
  timestamp: number;
  key: string | null;
  headers: Record<string, string>;
  decoded: Decoded;
  /** Rendered SSE frames by view key. */
  frames: Map<string, Rendered>;
}

export type KafkaMessage = Batch["messages"][number];

function text(bytes: Buffer | string | null | undefined): string | null {
  if (bytes === null || bytes === undefined) return null;
  const s = Buffer.isBuffer(bytes) ? bytes.toString("utf8") : bytes;
  return printable(s) ? s : `base64:${Buffer.from(bytes).toString("base64")}`;
}

/** The event as `view` sees it; rendered once per view and cached on the event. */
export function render(event: TailEvent, view: TailView): Rendered {
  const hit = event.frames.get(view.key);
  if (hit) return hit;
  const d = event.decoded;
  let value: unknown = d.value;
  let masked: string[] = [];
  let withheld = false;
  if (view.plan && view.plan.paths.length > 0) {
    if (d.encoding === "json" || d.encoding === "avro") ({ value, masked } = applyMask(d.value, view.plan));
    else if (d.encoding !== "null") {
      // Bytes that did not decode may hold the PII the schema marks: never shown to non-owners.
      value = null;
      withheld = true;
    }
  }
  const data: TailEventData = {
    partition: event.partition,
    offset: String(event.offset),
    timestamp: event.timestamp,
    key: event.key,
    headers: event.headers,
    value,
    masked,
    encoding: d.encoding,
    size: d.size,
    ...(d.truncated ? { truncated: true } : {}),
    ...(withheld ? { withheld: true } : {}),
    ...(d.error ? { error: d.error } : {}),
  };
  const json = JSON.stringify(data);
  const rendered = {
    frame: sseEvent({ id: `${event.partition}:${event.offset}`, data: json }),
    value,
    text: json,
  };
  event.frames.set(view.key, rendered);
  return rendered;
}

/** Decodes a topic's messages: the port's Avro schema, and registry schemas by Confluent id. */
export class TopicDecoder {
  private readonly schemas = new Map<number, avro.Type>();
  /** Ids the registry did not know, until when not to ask again. */
  private readonly unknownSchemas = new Map<number, number>();
  private readonly avroSchema: avro.Type | undefined;

  constructor(
    private readonly format: string,
    avroSchema: unknown,
    private readonly registry?: (id: number) => Promise<avro.Type | undefined>,
  ) {
    this.avroSchema = avroSchema === undefined ? undefined : avroType(avroSchema);
  }

  /** Fetches the registry schemas a batch needs (Avro ports with a registry only). */
  async resolveSchemas(batch: Batch): Promise<void> {
    if (!this.registry || this.format.toLowerCase() !== "avro") return;
    for (const m of batch.messages) {
      const id = m.value ? confluentSchemaId(m.value) : undefined;
      if (id === undefined || this.schemas.has(id) || (this.unknownSchemas.get(id) ?? 0) > Date.now())
        continue;
      const type = await this.registry(id).catch(() => undefined);
      if (type) this.schemas.set(id, type);
      else this.unknownSchemas.set(id, Date.now() + 60_000);
    }
  }

  decode(message: KafkaMessage, partition: number): TailEvent {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(message.headers ?? {})) {
      const first = Array.isArray(v) ? v[0] : v;
      headers[k] = text(first as Buffer | string | undefined) ?? "";
    }
    return {
      partition,
      offset: Number(message.offset),
      timestamp: Number(message.timestamp),
      key: text(message.key),
      headers,
      decoded: decodeMessage(message.value, {
        format: this.format,
        avroSchema: this.avroSchema,
        registrySchemas: this.schemas,
      }),
      frames: new Map(),
    };
  }
}
