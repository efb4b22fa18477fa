// GET /api/v1/products/{slug}/contract?format=odcs — the product as an ODCS v3 data contract (YAML)
// POST /api/v1/products/{slug}/contract[?dryRun=1] — owners import an ODCS v3 / DCS contract (YAML body)
import { z } from "zod";
import { exportContract, importContract } from "@/lib/catalog/mutations";
import { ProductSlugParams } from "@/lib/catalog/schemas";
import { MAX_CONTRACT_BYTES } from "@/lib/contracts";
import { portalKafkaServer, portalTopics } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { db } from "@/lib/server/db";
import { listBrokerTopics } from "@/lib/server/kafka";
import { route } from "@/lib/server/route";

const ExportQuery = z.object({ format: z.literal("odcs", "only odcs (ODCS v3) is exported").default("odcs") }).strict();
const ImportQuery = z.object({ dryRun: z.enum(["1", "0", "true", "false"]).optional() }).strict();

export const GET = route({ params: ProductSlugParams, query: ExportQuery }, async ({ params }) => {
  const yaml = await exportContract(await db(), params.slug);
  return new Response(yaml, {
    headers: {
      "content-type": "application/yaml; charset=utf-8",
      "content-disposition": `attachment; filename="${params.slug}.odcs.yaml"`,
    },
  });
});

export const POST = route({ params: ProductSlugParams, query: ImportQuery }, async ({ params, query, user, req }) => {
  const yaml = await req.text();
  if (yaml.trim() === "") throw new AppError("validation_failed", "The body must be a contract document (YAML)", 422);
  if (Buffer.byteLength(yaml) > MAX_CONTRACT_BYTES) throw new AppError("validation_failed", "The contract is larger than 1 MiB", 422);
  const dryRun = query.dryRun === "1" || query.dryRun === "true";
  return importContract(await db(), user, params.slug, yaml, dryRun, { kafkaServer: portalKafkaServer(), portalTopics: portalTopics(), listBrokerTopics });
});
