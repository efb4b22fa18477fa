import "server-only";
import { AppError } from "@/lib/core/errors";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { GraphEdge, GraphNode } from "./graph";
import { MAX_DEPTH } from "./schemas";
import { canSeeProduct, type ProductViewer } from "@/lib/catalog/permissions";
import { visibleProductSql, visibleProducts } from "@/lib/catalog/visibility";

/**
 * Every lineage edge as (src, dst): products consuming other products' output ports, and
 * OpenLineage jobs reading one dataset and writing another (a dataset matched to an output port
 * stands for its product).
 */
const EDGES = Prisma.sql`
  SELECT 'p:' || op.product_id AS src, 'p:' || ip.product_id AS dst, op.name AS label, 'port' AS via
    FROM input_ports ip JOIN output_ports op ON op.id = ip.output_port_id
  UNION ALL
  SELECT coalesce('p:' || iop.product_id, 'd:' || i.id), coalesce('p:' || oop.product_id, 'd:' || o.id), j.name, 'job'
    FROM lineage_job_datasets ji
    JOIN lineage_job_datasets jo ON jo.job_id = ji.job_id AND jo.direction = 'OUTPUT'
    JOIN lineage_jobs j ON j.id = ji.job_id
    JOIN lineage_datasets i ON i.id = ji.dataset_id LEFT JOIN output_ports iop ON iop.id = i.output_port_id
    JOIN lineage_datasets o ON o.id = jo.dataset_id LEFT JOIN output_ports oop ON oop.id = o.output_port_id
   WHERE ji.direction = 'INPUT'`;

interface NodeRow {
  node: string;
  depth: number;
}

/**
 * The lineage neighbourhood of a product: `upstream` hops of what it reads, `downstream` hops of
 * what reads it — one recursive query in PostgreSQL (never a query per node), cycles cut by the
 * depth bound. Then the nodes' details and the edges among them, one query each.
 */
export async function getLineage(
  prisma: PrismaClient,
  viewer: ProductViewer,
  slug: string,
  upstream: number,
  downstream: number,
) {
  const product = await prisma.dataProduct.findUnique({
    where: { slug },
    select: { id: true, lifecycle: true, ownerTeamId: true },
  });
  if (!product || !canSeeProduct(viewer, product)) throw AppError.notFound(`Data product "${slug}"`);
  const root = `p:${product.id}`;
  const rows = await prisma.$queryRaw<NodeRow[]>`
    WITH RECURSIVE e AS MATERIALIZED (${EDGES}),
    down(node, depth) AS (
      SELECT ${root}::text, 0
      UNION
      SELECT e.dst, d.depth + 1 FROM down d JOIN e ON e.src = d.node WHERE d.depth < ${downstream}
    ),
    up(node, depth) AS (
      SELECT ${root}::text, 0
      UNION
      SELECT e.src, u.depth + 1 FROM up u JOIN e ON e.dst = u.node WHERE u.depth < ${upstream}
    )
    SELECT node, min(depth)::int AS depth FROM (SELECT node, depth FROM down UNION ALL SELECT node, -depth FROM up) n
     GROUP BY node
     ORDER BY min(abs(depth)), node`;
  return loadGraph(prisma, viewer, rows);
}

/** Beyond this many nodes, the mesh map opens at the domain level (domains as nodes). */
export const MAP_EXPANDED_LIMIT = 150;

/** The group of OpenLineage datasets no port matches (`domain:external` when collapsed). */
const EXTERNAL = "external";

/** OpenLineage datasets (`ds`) no port matches that some job reads or writes: the mesh's external nodes. */
const EXTERNAL_DATASET = Prisma.sql`ds.output_port_id IS NULL AND EXISTS (SELECT 1 FROM lineage_job_datasets jd WHERE jd.dataset_id = ds.id)`;

