// GET /api/v1/lineage/impact?port={portId}[&field=path][&format=csv] — everything downstream of a port, with depth and grant holders
import { getImpact, impactCsv } from "@/lib/lineage/queries";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { ImpactQuery } from "@/lib/lineage/schemas";

// Any signed-in user: the same catalog metadata the lineage view shows.
export const GET = route(
  {
    operationId: "getImpact",
    summary: "Everything downstream of an output port, with depth, ports and teams holding grants",
    response: { description: "The report" },
    errors: [404],
    query: ImpactQuery,
  },
  async ({ query, user }) => {
    const impact = await getImpact(await db(), user, query.port, query.field);
    if (query.format === "csv") {
      return new Response(impactCsv(impact.items), {
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="impact-${impact.port.product.slug}-${impact.port.name}.csv"`,
        },
      });
    }
    return impact;
  },
);
