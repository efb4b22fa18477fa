// GET /api/v1/products/{slug}/contract?format=odcs — the product as an ODCS v3 data contract (YAML)
// POST /api/v1/products/{slug}/contract[?dryRun=1] — owners import an ODCS v3 / DCS contract (YAML body)
import { exportContract, importContract } from "@/lib/catalog/contract-io";
import { ContractExportQuery, ContractImportQuery, ProductSlugParams } from "@/lib/catalog/schemas";
import { CONTRACT_MEDIA_TYPES } from "@/lib/contracts";
import { portalKafkaServer, portalTopics } from "@/lib/core/env";
import { db } from "@/lib/db/server";
import { listBrokerTopics } from "@/lib/kafka/admin";
import { route } from "@/lib/http/route";

export const GET = route(
  {
    operationId: "exportContract",
    summary: "The product as an ODCS v3.1.0 data contract",
    response: { description: "YAML", mediaType: "application/yaml" },
    errors: [404],
    params: ProductSlugParams,
    query: ContractExportQuery,
  },
  async ({ params, user }) => {
    const yaml = await exportContract(await db(), user, params.slug);
    return new Response(yaml, {
      headers: {
        "content-type": "application/yaml; charset=utf-8",
        "content-disposition": `attachment; filename="${params.slug}.odcs.yaml"`,
      },
    });
  },
);

export const POST = route(
  {
    operationId: "importContract",
    summary: "Owners import an ODCS v3 or Data Contract Specification document (YAML body); all or nothing",
    response: { description: "`{applied, preview}`" },
    errors: [404, 409],
    scope: "catalog:write",
    contentTypes: CONTRACT_MEDIA_TYPES,
    params: ProductSlugParams,
    query: ContractImportQuery,
  },
  async ({ params, query, user, req }) => {
    const dryRun = query.dryRun === "1" || query.dryRun === "true";
    // Authorized before the document is looked at: someone else's product is 403 whatever the body.
    return importContract(await db(), user, params.slug, await req.text(), dryRun, {
      kafkaServer: portalKafkaServer(),
      portalTopics: portalTopics(),
      listBrokerTopics,
    });
  },
);
