/**
 * A large synthetic mesh for the search benchmark: realistic product names, tags, ~50-word
 * descriptions and schemas, loaded with COPY (a million products in minutes) while the search
 * trigger computes every product's vectors and words exactly as in production. Deterministic
 * (seeded PRNG), so runs are comparable.
 *
 * Term frequencies are chosen so every query class has a known size: each codename word is in
 * about 10 products (rare; `codenameCount` of them), each entity word in ~4 % (medium), "data" in
 * every description (very common).
 */
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

const ENTITIES = [
  "order",
  "payment",
  "customer",
  "shipment",
  "invoice",
  "refund",
  "inventory",
  "product",
  "price",
  "cart",
  "session",
  "click",
  "campaign",
  "lead",
  "account",
  "subscription",
  "ticket",
  "review",
  "return",
  "supplier",
  "warehouse",
  "delivery",
  "driver",
  "store",
  "loyalty",
  "fraud",
  "risk",
  "credit",
  "ledger",
  "revenue",
  "margin",
  "forecast",
  "churn",
  "sensor",
  "device",
  "telemetry",
  "booking",
  "claim",
  "policy",
  "patient",
  "appointment",
  "employee",
  "payroll",
  "contract",
  "vendor",
  "catalog",
  "search",
  "recommendation",
  "email",
  "notification",
] as const;
const QUALIFIERS = [
  "events",
  "snapshots",
  "daily",
  "hourly",
  "aggregates",
  "facts",
  "history",
  "changes",
  "metrics",
  "scores",
  "features",
  "summary",
  "status",
  "stream",
  "dimension",
  "audit",
  "quality",
  "lookup",
  "exports",
  "timeline",
] as const;
const REGIONS = ["EU", "US", "APAC", "Global", "LATAM", "UK", "DACH", "Nordics"] as const;
const WORDS = (
  "the of and to in for is on that by this with from at as are be it an or which was have has not can its " +
  "all will one been more other their new also after first into two time most only over such where when through " +
  "between each used under both within same during while before about should these those because however without " +
  "records stream table updated daily hourly consumers producers latency schema field fields value values key keys " +
  "partition partitions retention compacted topic topics version versions owner owners team teams domain domains " +
  "business process processes system systems source sources target targets pipeline pipelines batch batches window " +
  "windows late arriving duplicates deduplicated idempotent ordered unordered nullable required optional deprecated " +
  "currency amount amounts country countries region regions identifier identifiers timestamp timestamps event events " +
  "analytics reporting dashboard dashboards model models training feature features quality checks contract contracts " +
  "freshness availability incident incidents alert alerts backfill backfills replay replays snapshot snapshots " +
  "merge merged join joined enrich enriched filter filtered aggregate aggregated sum count average median percentile " +
  "privacy personal sensitive masked hashed encrypted consent gdpr retention erasure access request grant revoke"
).split(" ");
const FIELD_NAMES = [
  "id",
  "created_at",
  "updated_at",
  "customer_id",
  "email",
  "amount",
  "currency",
  "status",
  "country",
  "sku",
  "quantity",
  "unit_price",
  "discount",
  "channel",
  "device_type",
  "session_id",
  "latitude",
  "longitude",
  "phone",
  "full_name",
  "postal_code",
  "score",
  "reason",
  "carrier",
  "tracking_number",
  "warehouse_id",
] as const;
const SYLLABLES = [
  "ka",
  "lo",
  "mi",
  "ra",
  "zen",
  "tor",
  "vel",
  "quo",
  "bri",
  "dax",
  "fen",
  "gar",
  "hul",
  "jin",
  "kor",
  "lum",
  "nex",
  "orb",
  "pax",
  "rin",
  "sol",
  "tam",
  "ul",
  "vor",
  "wex",
  "yar",
  "zu",
  "cy",
  "dre",
  "fo",
] as const;

export const SYNTHETIC_TERMS = {
  /** In about 10 products each, for i below `codenameCount(products)`. */
  rare: (i: number) => codename(i),
  medium: "refund",
  veryCommon: "data",
};

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How many codenames a mesh of `products` uses: each names about 10 products (at least 10,000 codenames). */
export const codenameCount = (products: number) => Math.max(10_000, Math.ceil(products / 10));