/** Every node of the mesh the viewer may see, with its group: a product's domain, or `external`. */
const meshNodes = (viewer: ProductViewer) => Prisma.sql`
  SELECT 'p:' || p.id AS node, d.slug AS grp, d.name AS grp_name
    FROM data_products p JOIN domains d ON d.id = p.domain_id
   WHERE ${visibleProductSql(viewer)}
  UNION ALL
  SELECT 'd:' || ds.id, ${EXTERNAL}, 'External datasets' FROM lineage_datasets ds WHERE ${EXTERNAL_DATASET}`;

export interface MeshDomain {
  slug: string;
  name: string;
  /** Nodes (products, or external datasets) in it. */
  count: number;
}

/**
 * The mesh map: every domain as one node with the flows between domains, except the `expand`ed
 * domains, whose products (and the external datasets, `external`) are drawn one by one. Without
 * `expand`, a mesh of up to MAP_EXPANDED_LIMIT nodes opens expanded and a bigger one at the
 * domain level. Flows are merged per pair of drawn nodes in PostgreSQL, so the answer grows with
 * what is drawn, not with the mesh (10,000 products at the domain level: `npm run bench -- lineage`).
 */
export async function getMeshMap(
  prisma: PrismaClient,
  viewer: ProductViewer,
  expand?: readonly string[] | "all",
): Promise<{ nodes: GraphNode[]; edges: GraphEdge[]; domains: MeshDomain[]; expanded: string[] }> {
  const domains = (
    await prisma.$queryRaw<{ slug: string; name: string; count: number }[]>`
      SELECT grp AS slug, min(grp_name) AS name, count(*)::int AS count FROM (${meshNodes(viewer)}) n
       GROUP BY grp ORDER BY grp`
  ).map((d) => ({ ...d, count: Number(d.count) }));
  const total = domains.reduce((sum, d) => sum + d.count, 0);
  const known = new Set(domains.map((d) => d.slug));
  const expanded =
    expand === "all" || (expand === undefined && total <= MAP_EXPANDED_LIMIT)
      ? [...known]
      : (expand ?? []).filter((d) => known.has(d));
  const shown = (side: "s" | "t") => {
    const alias = Prisma.raw(side);
    const node = side === "s" ? Prisma.sql`e.src` : Prisma.sql`e.dst`;
    return Prisma.sql`CASE WHEN ${alias}.grp = ANY(${expanded}::text[]) THEN ${node} ELSE 'domain:' || ${alias}.grp END`;
  };
  const [products, datasets, edges] = await Promise.all([
    expanded.some((d) => d !== EXTERNAL)
      ? productRows(prisma, Prisma.sql`d.slug = ANY(${expanded}::text[]) AND ${visibleProductSql(viewer)}`)
      : Promise.resolve([]),
    expanded.includes(EXTERNAL)
      ? prisma.$queryRaw<{ id: string; namespace: string; name: string }[]>`
          SELECT ds.id, ds.namespace, ds.name FROM lineage_datasets ds WHERE ${EXTERNAL_DATASET}`
      : Promise.resolve([]),
    // One row per pair of drawn nodes; between two expanded nodes, one per port or job as in a
    // product's neighbourhood.
    prisma.$queryRaw<{ src: string; dst: string; label: string; via: "port" | "job"; flows: number }[]>`
      WITH e AS (${EDGES}), m AS (${meshNodes(viewer)})
      SELECT src, dst, min(label) AS label, min(via) AS via, count(*)::int AS flows FROM (
        SELECT ${shown("s")} AS src, ${shown("t")} AS dst, e.label, e.via,
               CASE WHEN s.grp = ANY(${expanded}::text[]) AND t.grp = ANY(${expanded}::text[]) THEN e.via || ':' || e.label END AS detail
          FROM e JOIN m s ON s.node = e.src JOIN m t ON t.node = e.dst
      ) x
      WHERE src <> dst
      GROUP BY src, dst, detail`,
  ]);
  const drawn = new Set(expanded);
  const nodes: GraphNode[] = [
    ...domains
      .filter((d) => !drawn.has(d.slug))
      .map((d) => ({
        id: `domain:${d.slug}`,
        type: "domain" as const,
        name: d.name,
        domain: { slug: d.slug, name: d.name },
        depth: 0,
        count: d.count,
      })),
    ...products.map((p) => productNode(p, 0)),
    ...datasets.map((d) => ({
      id: `d:${d.id}`,
      type: "external" as const,
      name: d.name,
      namespace: d.namespace,
      depth: 0,
    })),
  ];
  return {
    nodes,
    edges: edges.map((e) => {
      const merged = e.src.startsWith("domain:") || e.dst.startsWith("domain:");
      const flows = Number(e.flows);
      return {
        id: merged ? `${e.src}->${e.dst}` : `${e.src}->${e.dst}:${e.via}:${e.label}`,
        source: e.src,
        target: e.dst,
        label: merged && flows > 1 ? `${flows} flows` : e.label,
        via: e.via,
        ...(merged ? { flows } : {}),
      };
    }),
    domains,
    expanded,
  };
}

