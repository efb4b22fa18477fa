/**
 * OpenLineage RunEvents (spec 2-0-2) as Meshport accepts them: strict only where meaning needs
 * it — `eventTime`, `run.runId`, `job.namespace`/`job.name`, and a namespace and name on every
 * dataset — and as lenient as Marquez elsewhere (missing `producer`, `schemaURL`, `eventType`,
 * facets of any shape are accepted and kept). Pure: shared by the API and tests.
 */
import { z } from "zod";
import type { PortType } from "@/lib/generated/prisma/enums";

const nonEmpty = z.string().trim().min(1, "must not be empty");
const facets = z.record(z.string(), z.unknown()).optional();

const Dataset = z.looseObject({
  namespace: nonEmpty,
  name: nonEmpty,
  facets,
  inputFacets: facets,
  outputFacets: facets,
});

export const RunEventSchema = z.looseObject({
  eventType: z.enum(["START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"]).optional(),
  eventTime: z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time with a zone" }),
  producer: z.string().optional(),
  schemaURL: z.string().optional(),
  run: z.looseObject({ runId: z.uuid("must be a UUID"), facets }),
  job: z.looseObject({ namespace: nonEmpty, name: nonEmpty, facets }),
  inputs: z.array(Dataset).max(1000).optional().default([]),
  outputs: z.array(Dataset).max(1000).optional().default([]),
});
export type RunEvent = z.infer<typeof RunEventSchema>;

/** One event or a batch of them. */
export const RunEventsSchema = z.union([
  z.array(RunEventSchema).min(1, "send at least one event").max(500, "at most 500 events per request"),
  RunEventSchema,
]);

export interface ColumnLineage {
  /** Output field → the input fields it is derived from. */
  [field: string]: { namespace: string; name: string; field: string }[];
}

/** The `columnLineage` facet of an output dataset, normalized; undefined when absent or unreadable. */
export function readColumnLineage(dataset: { facets?: Record<string, unknown> }): ColumnLineage | undefined {
  const facet = dataset.facets?.columnLineage;
  if (typeof facet !== "object" || facet === null) return undefined;
  const fields = (facet as { fields?: unknown }).fields;
  if (typeof fields !== "object" || fields === null) return undefined;
  const out: ColumnLineage = {};
  for (const [field, spec] of Object.entries(fields as Record<string, unknown>)) {
    const inputs = (spec as { inputFields?: unknown })?.inputFields;
    if (!Array.isArray(inputs)) continue;
    out[field] = inputs
      .filter(
        (i): i is { namespace: string; name: string; field: string } =>
          typeof i === "object" &&
          i !== null &&
          typeof i.namespace === "string" &&
          typeof i.name === "string" &&
          typeof i.field === "string",
      )
      .map((i) => ({ namespace: i.namespace, name: i.name, field: i.field }));
  }
  return out;
}

/**
 * How an OpenLineage dataset names a port: `kafka://host:port` + topic → a Kafka topic;
 * `postgres://host:port` (or `postgresql://`) + `db.schema.table` → a table; anything else is
 * matched by name against files.
 */
export function portTypeOfNamespace(namespace: string): PortType {
  if (/^kafka:\/\//i.test(namespace)) return "KAFKA_TOPIC";
  if (/^(postgres|postgresql|mysql|snowflake|bigquery|redshift):\/\//i.test(namespace)) return "TABLE";
  return "FILE";
}

/** Compares namespaces the way emitters vary them: scheme and host case, a trailing slash. */
export function sameServer(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .trim()
      .toLowerCase()
      .replace(/\/+$/, "")
      .replace(/^postgresql:/, "postgres:");
  return norm(a) === norm(b);
}
