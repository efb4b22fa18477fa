import "server-only";
// Full-text search over data products with facets, typo tolerance and highlights (PostgreSQL tsvector).
import { Prisma } from "@/lib/generated/prisma/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import {
  COUNT_CAP,
  DOCS_TIER_CAP,
  SELECTED_FACET_CAP,
  FACET_KEYS,
  HIGHLIGHT_END,
  HIGHLIGHT_START,
  KIND_LABELS,
  PAGE_SIZE,
  PORT_TYPE_LABELS,
  RANK_CAP,
  PREFIX_EXPANSION_MAX,
  searchWords,
  toTsQuery,
  type FacetKey,
  type Lifecycle,
  type PortType,
  type ProductKind,
  type ProductSearch,
} from "./schemas";
import type { FacetBucket, ProductListItem, ProductSearchResult } from "./dto";
import type { ProductViewer } from "./permissions";
import { visibleProductSql } from "./visibility";

/**
 * What a search asks for: its words as a tsquery, the selected facet values as facet tokens, and
 * which products the caller may find at all (drafts are their team's; retired ones only on request).
 */
export interface Match {
  words: string | null;
  facets: string | null;
  scope: Prisma.Sql;
}

const FACET_TOKEN: Record<FacetKey, string> = {
  domain: "domain",
  kind: "kind",
  owner: "owner",
  tag: "tag",
  portType: "pt",
};

/**
 * The selected facet values as a tsquery over the facet tokens the search trigger puts in both
 * vectors (`kind=AGGREGATE`, `pt=KAFKA_TOPIC` …): values of one facet OR'ed, facets AND'ed, so
 * the GIN index answers filters with the words. `except` leaves one facet out (its own counts
 * are disjunctive). zod has limited values to slug, tag and enum characters: no quote can occur.
 */
function facetTsQuery(search: ProductSearch, except?: FacetKey): string | null {
  const parts = FACET_KEYS.filter((k) => k !== except && search[k].length > 0).map(
    (k) => `(${search[k].map((v) => `'${FACET_TOKEN[k]}=${v}'`).join(" | ")})`,
  );
  return parts.length > 0 ? parts.join(" & ") : null;
}

/** The words and the facets as one tsquery; null when there is neither. */
function tsQueryOf(m: Match): Prisma.Sql | null {
  if (m.words && m.facets) return Prisma.sql`(to_tsquery('english', ${m.words}) && ${m.facets}::tsquery)`;
  if (m.words) return Prisma.sql`to_tsquery('english', ${m.words})`;
  if (m.facets) return Prisma.sql`${m.facets}::tsquery`;
  return null;
}

/** `vector @@ query` for the words and the facets (inline, so the planner can estimate it). */
function matches(vector: "title" | "search", m: Match): Prisma.Sql {
  const query = tsQueryOf(m);
  return query ? Prisma.sql`${vectorColumn(vector)} @@ ${query} AND ${m.scope}` : m.scope;
}

const vectorColumn = (vector: "title" | "search"): Prisma.Sql =>
  vector === "title" ? Prisma.sql`p.title_vector` : Prisma.sql`p.search_vector`;

/** Facets alone are answered from the smaller title vector; words need the whole document. */
const vectorFor = (m: Match): "title" | "search" => (m.words ? "search" : "title");

/** The products a search may return: those `viewer` may see, retired ones only when asked for. */
function searchScope(viewer: ProductViewer, retired: boolean): Prisma.Sql {
  const visible = visibleProductSql(viewer);
  return retired ? visible : Prisma.sql`${visible} AND p.lifecycle <> 'RETIRED'`;
}

/**
 * The shares of the products a sample reads in turn, smallest first, by a hash of the id: a
 * 256th, the rest of a 16th, then the rest. The first two have GIN indexes of their own (partial
 * indexes, migration `search_sample_indexes`); conditions are literal, so the planner matches them.
 */
const SAMPLE_SHARES = [
  Prisma.sql`(uuid_hash(p.id) & 255) = 0`,
  Prisma.sql`(uuid_hash(p.id) & 15) = 0 AND (uuid_hash(p.id) & 255) <> 0`,
  Prisma.sql`(uuid_hash(p.id) & 15) <> 0`,
];

