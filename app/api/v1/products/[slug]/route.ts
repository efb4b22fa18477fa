// GET /api/v1/products/{slug} — one data product with ports, schemas, owners and lineage neighbours
import { toProductDto } from "@/lib/catalog/dto";
import { getDataProductOrThrow } from "@/lib/catalog/queries";
import { ProductSlugParams } from "@/lib/catalog/schemas";
import { db } from "@/lib/server/db";
import { route } from "@/lib/server/route";

export const GET = route({ params: ProductSlugParams }, async ({ params }) =>
  toProductDto(await getDataProductOrThrow(await db(), params.slug)),
);
