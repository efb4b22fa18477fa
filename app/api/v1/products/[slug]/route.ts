// GET /api/v1/products/{slug} — one data product with ports, schemas, owners and lineage neighbours
// PATCH /api/v1/products/{slug} — its owners edit docs, summary, tags, service levels, terms (409 when stale)
import { ProductDetailDto, SavedProductDto, toProductDto } from "@/lib/catalog/dto";
import { updateProduct } from "@/lib/catalog/mutations";
import { getDataProductOrThrow } from "@/lib/catalog/queries";
import { ProductSlugParams, ProductUpdateSchema } from "@/lib/catalog/schemas";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";

export const GET = route(
  {
    operationId: "getDataProduct",
    summary: "A data product with docs, owners, ports and schemas, inputs and consumers",
    response: { schema: ProductDetailDto, description: "The product" },
    errors: [404],
    params: ProductSlugParams,
  },
  async ({ params, user }) => toProductDto(await getDataProductOrThrow(await db(), user, params.slug)),
);

export const PATCH = route(
  {
    operationId: "updateDataProduct",
    summary:
      "Owners (and admins) edit docs, summary, tags, service levels, terms; `revision` must be the one edited (409 when stale)",
    response: { schema: SavedProductDto, description: "Saved; the new revision" },
    errors: [404, 409],
    scope: "catalog:write",
    params: ProductSlugParams,
    body: ProductUpdateSchema,
  },
  async ({ params, body, user }) => updateProduct(await db(), user, params.slug, body),
);