/**
 * Up to `cap` products matching `m` on `vector` (that also meet `also`), as a subquery of `columns` of
 * `data_products p`. A GIN scan builds a bitmap of every match before the first row comes back:
 * 62,000 entries for a word in every product of a 16th of a million (14 ms), and a word
 * intersected with frequent facet tokens decodes their whole posting lists (20–35 ms for the
 * whole index). So a sample reads growing shares of the products, each through its own index,
 * under one LIMIT: a UNION ALL never starts a branch once the rows before it fill the cap. A
 * match in one product in eight stops in the 256th, one in a hundred in the 16th, and a narrow
 * one reads the whole index, which is cheap for it. Which products a capped sample holds is
 * arbitrary: a hash of their ids decides.
 */
export function sample(
  vector: "title" | "search",
  m: Match,
  columns: Prisma.Sql,
  cap: number,
  also: Prisma.Sql = Prisma.sql`TRUE`,
): Prisma.Sql {
  const query = tsQueryOf(m);
  const where = Prisma.sql`${m.scope} AND ${also}`;
  if (!query) return Prisma.sql`(SELECT ${columns} FROM data_products p WHERE ${where} LIMIT ${cap})`;
  const shares = SAMPLE_SHARES.map(
    (share) =>
      Prisma.sql`SELECT ${columns} FROM data_products p WHERE ${share} AND ${vectorColumn(vector)} @@ ${query} AND ${where}`,
  );
  return Prisma.sql`(SELECT * FROM (${Prisma.join(shares, " UNION ALL ")}) p LIMIT ${cap})`;
}

interface ProductRow {
  candidates: bigint | null;
  id: string;
  slug: string;
  name: string;
  summary: string;
  kind: ProductKind;
  lifecycle: Lifecycle;
  tags: string[];
  updated_at: Date;
  sunset_at: Date | null;
  check_status: "PASSING" | "FAILING" | null;
  domain_slug: string;
  domain_name: string;
  team_slug: string;
  team_name: string;
  port_types: PortType[] | null;
  name_hl: string | null;
  snippet: string | null;
}

interface FacetRow {
  facet: FacetKey | "total";
  value: string;
  label: string;
  count: bigint;
}

const FROM_PRODUCTS = Prisma.sql`FROM data_products p JOIN domains d ON d.id = p.domain_id JOIN teams t ON t.id = p.owner_team_id`;
const HEADLINE_OPTIONS = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, MaxWords=24, MinWords=10, MaxFragments=1, FragmentDelimiter=" … "`;
/**
 * The docs as plain words for snippets: a heading ends as a sentence ("Purpose."), so it does not
 * run into the text under it; markdown markup, link targets and table rules dropped.
 */
const MARKDOWN_AS_TEXT = Prisma.sql`regexp_replace(regexp_replace(regexp_replace(p.description, '^#{1,6}[ \t]*([^\n]*[^\n .:!?])[ \t]*$', '\\1.', 'gn'), '\\]\\([^)]*\\)', ' ', 'g'), '[][#*|>_~\x60]+|-{3,}', ' ', 'g')`;
const NAME_HEADLINE_OPTIONS = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, HighlightAll=true`;

/** Wraps a query of the page's `(id, ord, candidates)` into full rows, highlighted when there are words. */
function withProductColumns(page: Prisma.Sql, tsquery: string | null): Prisma.Sql {
  const q = tsquery ? Prisma.sql`to_tsquery('english', ${tsquery})` : null;
  return Prisma.sql`
    SELECT page.candidates, p.id, p.slug, p.name, p.summary, p.kind::text AS kind, p.lifecycle::text AS lifecycle, p.tags,
           p.updated_at, p.sunset_at,
           (SELECT CASE WHEN bool_or(c.check_status = 'FAILING') THEN 'FAILING'
                        WHEN bool_or(c.check_status = 'PASSING') THEN 'PASSING' END
              FROM output_ports op JOIN data_contracts c ON c.port_id = op.id WHERE op.product_id = p.id) AS check_status,
           d.slug AS domain_slug, d.name AS domain_name, t.slug AS team_slug, t.name AS team_name,
           p.port_types::text[] AS port_types,
           ${q ? Prisma.sql`ts_headline('english', p.name, ${q}, ${NAME_HEADLINE_OPTIONS})` : Prisma.sql`NULL`} AS name_hl,
           ${q ? Prisma.sql`ts_headline('english', p.summary || ' ' || ${MARKDOWN_AS_TEXT}, ${q}, ${HEADLINE_OPTIONS})` : Prisma.sql`NULL`} AS snippet
      FROM (${page}) page
      JOIN data_products p ON p.id = page.id JOIN domains d ON d.id = p.domain_id JOIN teams t ON t.id = p.owner_team_id
     ORDER BY page.ord`;
}

