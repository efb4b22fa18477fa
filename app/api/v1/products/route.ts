// GET /api/v1/products — full-text search over data products with facets (any signed-in user)
import { findDataProducts } from "@/lib/catalog/search";
import { ProductSearchSchema } from "@/lib/catalog/schemas";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { ProductSearchResultDto } from "@/lib/catalog/dto";

export const GET = route(
  {
    operationId: "findDataProducts",
    summary: "Search data products (full-text, facets)",
    response: {
      schema: ProductSearchResultDto,
      description: "A page of matches, the total and facet counts",
    },
    query: ProductSearchSchema,
  },
  async ({ query }) => findDataProducts(await db(), query),
);
