/** Catalog inputs: zod schemas shared by the search page (URL state) and the REST API. */
import { z } from "zod";
import { MAX_MARKDOWN_NESTING, markdownNesting } from "./markdown-nesting";
import { PORT_NAME_PATTERN, enumValues, rowId, slug as slugSchema } from "@/lib/core/schema-primitives";
import { Compatibility, Lifecycle, PortType, ProductKind, SchemaFormat } from "@/lib/generated/prisma/enums";

export const PRODUCT_KINDS = enumValues(ProductKind);
export const PORT_TYPES = enumValues(PortType);
export const LIFECYCLES = enumValues(Lifecycle);
export const SORTS = ["relevance", "name", "updated"] as const;
export const PAGE_SIZE = 20;

export type { Compatibility, Lifecycle, PortType, ProductKind };

export const KIND_LABELS: Record<ProductKind, string> = {
  SOURCE_ALIGNED: "Source-aligned",
  AGGREGATE: "Aggregate",
  CONSUMER_ALIGNED: "Consumer-aligned",
};
export const PORT_TYPE_LABELS: Record<PortType, string> = {
  KAFKA_TOPIC: "Kafka topic",
  TABLE: "Table",
  FILE: "File",
};

const slug = slugSchema();
export const tag = z.string().regex(/^[a-z0-9][a-z0-9:._-]{0,40}$/, "must be a lowercase tag");

/** Accepts a value given once, repeated (`?kind=A&kind=B`) or comma-separated. */
function many<T extends z.ZodType<string, string>>(item: T) {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) =>
      v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(",")).filter(Boolean),
    )
    .pipe(z.array(item).max(20, "at most 20 values"));
}

export const ProductSearchSchema = z
  .object({
    q: z.string().trim().max(200, "at most 200 characters").optional().default(""),
    domain: many(slug),
    kind: many(z.enum(PRODUCT_KINDS)),
    owner: many(slug),
    tag: many(tag),
    portType: many(z.enum(PORT_TYPES)),
    sort: z.enum(SORTS).optional(),
    page: z.coerce.number().int("must be a whole number").min(1).max(500).optional().default(1),
    /** Retired products leave default search; `retired=1` brings them back (history). */
    retired: z
      .enum(["0", "1", "true", "false"])
      .optional()
      .transform((v) => v === "1" || v === "true"),
  })
  .strict();

export type ProductSearch = z.infer<typeof ProductSearchSchema>;
export type ProductSearchInput = z.input<typeof ProductSearchSchema>;

export const ProductSlugParams = z.object({ slug });

export const FACET_KEYS = ["domain", "kind", "owner", "tag", "portType"] as const;
export type FacetKey = (typeof FACET_KEYS)[number];

/** Highlight markers in server-made snippets; the UI turns them into <mark>, never into HTML. */
export const HIGHLIGHT_START = "\u0002";
export const HIGHLIGHT_END = "\u0003";

/**
 * Caps that keep a search fast at any catalog size: relevance ranks at most RANK_CAP name/tag
 * matches plus DOCS_TIER_CAP docs-only matches; totals and facet counts stop at COUNT_CAP
 * ("500+", counts from a sample of the first 500 matches).
 */
export const RANK_CAP = 500;
export const DOCS_TIER_CAP = 200;
export const COUNT_CAP = 500;
/** Samples for the buckets of a facet with a selection (what its other values would add). */
export const SELECTED_FACET_CAP = 250;

/** Serializes a search to URL query parameters (the page's shareable state), omitting defaults. */
export function searchToParams(s: Partial<ProductSearch>): URLSearchParams {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  for (const key of FACET_KEYS) for (const v of s[key] ?? []) p.append(key, v);
  if (s.sort) p.set("sort", s.sort);
  if (s.page && s.page > 1) p.set("page", String(s.page));
  if (s.retired) p.set("retired", "1");
  return p;
}

/** The words of free text: letters and digits only (never tsquery syntax), lowercased, at most 8. */
export function searchWords(q: string): string[] {
  return q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 8);
}

/** The most words a prefix may expand to before the search falls back to a prefix scan. */
export const PREFIX_EXPANSION_MAX = 64;

/**
 * Turns search words into a PostgreSQL tsquery: every word must match; the last one, still being
 * typed, as a prefix. With `lastExpanded` (the known words it begins) the prefix becomes an OR
 * of those words — exact index lookups, 3–6× cheaper than a prefix scan of a large index.
 * Returns null when there is no word.
 */