/**
 * The page when ranking by relevance. Ranking every match costs ~100 ms for a term in every
 * row, so it ranks a capped candidate set: up to RANK_CAP name/tag/owner matches (small vector,
 * cheap rank) first; only when they cannot fill the page, up to DOCS_TIER_CAP matches found in
 * the docs and field names alone.
 */
async function rankedPage(
  prisma: PrismaClient,
  m: Match & { words: string },
  offset: number,
): Promise<ProductRow[]> {
  // Ranked by the words only; the facet tokens match every candidate alike.
  const { words } = m;
  const q = Prisma.sql`to_tsquery('english', ${words})`;
  const titleCandidates = sample("title", m, Prisma.sql`p.id, p.title_vector, p.name, p.lifecycle`, RANK_CAP);
  const titleTier = await prisma.$queryRaw<ProductRow[]>`${withProductColumns(
    Prisma.sql`
      SELECT c.id, row_number() OVER (ORDER BY ts_rank_cd(c.title_vector, ${q}, 1) * ${LIFECYCLE_WEIGHT} DESC, c.name ASC) AS ord, count(*) OVER () AS candidates
        FROM ${titleCandidates} c
       ORDER BY ord LIMIT ${PAGE_SIZE} OFFSET ${offset}`,
    words,
  )}`;
  const inTitleTier = Number(titleTier[0]?.candidates ?? 0);
  if (titleTier.length === PAGE_SIZE || (inTitleTier === RANK_CAP && titleTier.length > 0)) return titleTier;
  // How far into the docs tier this page starts: the title tier's size is known from any row,
  // or (for a page past its end) from a count.
  const titleCount =
    titleTier.length > 0
      ? inTitleTier
      : Number(
          (
            await prisma.$queryRaw<{ n: bigint }[]>`
              SELECT count(*) AS n FROM ${titleCandidates} c`
          )[0]?.n ?? 0,
        );
  if (titleCount >= RANK_CAP) return [];
  const docsTier = await prisma.$queryRaw<ProductRow[]>`${withProductColumns(
    Prisma.sql`
      SELECT c.id, row_number() OVER (ORDER BY ts_rank(c.search_vector, ${q}) * ${LIFECYCLE_WEIGHT} DESC, c.name ASC) AS ord, NULL::bigint AS candidates
        FROM ${sample(
          "search",
          m,
          Prisma.sql`p.id, p.search_vector, p.name, p.lifecycle`,
          DOCS_TIER_CAP,
          Prisma.sql`NOT coalesce(p.title_vector @@ ${q}, false)`,
        )} c
       ORDER BY ord LIMIT ${PAGE_SIZE - titleTier.length} OFFSET ${Math.max(0, offset - titleCount)}`,
    words,
  )}`;
  return [...titleTier, ...docsTier];
}

/** The page of results, in order. */
async function findPage(
  prisma: PrismaClient,
  m: Match,
  sort: "relevance" | "name" | "updated",
  offset: number,
): Promise<ProductRow[]> {
  if (m.words && sort === "relevance") return rankedPage(prisma, { ...m, words: m.words }, offset);
  const orderBy =
    sort === "updated" ? Prisma.sql`p.updated_at DESC, p.name ASC` : Prisma.sql`p.name ASC, p.id`;
  return prisma.$queryRaw<ProductRow[]>`${withProductColumns(
    Prisma.sql`SELECT p.id, row_number() OVER (ORDER BY ${orderBy}) AS ord, NULL::bigint AS candidates
      ${FROM_PRODUCTS} WHERE ${matches(vectorFor(m), m)} ORDER BY ${orderBy} LIMIT ${PAGE_SIZE} OFFSET ${offset}`,
    m.words,
  )}`;
}

/** Deprecated and retired products still match, but below the ones to use instead. */
const LIFECYCLE_WEIGHT = Prisma.sql`(CASE c.lifecycle WHEN 'DEPRECATED' THEN 0.4 WHEN 'RETIRED' THEN 0.2 WHEN 'DRAFT' THEN 0.8 ELSE 1 END)`;

/** A snippet cut from inside the text says so ("…" at the start). */
function withEllipsis(snippet: string, summary: string): string {
  const plain = snippet.replaceAll(HIGHLIGHT_START, "").replaceAll(HIGHLIGHT_END, "").trim();
  return plain.length > 0 && !summary.startsWith(plain.slice(0, 12)) ? `… ${snippet.trim()}` : snippet.trim();
}