interface ProductRow {
  id: string;
  slug: string;
  name: string;
  kind: string;
  domain_slug: string;
  domain_name: string;
  team_slug: string;
  team_name: string;
  port_types: string[] | null;
  lifecycle: string;
}

/** Products with their domain and owner team, for the lineage graph. */
function productRows(prisma: PrismaClient, where: Prisma.Sql): Promise<ProductRow[]> {
  return prisma.$queryRaw<ProductRow[]>`
    SELECT p.id, p.slug, p.name, p.kind::text AS kind, p.lifecycle::text AS lifecycle, d.slug AS domain_slug, d.name AS domain_name, t.slug AS team_slug, t.name AS team_name,
           p.port_types::text[] AS port_types
      FROM data_products p JOIN domains d ON d.id = p.domain_id JOIN teams t ON t.id = p.owner_team_id
     WHERE ${where}`;
}

const productNode = (p: ProductRow, depth: number): GraphNode => ({
  id: `p:${p.id}`,
  type: "product",
  name: p.name,
  slug: p.slug,
  kind: p.kind,
  domain: { slug: p.domain_slug, name: p.domain_name },
  owner: { slug: p.team_slug, name: p.team_name },
  portTypes: p.port_types ?? [],
  lifecycle: p.lifecycle,
  depth,
});

/**
 * The nodes' details and the edges among them. Drafts `viewer` may not see are left out with
 * their edges, as if they did not exist; retired products stay (the UI greys them).
 */
async function loadGraph(
  prisma: PrismaClient,
  viewer: ProductViewer,
  rows: NodeRow[],
): Promise<{ nodes: GraphNode[]; edges: GraphEdge[] }> {
  const ids = rows.map((r) => r.node);
  const depthOf = new Map(rows.map((r) => [r.node, r.depth]));
  const productIds = ids.filter((n) => n.startsWith("p:")).map((n) => n.slice(2));
  const datasetIds = ids.filter((n) => n.startsWith("d:")).map((n) => n.slice(2));
  const [products, datasets, edges] = await Promise.all([
    productRows(prisma, Prisma.sql`p.id = ANY(${productIds}::uuid[]) AND ${visibleProductSql(viewer)}`),
    datasetIds.length === 0
      ? Promise.resolve([])
      : prisma.lineageDataset.findMany({
          where: { id: { in: datasetIds } },
          select: { id: true, namespace: true, name: true },
        }),
    prisma.$queryRaw<{ src: string; dst: string; label: string; via: "port" | "job" }[]>`
      WITH e AS (${EDGES})
      SELECT DISTINCT src, dst, label, via FROM e WHERE src = ANY(${ids}::text[]) AND dst = ANY(${ids}::text[]) AND src <> dst`,
  ]);
  const shown = new Set([...products.map((p) => `p:${p.id}`), ...datasetIds.map((d) => `d:${d}`)]);
  const nodes: GraphNode[] = [
    ...products.map((p) => productNode(p, depthOf.get(`p:${p.id}`) ?? 0)),
    ...datasets.map((d) => ({
      id: `d:${d.id}`,
      type: "external" as const,
      name: d.name,
      namespace: d.namespace,
      depth: depthOf.get(`d:${d.id}`) ?? 0,
    })),
  ];
  return {
    nodes,
    edges: edges
      .filter((e) => shown.has(e.src) && shown.has(e.dst))
      .map((e) => ({
        id: `${e.src}->${e.dst}:${e.via}:${e.label}`,
        source: e.src,
        target: e.dst,
        label: e.label,
        via: e.via,
      })),
  };
}