export function toTsQuery(words: string[], lastExpanded?: string[]): string | null {
  if (words.length === 0) return null;
  const last = words[words.length - 1]!;
  const lastTerm =
    lastExpanded && lastExpanded.length > 0 && lastExpanded.length <= PREFIX_EXPANSION_MAX
      ? `(${[...new Set([last, ...lastExpanded])].join(" | ")})`
      : `${last}:*`;
  return [...words.slice(0, -1), lastTerm].join(" & ");
}

// ─── Edits ──────────────────────────────────────────────────────────────────

export const SLA_KEYS = ["freshness", "availability", "retention", "latency"] as const;
export const COMPATIBILITIES = enumValues(Compatibility);

const nestingOk = (text: string) => markdownNesting(text) <= MAX_MARKDOWN_NESTING;
const nestingMessage = `block quotes and lists may nest at most ${MAX_MARKDOWN_NESTING} levels`;
/** Product docs (markdown): bounded in size and nesting, so no stored text can break a page. */
export const markdownText = z
  .string()
  .max(100_000, "at most 100,000 characters")
  .refine(nestingOk, nestingMessage);

/**
 * A product edit by its owners. `revision` is the one the editor started from: a save based on
 * an older revision is refused with 409 so nobody overwrites a colleague's change unseen.
 */
export const ProductUpdateSchema = z
  .object({
    revision: z.int("must be a whole number").min(1),
    summary: z.string().trim().min(1, "must not be empty").max(300, "at most 300 characters").optional(),
    description: markdownText.optional(),
    tags: z.array(tag).max(20, "at most 20 tags").optional(),
    serviceLevels: z
      .partialRecord(z.enum(SLA_KEYS), z.string().trim().max(200, "at most 200 characters"))
      .optional(),
    termsOfUse: z
      .string()
      .max(20_000, "at most 20,000 characters")
      .refine(nestingOk, nestingMessage)
      .optional(),
  })
  .strict();
export type ProductUpdate = z.infer<typeof ProductUpdateSchema>;

export const MarkdownPreviewSchema = z.object({ markdown: markdownText }).strict();

export const PortIdParams = z.object({ portId: rowId("a port id") });

/** A new schema version for a port: a JSON Schema object or an Avro record, checked against the port's compatibility mode. */
export const SchemaVersionInputSchema = z
  .object({
    format: z.enum(SchemaFormat),
    definition: z.record(z.string(), z.unknown(), "must be a JSON object (the schema document)"),
    changeNote: z.string().trim().max(500, "at most 500 characters").default(""),
  })
  .strict();
export type SchemaVersionInput = z.infer<typeof SchemaVersionInputSchema>;

export const topicName = z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, "must be a Kafka topic name");

/** An admin registers a broker topic that no product exposes yet as a product's output port. */
export const RegisterTopicSchema = z
  .object({
    productSlug: slug,
    topic: topicName,
    name: z.string().trim().regex(PORT_NAME_PATTERN, "must be a lowercase port name"),
    description: z.string().trim().max(1000).default(""),
    format: z.enum(["json", "avro"]).default("json"),
    compatibility: z.enum(COMPATIBILITIES).default("BACKWARD"),
  })
  .strict();
export type RegisterTopic = z.infer<typeof RegisterTopicSchema>;

// ─── Topics and contracts ───────────────────────────────────────────────────

export const TopicsQuery = z
  .object({ unregistered: z.literal("1", "only unregistered=1 is supported").default("1") })
  .strict();

/** `GET /api/v1/products/{slug}?format=`: the product as JSON (default), ODPS 1.0 or AsyncAPI 3.0 (YAML). */
export const ProductFormatQuery = z
  .object({ format: z.enum(["json", "odps", "asyncapi"], "json, odps or asyncapi").default("json") })
  .strict();

export const ContractExportQuery = z
  .object({ format: z.literal("odcs", "only odcs (ODCS v3) is exported").default("odcs") })
  .strict();
export const ContractImportQuery = z
  .object({
    dryRun: z.enum(["1", "0", "true", "false"]).optional(),
    /** The port to import onto when neither the contract id nor an address matches: a port id, or "new". */
    port: z.union([z.literal("new"), z.uuid("must be a port id or new")]).optional(),
  })
  .strict();

/** `GET /api/v1/ports/{portId}/contract/versions/diff?from=&to=`. */
export const ContractDiffQuery = z
  .object({
    from: z.coerce.number().int().min(1, "a contract version (revision) ≥ 1").max(2_147_483_647, "too large"),
    to: z.coerce.number().int().min(1, "a contract version (revision) ≥ 1").max(2_147_483_647, "too large"),
  })
  .strict();