/** Facet bucket query over `sample` (a capped subquery of matching products). */
function facetBuckets(key: FacetKey, sample: Prisma.Sql): Prisma.Sql {
  switch (key) {
    case "domain":
      return Prisma.sql`SELECT 'domain' AS facet, s.domain_slug AS value, s.domain_name AS label, count(*) AS count FROM ${sample} s GROUP BY 2, 3`;
    case "owner":
      return Prisma.sql`SELECT 'owner' AS facet, s.team_slug AS value, s.team_name AS label, count(*) AS count FROM ${sample} s GROUP BY 2, 3`;
    case "kind":
      return Prisma.sql`SELECT 'kind' AS facet, s.kind AS value, s.kind AS label, count(*) AS count FROM ${sample} s GROUP BY 2`;
    case "tag":
      return Prisma.sql`SELECT 'tag' AS facet, tg AS value, tg AS label, count(*) AS count FROM ${sample} s CROSS JOIN LATERAL unnest(s.tags) tg GROUP BY 2`;
    case "portType":
      return Prisma.sql`SELECT 'portType' AS facet, pt::text AS value, pt::text AS label, count(*) AS count FROM ${sample} s CROSS JOIN LATERAL unnest(s.port_types) pt GROUP BY 2`;
  }
}

/** A sample of one more than `cap` products matching `m`, with what their facets count. */
function facetSample(m: Match, cap: number): Prisma.Sql {
  const products = sample(
    vectorFor(m),
    m,
    Prisma.sql`p.id, p.kind, p.tags, p.port_types, p.domain_id, p.owner_team_id`,
    cap + 1,
  );
  return Prisma.sql`(SELECT p.id, p.kind::text AS kind, p.tags, p.port_types, d.slug AS domain_slug, d.name AS domain_name, t.slug AS team_slug, t.name AS team_name
    FROM ${products} p JOIN domains d ON d.id = p.domain_id JOIN teams t ON t.id = p.owner_team_id)`;
}

/**
 * The known words `prefix` begins (trigram index on `search_words`), one more than the expansion
 * limit at most; undefined below 3 letters, where trigrams cannot narrow it down.
 */
async function expandPrefix(prisma: PrismaClient, prefix: string): Promise<string[] | undefined> {
  if (prefix.length < 3) return undefined;
  const rows = await prisma.$queryRaw<{ word: string }[]>`
    SELECT word FROM search_words WHERE word LIKE ${`${prefix}%`} LIMIT ${PREFIX_EXPANSION_MAX + 1}`;
  return rows.map((r) => r.word);
}

/**
 * The query with each word of 3+ letters that no name or tag contains replaced by the most
 * similar word that one does (pg_trgm similarity ≥ 0.3); null when no word changes.
 */
async function correctQuery(prisma: PrismaClient, q: string): Promise<string | null> {
  const words = searchWords(q);
  if (words.length === 0) return null;
  const rows = await prisma.$queryRaw<{ word: string; known: boolean; closest: string | null }[]>`
    SELECT w.word,
           EXISTS (SELECT 1 FROM search_words s WHERE s.word = w.word) AS known,
           (SELECT s.word FROM search_words s WHERE s.word % w.word
             ORDER BY similarity(s.word, w.word) DESC, abs(length(s.word) - length(w.word)), s.word LIMIT 1) AS closest
      FROM unnest(${words}::text[]) WITH ORDINALITY AS w(word, n)
     ORDER BY w.n`;
  const corrected = rows.map((r) => (r.known || r.word.length < 3 || !r.closest ? r.word : r.closest));
  return corrected.some((w, i) => w !== words[i]) ? corrected.join(" ") : null;
}

/**
 * Typo tolerance: the results of the query with each unknown word replaced by the closest known
 * word, marked as fuzzy; null when no word changes or the corrected query finds nothing either.
 */
async function findCorrected(
  prisma: PrismaClient,
  viewer: ProductViewer,
  search: ProductSearch,
): Promise<ProductSearchResult | null> {
  const correction = await correctQuery(prisma, search.q);
  if (!correction) return null;
  const retry = await findDataProducts(prisma, viewer, { ...search, q: correction }, true);
  return retry.total > 0 ? { ...retry, mode: "fuzzy", didYouMean: correction } : null;
}

/**
 * Full-text search over data products with facets. Ranked by weighted FTS (name > tags >
 * domain/owner > docs and field names) over a capped candidate set; without a query, sorted by
 * name. The total and facet counts are exact up to COUNT_CAP matches and sampled beyond. When
 * the words match nothing, the results of a corrected query ("did you mean") are returned.
 */
