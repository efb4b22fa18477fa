// GET /api/v1/lineage?product={slug}&upstream=N&downstream=N — a product's lineage neighbourhood
// GET /api/v1/lineage?expand=a,b|all — the mesh map (domains, and the expanded ones product by product)
// POST /api/v1/lineage — OpenLineage RunEvents (one or an array), idempotent
import { ingestRunEvents } from "@/lib/lineage/ingest";
import { RunEventsSchema } from "@/lib/lineage/openlineage";
import { getLineage, getMeshMap } from "@/lib/lineage/queries";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { LineageQuery } from "@/lib/lineage/schemas";
import { GraphDto } from "@/lib/lineage/dto";

// Any signed-in user: lineage is catalog metadata, as visible as the products themselves.
export const GET = route(
  {
    operationId: "getLineage",
    summary:
      "A product's lineage neighbourhood (recursive, both directions), or without `product` the mesh map: domains as nodes, those in `expand` product by product",
    response: { schema: GraphDto, description: "`{nodes, edges}`" },
    errors: [404],
    query: LineageQuery,
  },
  async ({ query, user }) => {
    const prisma = await db();
    return query.product
      ? getLineage(prisma, user, query.product, query.upstream, query.downstream)
      : getMeshMap(prisma, user, query.expand);
  },
);

// Emitters (Spark, Flink, Airflow, dbt) post with a personal access token; a job may write only
// its caller's teams' ports (or external datasets).
export const POST = route(
  {
    operationId: "ingestOpenLineage",
    summary: "OpenLineage RunEvents (spec 2-0-2), one or an array; idempotent",
    response: { description: "`{accepted, duplicates}`" },
    scope: "lineage:write",
    body: RunEventsSchema,
  },
  async ({ body, user }) => {
    return ingestRunEvents(await db(), user, Array.isArray(body) ? body : [body]);
  },
);
