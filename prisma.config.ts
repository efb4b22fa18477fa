// Prisma 7 CLI configuration. Only `prisma generate` runs on this project's machines: migrations
// are generated with scripts/prisma-migrate (offline, Prisma 6 wasm engine) and applied by
// lib/db/migrate.ts; online, `prisma migrate deploy` works on the same folder.
import { defineConfig } from "prisma/config";
import { env, setEnv } from "./lib/core/env";
import { scriptEnv } from "./scripts/config/env";

// `generate` never needs the schema engine, but the CLI tries to download it unless a path is set.
if (process.argv.includes("generate") && !scriptEnv().PRISMA_SCHEMA_ENGINE_BINARY) {
  setEnv({ PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false" });
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx scripts/db.ts seed" },
  datasource: { url: env().DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/meshport" },
});
