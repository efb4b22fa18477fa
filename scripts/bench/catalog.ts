/**
 * npm run bench -- catalog — search and product-detail latency on the demo mesh, against a
 * scratch database on the real PostgreSQL and on the embedded PGlite (the demo default).
 */
import { ANY_USER } from "@/lib/catalog/permissions";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { findDataProducts } from "@/lib/catalog/search";
import { getDataProductOrThrow } from "@/lib/catalog/queries";
import { ProductSearchSchema, type ProductSearchInput } from "@/lib/catalog/schemas";
import { openDatabase, type Database } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { DEMO_PRODUCTS } from "@/lib/demo/mesh";
import { seedDemoMesh } from "@/lib/demo/seed";
import { createScratchDatabase, dropDatabase, ensurePostgres } from "../lib/postgres";
import { measure, printTimings, type Timing } from "./stats";

const CASES: [string, ProductSearchInput][] = [
  ["browse (no query, sorted by name)", {}],
  ["word: payment", { q: "payment" }],
  ["prefix while typing: ord", { q: "ord" }],
  ["two words: customer email", { q: "customer email" }],
  [
    "query + facets: order, kafka, source-aligned",
    { q: "order", portType: ["KAFKA_TOPIC"], kind: ["SOURCE_ALIGNED"] },
  ],
  ["no match: zzzqqxx", { q: "zzzqqxx" }],
];

async function run(database: Database, label: string): Promise<void> {
  await database.withSession((s) => applyMigrations(s));
  await seedDemoMesh(database.prisma, { kafkaServer: "kafka://127.0.0.1:9092" });
  const timings: Timing[] = [];
  for (const [name, input] of CASES) {
    const search = ProductSearchSchema.parse(input);
    timings.push(await measure(name, () => findDataProducts(database.prisma, ANY_USER, search)));
  }
  const slugs = DEMO_PRODUCTS.map((p) => p.slug);
  timings.push(
    await measure("product detail (getDataProduct)", (i) =>
      getDataProductOrThrow(database.prisma, ANY_USER, slugs[i % slugs.length]!),
    ),
  );
  printTimings(`${label} — ${DEMO_PRODUCTS.length} products`, timings);
}

export async function benchCatalog(): Promise<void> {
  await ensurePostgres();
  const scratch = await createScratchDatabase("meshport_bench");
  const pgDb = await openDatabase({ url: scratch.url });
  try {
    await run(pgDb, "PostgreSQL (adapter-pg)");
  } finally {
    await pgDb.close();
    await dropDatabase(scratch.name);
  }
  const dir = mkdtempSync(path.join(tmpdir(), "meshport-bench-"));
  const lite = await openDatabase({ pgliteDir: dir });
  try {
    await run(lite, "Embedded PGlite");
  } finally {
    await lite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
