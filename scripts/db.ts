/**
 * npm run db:migrate | db:seed — applies prisma/migrations (and seeds the demo mesh) on the
 * database the app would use: DATABASE_URL, or the embedded PGlite under MESHPORT_DATA_DIR.
 */
import { openDatabase } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { seedDemoMesh } from "@/lib/demo/seed";
import { env, pgliteDir, portalKafkaServer } from "@/lib/core/env";

async function main(): Promise<void> {
  const command = process.argv[2];
  if (command !== "migrate" && command !== "seed") {
    console.error("usage: tsx scripts/db.ts migrate|seed");
    process.exit(2);
  }
  const e = env();
  const database = await openDatabase(e.DATABASE_URL ? { url: e.DATABASE_URL } : { pgliteDir: pgliteDir() });
  try {
    const applied = await database.withSession((s) => applyMigrations(s));
    console.log(applied.length ? `Applied ${applied.join(", ")}` : "Migrations: up to date");
    if (command === "seed") {
      const seeded = await seedDemoMesh(database.prisma, { kafkaServer: portalKafkaServer() });
      console.log(seeded ? "Seeded the demo mesh" : "The database already has a mesh: left as it is");
    }
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
