// GET /api/v1/products/{slug}/contract — every output port's ODCS v3.1.0 contract (multi-document YAML)
// POST /api/v1/products/{slug}/contract[?dryRun=1][&port=<portId>|new] — owners import an ODCS v3 / DCS contract onto a port
import { exportContract } from "@/lib/catalog/contract-io";
import { ContractExportQuery, ContractImportQuery, ProductSlugParams } from "@/lib/catalog/schemas";
import { CONTRACT_MEDIA_TYPES } from "@/lib/contracts";
import { portalKafkaServer, portalTopics } from "@/lib/core/env";
import { db } from "@/lib/db/server";
import { listBrokerTopics } from "@/lib/kafka/admin";
import { route } from "@/lib/http/route";
import { importContract } from "@/lib/publishing/contract-import";

export const GET = route(
  {
    operationId: "exportContract",
    summary: "Every output port's data contract (ODCS v3.1.0), one YAML document per port",
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
    summary:
      "Owners import an ODCS v3 or Data Contract Specification document onto one output port (matched by contract id, then physical name, else `port`); all or nothing",
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
    return importContract(
      await db(),
      user,
      params.slug,
      await req.text(),
      { dryRun, ...(query.port ? { port: query.port } : {}) },
      { kafkaServer: portalKafkaServer(), portalTopics: portalTopics(), listBrokerTopics },
    );
  },
);
