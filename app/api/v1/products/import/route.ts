// POST /api/v1/products/import[?dryRun=1] — product as code: one ODPS 1.0 product and its ODCS contracts (multi-document YAML)
import { ContractImportQuery } from "@/lib/catalog/schemas";
import { CONTRACT_MEDIA_TYPES } from "@/lib/contracts";
import { addressContext } from "@/lib/catalog/address-context";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { importProduct } from "@/lib/publishing/product-import";

export const POST = route(
  {
    operationId: "importProduct",
    summary:
      "Creates or updates a data product from an ODPS 1.0 document and its output ports' ODCS contracts (`---` separated); `dryRun=1` plans. What `npm run meshport -- plan|apply` sends",
    response: {
      description:
        "`{applied, product: {slug, action, changes, notes}, contracts: [{index, applied, preview}]}`",
    },
    errors: [403, 404, 409],
    scope: "catalog:publish",
    contentTypes: CONTRACT_MEDIA_TYPES,
    query: ContractImportQuery.pick({ dryRun: true }),
  },
  async ({ query, user, req }) =>
    importProduct(
      await db(),
      user,
      await req.text(),
      { dryRun: query.dryRun === "1" || query.dryRun === "true" },
      addressContext(),
    ),
);
