// GET /api/v1/products/{slug}/policies — how a product stands against the mesh-wide policies (any signed-in user)
import { ProductSlugParams } from "@/lib/catalog/schemas";
import { db } from "@/lib/db/server";
import { PolicyReportDto } from "@/lib/governance/dto";
import { getProductPolicyReport } from "@/lib/governance/product-report";
import { route } from "@/lib/http/route";

export const GET = route(
  {
    operationId: "getProductPolicyReport",
    summary: "Every violation of the policies in force by this product, naming where and how to fix it",
    response: { schema: PolicyReportDto, description: "The report" },
    errors: [404],
    params: ProductSlugParams,
  },
  async ({ params, user }) => getProductPolicyReport(await db(), user, params.slug),
);
