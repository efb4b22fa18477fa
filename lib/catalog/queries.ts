import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import {
  FACET_KEYS,
  KIND_LABELS,
  PAGE_SIZE,
  PORT_TYPE_LABELS,
  toPrefixTsQuery,
  type FacetBucket,
  type FacetKey,
  type Lifecycle,
  type PortType,
  type ProductKind,
  type ProductListItem,
  type ProductSearch,
  type ProductSearchResult,
} from "./schemas";

/** SQL condition for one facet; facet counts apply every condition but their own (disjunctive). */
function facetCondition(key: FacetKey, values: string[]): Prisma.Sql | null {
  if (values.length === 0) return null;
  switch (key) {
    case "domain":
      return Prisma.sql`d.slug IN (${Prisma.join(values)})`;
    case "owner":
      return Prisma.sql`t.slug IN (${Prisma.join(values)})`;
    case "kind":
      return Prisma.sql`p.kind::text IN (${Prisma.join(values)})`;
    case "tag":
      return Prisma.sql`p.tags && ${values}::text[]`;
    case "portType":
      return Prisma.sql`EXISTS (SELECT 1 FROM output_ports op WHERE op.product_id = p.id AND op.type::text IN (${Prisma.join(values)}))`;
  }
}

function whereOf(conditions: (Prisma.Sql | null)[]): Prisma.Sql {
  const present = conditions.filter((c): c is Prisma.Sql => c !== null);
  return present.length === 0 ? Prisma.sql`TRUE` : Prisma.join(present, " AND ");
}

interface ProductRow {
  id: string;
  slug: string;
  name: string;
  summary: string;
  kind: ProductKind;
  lifecycle: Lifecycle;
  tags: string[];
  updated_at: Date;
  domain_slug: string;
  domain_name: string;
  team_slug: string;
  team_name: string;
  port_types: PortType[] | null;
  total: bigint;
}

interface FacetRow {
  facet: FacetKey;
  value: string;
  label: string;
  count: bigint;
}

/**
 * Full-text search over data products with facets. Ranked by weighted FTS (name > tags >
 * domain/owner > docs and field names); without a query, sorted by name.
 */
