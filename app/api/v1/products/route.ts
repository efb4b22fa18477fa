// GET /api/v1/products — full-text search over data products with facets (any signed-in user)
// POST /api/v1/products — a team creates a data product; it starts DRAFT (its team and admins see it)
import { NextResponse } from "next/server";
import { findDataProducts } from "@/lib/catalog/search";
import { ProductSearchSchema } from "@/lib/catalog/schemas";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { ProductSearchResultDto } from "@/lib/catalog/dto";
import { createProduct } from "@/lib/publishing/products";
import { ProductCreateSchema } from "@/lib/publishing/schemas";
import { CreatedProductDto } from "@/lib/publishing/dto";

export const GET = route(
  {
    operationId: "findDataProducts",
    summary:
      "Search data products (full-text, facets); drafts only for their team, retired ones with `retired=1`",
    response: {
      schema: ProductSearchResultDto,
      description: "A page of matches, the total and facet counts",
    },
    query: ProductSearchSchema,
  },
  async ({ query, user }) => findDataProducts(await db(), user, query),
);

export const POST = route(
  {
    operationId: "createDataProduct",
    summary:
      "Create a data product for one of your teams (admins: any); it is DRAFT until published, and the answer lists what publishing would refuse",
    response: { schema: CreatedProductDto, status: 201, description: "`{slug, lifecycle, violations}`" },
    errors: [403, 409],
    scope: "catalog:publish",
    body: ProductCreateSchema,
  },
  async ({ body, user }) => NextResponse.json(await createProduct(await db(), user, body), { status: 201 }),
);
