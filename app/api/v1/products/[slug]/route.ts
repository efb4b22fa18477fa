// GET /api/v1/products/{slug}[?format=odps|asyncapi] — one data product with ports, schemas, owners and lineage neighbours (or as ODPS 1.0 / AsyncAPI 3.0 YAML)
// PATCH /api/v1/products/{slug} — its owners edit docs, summary, tags, service levels, terms (409 when stale)
import { ProductDetailDto, SavedProductDto, toProductDto } from "@/lib/catalog/dto";
import { productAsyncApiYaml, productOdpsYaml } from "@/lib/catalog/exports";
import { updateProduct } from "@/lib/catalog/mutations";
import { getDataProductOrThrow } from "@/lib/catalog/queries";
import { ProductFormatQuery, ProductSlugParams, ProductUpdateSchema } from "@/lib/catalog/schemas";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";

const yaml = (text: string, filename: string) =>
  new Response(text, {
    headers: {
      "content-type": "application/yaml; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
    },
  });

export const GET = route(
  {
    operationId: "getDataProduct",
    summary:
      "A data product with docs, owners, ports and schemas, inputs and consumers; `format=odps` gives its ODPS 1.0 document, `format=asyncapi` its AsyncAPI 3.0 document (YAML)",
    response: { schema: ProductDetailDto, description: "The product (JSON), or YAML for odps/asyncapi" },
    errors: [404],
    params: ProductSlugParams,
    query: ProductFormatQuery,
  },
  async ({ params, query, user }) => {
    const prisma = await db();
    if (query.format === "odps")
      return yaml(await productOdpsYaml(prisma, user, params.slug), `${params.slug}.odps.yaml`);
    if (query.format === "asyncapi")
      return yaml(await productAsyncApiYaml(prisma, user, params.slug), `${params.slug}.asyncapi.yaml`);
    return toProductDto(await getDataProductOrThrow(prisma, user, params.slug));
  },
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