export async function findDataProducts(prisma: PrismaClient, search: ProductSearch): Promise<ProductSearchResult> {
  const tsquery = toPrefixTsQuery(search.q);
  const textCondition = tsquery ? Prisma.sql`p.search_vector @@ to_tsquery('english', ${tsquery})` : null;
  const facetConditions = Object.fromEntries(FACET_KEYS.map((k) => [k, facetCondition(k, search[k])])) as Record<
    FacetKey,
    Prisma.Sql | null
  >;
  const allConditions = whereOf([textCondition, ...Object.values(facetConditions)]);
  const sort = search.sort ?? (tsquery ? "relevance" : "name");
  const orderBy =
    sort === "relevance" && tsquery
      ? Prisma.sql`ts_rank_cd(p.search_vector, to_tsquery('english', ${tsquery}), 1) DESC, p.name ASC`
      : sort === "updated"
        ? Prisma.sql`p.updated_at DESC, p.name ASC`
        : Prisma.sql`p.name ASC`;
  const offset = (search.page - 1) * PAGE_SIZE;

  const rows = await prisma.$queryRaw<ProductRow[]>`
    SELECT p.id, p.slug, p.name, p.summary, p.kind::text AS kind, p.lifecycle::text AS lifecycle, p.tags,
           p.updated_at, d.slug AS domain_slug, d.name AS domain_name, t.slug AS team_slug, t.name AS team_name,
           (SELECT array_agg(DISTINCT op.type::text) FROM output_ports op WHERE op.product_id = p.id) AS port_types,
           count(*) OVER () AS total
      FROM data_products p
      JOIN domains d ON d.id = p.domain_id
      JOIN teams t ON t.id = p.owner_team_id
     WHERE ${allConditions}
     ORDER BY ${orderBy}
     LIMIT ${PAGE_SIZE} OFFSET ${offset}`;

  // One round trip for all facets: each counts with the text query and the other facets applied.
  const facetQueries = FACET_KEYS.map((key) => {
    const where = whereOf([textCondition, ...FACET_KEYS.filter((k) => k !== key).map((k) => facetConditions[k])]);
    const from = Prisma.sql`FROM data_products p JOIN domains d ON d.id = p.domain_id JOIN teams t ON t.id = p.owner_team_id`;
    switch (key) {
      case "domain":
        return Prisma.sql`SELECT 'domain' AS facet, d.slug AS value, d.name AS label, count(*) AS count ${from} WHERE ${where} GROUP BY d.slug, d.name`;
      case "owner":
        return Prisma.sql`SELECT 'owner' AS facet, t.slug AS value, t.name AS label, count(*) AS count ${from} WHERE ${where} GROUP BY t.slug, t.name`;
      case "kind":
        return Prisma.sql`SELECT 'kind' AS facet, p.kind::text AS value, p.kind::text AS label, count(*) AS count ${from} WHERE ${where} GROUP BY p.kind`;
      case "tag":
        return Prisma.sql`SELECT 'tag' AS facet, tg AS value, tg AS label, count(*) AS count ${from}
          CROSS JOIN LATERAL unnest(p.tags) tg WHERE ${where} GROUP BY tg`;
      case "portType":
        return Prisma.sql`SELECT 'portType' AS facet, ports.pt AS value, ports.pt AS label, count(*) AS count ${from}
          CROSS JOIN LATERAL (SELECT DISTINCT op.type::text AS pt FROM output_ports op WHERE op.product_id = p.id) ports
          WHERE ${where} GROUP BY ports.pt`;
    }
  });
  const facetRows = await prisma.$queryRaw<FacetRow[]>`${Prisma.join(facetQueries, " UNION ALL ")}`;

  const facets = Object.fromEntries(FACET_KEYS.map((k) => [k, [] as FacetBucket[]])) as Record<FacetKey, FacetBucket[]>;
  for (const row of facetRows) {
    const label =
      row.facet === "kind"
        ? KIND_LABELS[row.value as ProductKind]
        : row.facet === "portType"
          ? PORT_TYPE_LABELS[row.value as PortType]
          : row.label;
    facets[row.facet].push({ value: row.value, label, count: Number(row.count) });
  }
  for (const key of FACET_KEYS) {
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
  }));
  return { items, total: rows[0] ? Number(rows[0].total) : 0, page: search.page, pageSize: PAGE_SIZE, facets };
}

const productDetailInclude = {
  domain: true,
  ownerTeam: {
    include: { memberships: { include: { user: { select: { id: true, name: true, email: true } } }, orderBy: { role: "desc" } } },
  },
  outputPorts: {
    orderBy: { name: "asc" },
    include: {
      schemaVersions: {
        orderBy: { version: "desc" },
        take: 1,
        include: { fields: { orderBy: { position: "asc" } } },
      },
      _count: { select: { schemaVersions: true } },
      consumers: {
        include: { product: { select: { slug: true, name: true, kind: true, domain: { select: { slug: true, name: true } } } } },
      },
    },
  },
  inputPorts: {
    include: {
      outputPort: {
        select: {
          id: true,
          name: true,
          type: true,
          address: true,
          product: { select: { slug: true, name: true, kind: true, domain: { select: { slug: true, name: true } } } },
        },
      },
    },
  },
} satisfies Prisma.DataProductInclude;

export type DataProductDetail = Prisma.DataProductGetPayload<{ include: typeof productDetailInclude }>;

export async function getDataProductOrThrow(prisma: PrismaClient, slug: string): Promise<DataProductDetail> {
  const product = await prisma.dataProduct.findUnique({ where: { slug }, include: productDetailInclude });
  if (!product) throw AppError.notFound(`Data product "${slug}"`);
  return product;
}

export async function listDomains(prisma: PrismaClient) {
  const domains = await prisma.domain.findMany({
    orderBy: { name: "asc" },
    include: { _count: { select: { products: true } }, teams: { select: { slug: true, name: true } } },
  });
  return domains.map((d) => ({
    slug: d.slug,
    name: d.name,
    description: d.description,
    productCount: d._count.products,
    teams: d.teams,
  }));
}