function codename(n: number, count = Number.MAX_SAFE_INTEGER): string {
  const k = ((n % count) + count) % count;
  const s = SYLLABLES.length;
  return `${SYLLABLES[k % s]}${SYLLABLES[Math.floor(k / s) % s]}${SYLLABLES[Math.floor(k / (s * s)) % s]}${Math.floor(k / (s * s * s))}`;
}

const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

export interface SyntheticOptions {
  products: number;
  batch?: number;
  onProgress?: (done: number) => void;
}

/** One COPY text-format field: backslash, tab and line breaks escaped; null as \N. */
function field(value: string | number | null): string {
  if (value === null) return "\\N";
  return String(value).replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );
}

/** Streams `lines` (COPY text format, one row each) into `table (columns)`, honouring backpressure. */
async function copyRows(client: pg.Client, table: string, columns: string[], lines: string[]): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN`));
  for (const line of lines) if (!stream.write(line)) await once(stream, "drain");
  stream.end();
  await finished(stream);
}

/**
 * Loads domains, teams and `products` products (one port, one schema version, 6 fields each).
 * Per chunk: COPY the fields, schema versions and ports first, then the products, whose search
 * trigger (`data_products_search_refresh`, enabled ALWAYS for the load) reads the field names and
 * writes the vectors and the words. Foreign keys and the other triggers are off during the load
 * (`session_replication_role = replica`; the port-types column is written directly), and the
 * products' secondary indexes are dropped first and built once at the end.
 */
export async function generateSyntheticMesh(url: string, opts: SyntheticOptions): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const random = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  // Zipf-like: low indexes are much more frequent than high ones.
  const zipf = <T>(xs: readonly T[]): T =>
    xs[Math.min(xs.length - 1, Math.floor(xs.length * random() ** 2.2))]!;
  const codenames = codenameCount(opts.products);
  // The products' secondary indexes (GIN vectors, trigrams) are built once at the end; the other
  // tables keep theirs: the search trigger looks fields up by port and version.
  const tables = ["data_products"];
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexname AS name, i.indexdef AS definition
       FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [tables],
  );
  try {
    const domainIds: string[] = [];
    const domainSlugs: string[] = [];
    const teamIds: string[] = [];
    for (let d = 0; d < 20; d++) {
      const name = `${cap(ENTITIES[d * 2]!)} ${cap(ENTITIES[d * 2 + 1]!)}`;
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO domains (id, slug, name) VALUES (gen_random_uuid(), $1, $2) RETURNING id`,
        [`domain-${d}`, name],
      );
      domainIds.push(rows[0]!.id);
      domainSlugs.push(`domain-${d}`);
      for (let t = 0; t < 5; t++) {
        const r = await client.query<{ id: string }>(
          `INSERT INTO teams (id, slug, name, kafka_principal, domain_id) VALUES (gen_random_uuid(), $1, $2, $3, $4) RETURNING id`,
          [`team-${d}-${t}`, `${name} Team ${t + 1}`, `User:team-${d}-${t}`, rows[0]!.id],
        );
        teamIds.push(r.rows[0]!.id);
      }
    }
    for (const index of indexes) await client.query(`DROP INDEX "${index.name}"`);
    await client.query("SET session_replication_role = replica");
    await client.query("ALTER TABLE data_products ENABLE ALWAYS TRIGGER data_products_search_refresh");

    const batch = opts.batch ?? 20_000;
    const kinds = ["SOURCE_ALIGNED", "AGGREGATE", "CONSUMER_ALIGNED"];
    const lifecycles = ["ACTIVE", "ACTIVE", "ACTIVE", "EXPERIMENTAL", "DEPRECATED"];
    const now = new Date().toISOString();
    for (let start = 0; start < opts.products; start += batch) {
      const n = Math.min(batch, opts.products - start);
      const products: string[] = [];
      const ports: string[] = [];
      const versions: string[] = [];
      const fields: string[] = [];
      for (let k = 0; k < n; k++) {
        const i = start + k;
        const entity = pick(ENTITIES);
        const other = pick(ENTITIES);
        const qualifier = pick(QUALIFIERS);
        const region = pick(REGIONS);
        const name = `${cap(entity)} ${random() < 0.4 ? `${cap(other)} ` : ""}${cap(qualifier)} ${region}`;
        const slug = `p${i}-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
        const d = Math.floor(random() * domainIds.length);
        const words = Array.from({ length: 40 }, () => zipf(WORDS));
        const description =
          `This data product publishes ${entity} ${qualifier} for ${region}. ${words.join(" ")}. ` +
          `Project ${codename(i, codenames)}; consumers read the data through the ${qualifier} port.`;
        const kind = pick(kinds);
        const lifecycle = pick(lifecycles);
        const team = teamIds[d * 5 + Math.floor(random() * 5)]!;
        const tags = `{${[entity, qualifier, region.toLowerCase()].join(",")}}`;
        const updated = new Date(
          Date.UTC(2026, 0, 1) + Math.floor(random() * 300 * 86_400_000),
        ).toISOString();
        const r = random();
        const portType = r < 0.8 ? "KAFKA_TOPIC" : r < 0.95 ? "TABLE" : "FILE";
        const productId = randomUUID();
        const portId = randomUUID();
        const versionId = randomUUID();
        const chosen = new Set<string>(["id"]);
        while (chosen.size < 6) chosen.add(pick(FIELD_NAMES));
        const properties: Record<string, unknown> = {};
        [...chosen].forEach((f, position) => {
          const pii = ["email", "phone", "full_name", "postal_code", "latitude", "longitude"].includes(f);
          properties[f] = { type: "string", "x-classification": pii ? "PII" : "INTERNAL" };
          fields.push(
            [randomUUID(), versionId, f, "string", pii ? "PII" : "INTERNAL", position].map(field).join("\t") +
              "\n",
          );
        });
        products.push(
          [
            productId,
            slug,
            name,
            `${cap(entity)} ${qualifier} of the ${region} region, ready for analytics.`,
            description,
            kind,
            lifecycle,
            domainIds[d]!,
            team,
            tags,
            `{${portType}}`,
            updated,
          ]
            .map(field)
            .join("\t") + "\n",
        );
        ports.push(
          [portId, productId, "main", portType, `${entity}.${slug}.v1`, "kafka://bench:9092", now]
            .map(field)
            .join("\t") + "\n",
        );
        versions.push(
          [versionId, portId, 1, "JSON_SCHEMA", JSON.stringify({ type: "object", properties })]
            .map(field)
            .join("\t") + "\n",
        );
      }
      await client.query("BEGIN");
      await copyRows(
        client,
        "schema_fields",
        ["id", "schema_version_id", "path", "type", "classification", "position"],
        fields,
      );
      await copyRows(
        client,
        "schema_versions",
        ["id", "port_id", "version", "format", "definition"],
        versions,
      );
      await copyRows(
        client,
        "output_ports",
        ["id", "product_id", "name", "type", "address", "server", "updated_at"],
        ports,
      );
      await copyRows(
        client,
        "data_products",
        [
          "id",
          "slug",
          "name",
          "summary",
          "description",
          "kind",
          "lifecycle",
          "domain_id",
          "owner_team_id",
          "tags",
          "port_types",
          "updated_at",
        ],
        products,
      );
      await client.query("COMMIT");
      opts.onProgress?.(start + n);
    }
  } finally {
    // After a failure mid-chunk the connection is in an aborted transaction: end it first.
    await client.query("ROLLBACK").catch(() => undefined);
    await client
      .query("ALTER TABLE data_products ENABLE TRIGGER data_products_search_refresh")
      .catch(() => undefined);
    await client.query("SET session_replication_role = origin").catch(() => undefined);
    // The indexes, each built once over the loaded rows; then statistics for the planner.
    try {
      for (const index of indexes) await client.query(index.definition);
      await client.query("VACUUM ANALYZE");
    } finally {
      await client.end();
    }
  }
}
