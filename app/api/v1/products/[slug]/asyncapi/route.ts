// POST /api/v1/products/{slug}/asyncapi[?dryRun=1] — owners turn an AsyncAPI 3.0 document's channels into new Kafka ports
import { addressContext } from "@/lib/catalog/address-context";
import { ContractImportQuery, ProductSlugParams } from "@/lib/catalog/schemas";
import { CONTRACT_MEDIA_TYPES } from "@/lib/contracts";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { importAsyncApi } from "@/lib/publishing/asyncapi-import";

export const POST = route(
  {
    operationId: "importAsyncApi",
    summary:
      "Owners import an AsyncAPI 3.0 document (YAML or JSON): each Kafka channel becomes a new port by the publishing rules; `dryRun=1` lists what would be created and skipped",
    response: {
      description: "`{applied, title, channels: [{channel, topic, port, action, detail, schema}]}`",
    },
    errors: [403, 404],
    scope: "catalog:publish",
    contentTypes: CONTRACT_MEDIA_TYPES,
    params: ProductSlugParams,
    query: ContractImportQuery.pick({ dryRun: true }),
  },
  async ({ params, query, user, req }) =>
    importAsyncApi(
      await db(),
      user,
      params.slug,
      await req.text(),
      { dryRun: query.dryRun === "1" || query.dryRun === "true" },
      addressContext(),
    ),
);
