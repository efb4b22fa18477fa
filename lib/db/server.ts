import "server-only";
import { env, pgliteDir } from "@/lib/core/env";
import { openDatabase, type Database } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import type { PrismaClient } from "@/lib/generated/prisma/client";

// One database per server process, cached on globalThis so dev reloads reuse it (PGlite may be
// opened by one owner only).
const holder = globalThis as unknown as { __meshportDb?: Promise<Database> };

async function open(): Promise<Database> {
  const { DATABASE_URL } = env();
  const database = await openDatabase(DATABASE_URL ? { url: DATABASE_URL } : { pgliteDir: pgliteDir() });
  const applied = await database.withSession((s) => applyMigrations(s));
  if (applied.length > 0) console.info(`[db] applied migrations: ${applied.join(", ")}`);
  return database;
}

/** The process's database, migrated. The first call opens it; errors go up to the caller. */
export function getDatabase(): Promise<Database> {
  holder.__meshportDb ??= open().catch((err: unknown) => {
    holder.__meshportDb = undefined;
    throw err;
  });
  return holder.__meshportDb;
}

export async function db(): Promise<PrismaClient> {
  return (await getDatabase()).prisma;
}
