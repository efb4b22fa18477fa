/**
 * A large synthetic mesh for the search benchmark: realistic product names, tags, ~50-word
 * descriptions and schemas, bulk-inserted with `unnest` batches so the search triggers run as
 * they do in production. Deterministic (seeded PRNG), so runs are comparable.
 *
 * Term frequencies are chosen so every query class has a known size: each codename word is in
 * exactly 10 products (rare), each entity word in ~4 % (medium), "data" in every description
 * (very common).
 */
import pg from "pg";

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
  /** In exactly 10 products each. */
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

const CODENAMES = 10_000;
function codename(n: number): string {
  const k = ((n % CODENAMES) + CODENAMES) % CODENAMES;
  const s = SYLLABLES.length;
  return `${SYLLABLES[k % s]}${SYLLABLES[Math.floor(k / s) % s]}${SYLLABLES[Math.floor(k / (s * s)) % s]}${Math.floor(k / (s * s * s))}`;
}

const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

export interface SyntheticOptions {
  products: number;
  batch?: number;
  onProgress?: (done: number) => void;
}

/** Inserts domains, teams and `products` products (one port, one schema version, 6 fields each). */
export async function generateSyntheticMesh(url: string, opts: SyntheticOptions): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const random = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  // Zipf-like: low indexes are much more frequent than high ones.
  const zipf = <T>(xs: readonly T[]): T =>
    xs[Math.min(xs.length - 1, Math.floor(xs.length * random() ** 2.2))]!;
  try {
    const domainIds: string[] = [];
    const teamIds: string[] = [];
    for (let d = 0; d < 20; d++) {
      const name = `${cap(ENTITIES[d * 2]!)} ${cap(ENTITIES[d * 2 + 1]!)}`;
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO domains (id, slug, name) VALUES (gen_random_uuid(), $1, $2) RETURNING id`,
        [`domain-${d}`, name],
      );
      domainIds.push(rows[0]!.id);
      for (let t = 0; t < 5; t++) {
        const r = await client.query<{ id: string }>(
          `INSERT INTO teams (id, slug, name, kafka_principal, domain_id) VALUES (gen_random_uuid(), $1, $2, $3, $4) RETURNING id`,
          [`team-${d}-${t}`, `${name} Team ${t + 1}`, `User:team-${d}-${t}`, rows[0]!.id],
        );
        teamIds.push(r.rows[0]!.id);
      }
    }
    const batch = opts.batch ?? 2000;
    const kinds = ["SOURCE_ALIGNED", "AGGREGATE", "CONSUMER_ALIGNED"];
    const lifecycles = ["ACTIVE", "ACTIVE", "ACTIVE", "EXPERIMENTAL", "DEPRECATED"];
    for (let start = 0; start < opts.products; start += batch) {
      const n = Math.min(batch, opts.products - start);
      const cols = {
        slug: [] as string[],
        name: [] as string[],
        summary: [] as string[],
        description: [] as string[],
        kind: [] as string[],
        lifecycle: [] as string[],
        domain: [] as string[],
        team: [] as string[],
        tags: [] as string[],
        updated: [] as string[],
      };
      const ports = {
        slug: [] as string[],
        type: [] as string[],
        address: [] as string[],
        definition: [] as string[],
      };
      const fields = {
        slug: [] as string[],
        path: [] as string[],
        type: [] as string[],
        classification: [] as string[],
        position: [] as number[],
      };
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
          `Project ${codename(i)}; consumers read the data through the ${qualifier} port.`;
        cols.slug.push(slug);
        cols.name.push(name);
        cols.summary.push(`${cap(entity)} ${qualifier} of the ${region} region, ready for analytics.`);
        cols.description.push(description);
        cols.kind.push(pick(kinds));
        cols.lifecycle.push(pick(lifecycles));
        cols.domain.push(domainIds[d]!);
        cols.team.push(teamIds[d * 5 + Math.floor(random() * 5)]!);
        cols.tags.push(`{${[entity, qualifier, region.toLowerCase()].join(",")}}`);
        cols.updated.push(
          new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 300 * 86_400_000)).toISOString(),
        );
        const r = random();
        ports.slug.push(slug);
        ports.type.push(r < 0.8 ? "KAFKA_TOPIC" : r < 0.95 ? "TABLE" : "FILE");
        ports.address.push(`${entity}.${slug}.v1`);
        const chosen = new Set<string>(["id"]);
        while (chosen.size < 6) chosen.add(pick(FIELD_NAMES));
        const properties: Record<string, unknown> = {};
        [...chosen].forEach((f, position) => {
          const pii = ["email", "phone", "full_name", "postal_code", "latitude", "longitude"].includes(f);
          properties[f] = { type: "string", "x-classification": pii ? "PII" : "INTERNAL" };
          fields.slug.push(slug);
          fields.path.push(f);
          fields.type.push("string");
          fields.classification.push(pii ? "PII" : "INTERNAL");
          fields.position.push(position);
        });
        ports.definition.push(JSON.stringify({ type: "object", properties }));
      }
      await client.query("BEGIN");
      await client.query(
        `INSERT INTO data_products (id, slug, name, summary, description, kind, lifecycle, domain_id, owner_team_id, tags, updated_at)
         SELECT gen_random_uuid(), s, n, su, de, k::"ProductKind", l::"Lifecycle", d::uuid, t::uuid, tg::text[], u::timestamptz
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
             AS x(s, n, su, de, k, l, d, t, tg, u)`,
        [
          cols.slug,
          cols.name,
          cols.summary,
          cols.description,
          cols.kind,
          cols.lifecycle,
          cols.domain,
          cols.team,
          cols.tags,
          cols.updated,
        ],
      );
      await client.query(
        `INSERT INTO output_ports (id, product_id, name, type, address, server, updated_at)
         SELECT gen_random_uuid(), p.id, 'main', x.t::"PortType", x.a, 'kafka://bench:9092', now()
           FROM unnest($1::text[], $2::text[], $3::text[]) AS x(s, t, a) JOIN data_products p ON p.slug = x.s`,
        [ports.slug, ports.type, ports.address],
      );
      await client.query(
        `INSERT INTO schema_versions (id, port_id, version, format, definition)
         SELECT gen_random_uuid(), op.id, 1, 'JSON_SCHEMA', x.def::jsonb
           FROM unnest($1::text[], $2::text[]) AS x(s, def) JOIN data_products p ON p.slug = x.s JOIN output_ports op ON op.product_id = p.id`,
        [ports.slug, ports.definition],
      );
      await client.query(
        `INSERT INTO schema_fields (id, schema_version_id, path, type, classification, position)
         SELECT gen_random_uuid(), sv.id, x.path, x.type, x.c::"Classification", x.pos
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[]) AS x(s, path, type, c, pos)
           JOIN data_products p ON p.slug = x.s JOIN output_ports op ON op.product_id = p.id JOIN schema_versions sv ON sv.port_id = op.id`,
        [fields.slug, fields.path, fields.type, fields.classification, fields.position],
      );
      await client.query("COMMIT");
      opts.onProgress?.(start + n);
    }
    // Triggers rewrote every product twice while loading (port types, field names): compact the
    // table, merge the GIN pending lists and refresh statistics, as a catalog that is mostly read.
    await client.query("VACUUM FULL ANALYZE");
  } finally {
    await client.end();
  }
}