export async function findDataProducts(
  prisma: PrismaClient,
  viewer: ProductViewer,
  search: ProductSearch,
  corrected = false,
): Promise<ProductSearchResult> {
  const words = searchWords(search.q);
  const last = words.at(-1);
  const expansion = last ? await expandPrefix(prisma, last) : undefined;
  if (expansion?.length === 0 && !corrected) {
    // No product has a word beginning like this: nothing can match, go straight to "did you mean".
    const fuzzy = await findCorrected(prisma, viewer, search);
    if (fuzzy) return fuzzy;
  }
  const tsquery = toTsQuery(words, expansion);
  const scope = searchScope(viewer, search.retired);
  const match: Match = { words: tsquery, facets: facetTsQuery(search), scope };
  const sort = search.sort ?? (tsquery ? "relevance" : "name");
  const offset = (search.page - 1) * PAGE_SIZE;

  // Facets are disjunctive: a facet's counts apply every condition but its own. Facets without a
  // selection share one sample; each selected facet needs its own, capped lower: its buckets say
  // how many the *other* values would add, worth less exactness than the results' own counts.
  const active = FACET_KEYS.filter((k) => search[k].length > 0);
  const selectedSamples = active.map((k) => ({
    key: k,
    match: { ...match, facets: facetTsQuery(search, k) },
  }));
  const facetCounts = (): Promise<FacetRow[]> => {
    const shared = Prisma.sql`shared`;
    const facetQueries = [
      Prisma.sql`SELECT 'total' AS facet, '' AS value, '' AS label, count(*) AS count FROM shared`,
      ...FACET_KEYS.filter((k) => !active.includes(k)).map((k) => facetBuckets(k, shared)),
      ...selectedSamples.map((s) => facetBuckets(s.key, facetSample(s.match, SELECTED_FACET_CAP))),
    ];
    return prisma.$queryRaw<
      FacetRow[]
    >`WITH shared AS MATERIALIZED ${facetSample(match, COUNT_CAP)} ${Prisma.join(facetQueries, " UNION ALL ")}`;
  };

  const [rows, facetRows] = await Promise.all([findPage(prisma, match, sort, offset), facetCounts()]);

  const matchCount = Number(facetRows.find((r) => r.facet === "total")?.count ?? 0);
  if (tsquery && matchCount === 0 && !corrected) {
    const fuzzy = await findCorrected(prisma, viewer, search);
    if (fuzzy) return fuzzy;
  }
  const facets = Object.fromEntries(FACET_KEYS.map((k) => [k, [] as FacetBucket[]])) as Record<
    FacetKey,
    FacetBucket[]
  >;
  let facetsApproximate = false;
  for (const row of facetRows) {
    if (row.facet === "total") continue;
    const label =
      row.facet === "kind"
        ? KIND_LABELS[row.value as ProductKind]
        : row.facet === "portType"
          ? PORT_TYPE_LABELS[row.value as PortType]
          : row.label;
    facets[row.facet].push({ value: row.value, label, count: Number(row.count) });
  }
  for (const key of FACET_KEYS) {
    // A sample holds at most cap + 1 products: reaching it means counts are sampled.
    const sampleSize = key === "tag" ? 0 : facets[key].reduce((sum, b) => sum + b.count, 0);
    if (sampleSize > (search[key].length > 0 ? SELECTED_FACET_CAP : COUNT_CAP)) facetsApproximate = true;
    facets[key].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
    // Keep selected values visible even when the other filters leave them with no results.
    for (const value of search[key]) {
      if (!facets[key].some((b) => b.value === value)) facets[key].push({ value, label: value, count: 0 });
    }
  }

  const items: ProductListItem[] = rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    summary: r.summary,
    kind: r.kind,
    lifecycle: r.lifecycle,
    domain: { slug: r.domain_slug, name: r.domain_name },
    ownerTeam: { slug: r.team_slug, name: r.team_name },
    tags: r.tags,
    portTypes: (r.port_types ?? []).sort(),
    updatedAt: r.updated_at.toISOString(),
    sunsetAt: r.sunset_at?.toISOString() ?? null,
    checks:
      r.check_status === "FAILING" ? "failing" : r.check_status === "PASSING" ? "passing" : "not_evaluated",
    ...(r.name_hl !== null && r.snippet !== null
      ? { highlight: { name: r.name_hl, snippet: withEllipsis(r.snippet, r.summary) } }
      : {}),
  }));
  const totalCapped = matchCount > COUNT_CAP;
  return {
    items,
    total: Math.min(matchCount, COUNT_CAP),
    totalCapped,
    mode: "match",
    facetsApproximate: facetsApproximate || totalCapped,
    page: search.page,
    pageSize: PAGE_SIZE,
    facets,
  };
}
