// GET /api/v1/lineage?product={slug}&upstream=N&downstream=N — a product's lineage neighbourhood (or the whole mesh)
// POST /api/v1/lineage — OpenLineage RunEvents (one or an array), idempotent
import { z } from "zod";
import { ingestRunEvents } from "@/lib/lineage/ingest";
import { RunEventsSchema } from "@/lib/lineage/openlineage";
import { getLineage, getMeshLineage, MAX_DEPTH } from "@/lib/lineage/queries";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { SLUG_PATTERN } from "@/lib/core/schema-primitives";

const depth = z
  .union([z.literal("all"), z.coerce.number().int("must be a whole number").min(0).max(MAX_DEPTH)])
  .default(1)
  .transform((d) => (d === "all" ? MAX_DEPTH : d));

const Query = z
  .object({
    product: z.string().regex(SLUG_PATTERN, "must be a product slug").optional(),
    upstream: depth,
    downstream: depth,
  })
  .strict();

// Any signed-in user: lineage is catalog metadata, as visible as the products themselves.
export const GET = route(
  {
    operationId: "getLineage",
    summary:
      "A product's lineage neighbourhood (recursive, both directions), or the whole mesh without `product`",
    response: { description: "`{nodes, edges}`" },
    errors: [404],
    query: Query,
  },
  async ({ query }) => {
    const prisma = await db();
    return query.product
      ? getLineage(prisma, query.product, query.upstream, query.downstream)
      : getMeshLineage(prisma);
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