export interface ImpactRow {
  depth: number;
  /**
   * With a field asked about: `derived` — an OpenLineage job computes the listed fields from it
   * (columnLineage); `reads port` — a consumer of the whole port (no column lineage says more);
   * `indirect` — further downstream.
   */
  fieldUse?: { kind: "derived" | "reads port" | "indirect"; fields: string[] };
  product: { slug: string; name: string; domain: string; owner: string };
  ports: string[];
  /** Teams holding a live grant on one of this product's output ports. */
  grantTeams: string[];
}

/**
 * Everything downstream of an output port, with depth: the products reading it (input ports or
 * OpenLineage jobs), then whatever reads those, recursively; each with its ports and the teams
 * holding grants on them. Depth 0 is the port's own product (its grant holders are the direct
 * Kafka consumers). With a schema field, each row says how it depends on that field: fields
 * derived from it (OpenLineage columnLineage), the whole port read, or indirectly.
 */
/** Output fields that OpenLineage jobs derive from `field` of the port, per consuming product. */
async function derivedFields(
  prisma: PrismaClient,
  portId: string,
  field: string,
): Promise<Map<string, string[]>> {
  const rows = await prisma.$queryRaw<{ product_id: string; dataset: string; column_lineage: unknown }[]>`
    SELECT oop.product_id, i.name AS dataset, jo.column_lineage
      FROM lineage_datasets i
      JOIN lineage_job_datasets ji ON ji.dataset_id = i.id AND ji.direction = 'INPUT'
      JOIN lineage_job_datasets jo ON jo.job_id = ji.job_id AND jo.direction = 'OUTPUT'
      JOIN lineage_datasets o ON o.id = jo.dataset_id
      JOIN output_ports oop ON oop.id = o.output_port_id
     WHERE i.output_port_id = ${portId}::uuid AND jo.column_lineage IS NOT NULL`;
  const related = (a: string) => a === field || field.startsWith(`${a}.`) || a.startsWith(`${field}.`);
  const out = new Map<string, string[]>();
  for (const row of rows) {
    const lineage = row.column_lineage as Record<string, { name: string; field: string }[]>;
    const fields = Object.entries(lineage)
      .filter(
        ([, inputs]) =>
          Array.isArray(inputs) && inputs.some((i) => i.name === row.dataset && related(i.field)),
      )
      .map(([out]) => out);
    if (fields.length > 0)
      out.set(row.product_id, [...new Set([...(out.get(row.product_id) ?? []), ...fields])].sort());
  }
  return out;
}

export async function getImpact(prisma: PrismaClient, viewer: ProductViewer, portId: string, field?: string) {
  const port = await prisma.outputPort.findUnique({
    where: { id: portId },
    select: {
      id: true,
      name: true,
      productId: true,
      product: { select: { slug: true, name: true, lifecycle: true, ownerTeamId: true } },
    },
  });
  if (!port || !canSeeProduct(viewer, port.product)) throw AppError.notFound("Output port");
  const rows = await prisma.$queryRaw<NodeRow[]>`
    WITH RECURSIVE e AS MATERIALIZED (${EDGES}),
    first(node) AS (
      SELECT 'p:' || ip.product_id FROM input_ports ip WHERE ip.output_port_id = ${portId}::uuid
      UNION
      SELECT coalesce('p:' || oop.product_id, 'd:' || o.id)
        FROM lineage_datasets i
        JOIN lineage_job_datasets ji ON ji.dataset_id = i.id AND ji.direction = 'INPUT'
        JOIN lineage_job_datasets jo ON jo.job_id = ji.job_id AND jo.direction = 'OUTPUT'
        JOIN lineage_datasets o ON o.id = jo.dataset_id LEFT JOIN output_ports oop ON oop.id = o.output_port_id
       WHERE i.output_port_id = ${portId}::uuid
    ),
    down(node, depth) AS (
      SELECT node, 1 FROM first
      UNION
      SELECT e.dst, d.depth + 1 FROM down d JOIN e ON e.src = d.node WHERE d.depth < ${MAX_DEPTH}
    )
    SELECT node, min(depth)::int AS depth FROM down WHERE node <> ${`p:${port.productId}`} GROUP BY node ORDER BY 2, 1`;
  const productIds = [
    port.productId,
    ...rows.filter((r) => r.node.startsWith("p:")).map((r) => r.node.slice(2)),
  ];
  const depthOf = new Map<string, number>([
    [port.productId, 0],
    ...rows.map((r) => [r.node.slice(2), r.depth] as [string, number]),
  ]);
  const products = await prisma.dataProduct.findMany({
    where: { id: { in: productIds }, ...visibleProducts(viewer) },
    select: {
      id: true,
      slug: true,
      name: true,
      domain: { select: { name: true } },
      ownerTeam: { select: { name: true } },
      outputPorts: {
        select: {
          id: true,
          name: true,
          grants: {
            where: { status: { in: ["PROVISIONING", "ACTIVE", "FAILED"] } },
            select: { team: { select: { name: true } } },
          },
        },
      },
    },
  });
  const items: ImpactRow[] = products
    .map((p) => ({
      depth: depthOf.get(p.id) ?? 0,
      product: { slug: p.slug, name: p.name, domain: p.domain.name, owner: p.ownerTeam.name },
      ports: (p.id === port.productId ? p.outputPorts.filter((o) => o.id === port.id) : p.outputPorts).map(
        (o) => o.name,
      ),
      grantTeams: [
        ...new Set(
          (p.id === port.productId ? p.outputPorts.filter((o) => o.id === port.id) : p.outputPorts).flatMap(
            (o) => o.grants.map((g) => g.team.name),
          ),
        ),
      ].sort(),
    }))
    .sort((a, b) => a.depth - b.depth || a.product.name.localeCompare(b.product.name));
  if (field) {
    const derived = await derivedFields(prisma, portId, field);
    const idOf = new Map(products.map((p) => [p.slug, p.id]));
    for (const item of items) {
      if (item.depth === 0) continue;
      const fields = derived.get(idOf.get(item.product.slug)!);
      item.fieldUse = fields
        ? { kind: "derived", fields }
        : item.depth === 1
          ? { kind: "reads port", fields: [] }
          : { kind: "indirect", fields: [] };
    }
  }
  const external = rows.filter((r) => r.node.startsWith("d:")).length;
  return {
    port: { id: port.id, name: port.name, product: { slug: port.product.slug, name: port.product.name } },
    ...(field ? { field } : {}),
    items,
    externalDatasets: external,
  };
}

/** The impact report as CSV (RFC 4180 quoting). */
/**
 * One CSV cell. Text a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a
 * leading apostrophe (OWASP's advice); numbers are written as they are.
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function impactCsv(items: ImpactRow[]): string {
  const cell = csvCell;
  const withField = items.some((r) => r.fieldUse);
  const lines = [
    [
      "depth",
      "product",
      "slug",
      "domain",
      "owner team",
      "ports",
      "teams with grants",
      ...(withField ? ["field use"] : []),
    ].join(","),
  ];
  for (const r of items) {
    const use = r.fieldUse
      ? `${r.fieldUse.kind}${r.fieldUse.fields.length ? `: ${r.fieldUse.fields.join("; ")}` : ""}`
      : "";
    lines.push(
      [
        r.depth,
        r.product.name,
        r.product.slug,
        r.product.domain,
        r.product.owner,
        r.ports.join("; "),
        r.grantTeams.join("; "),
        ...(withField ? [use] : []),
      ]
        .map(cell)
        .join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}
