/** Integration tests' handle on this run's real PostgreSQL database (see integration-setup.ts). */
import { inject } from "vitest";
import { openDatabase, type Database } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { createScratchDatabase, dropDatabase } from "../lib/postgres";

export function openTestDatabase(): Promise<Database> {
  return openDatabase({ url: inject("databaseUrl") });
}

/**
 * A database of the test file's own, migrated and empty, for tests that add products the shared
 * database's exact counts must not see (and child processes reach it by `url`). `drop()` closes and removes it.
 */
export async function openOwnDatabase(
  prefix: string,
): Promise<Database & { url: string; drop: () => Promise<void> }> {
  const scratch = await createScratchDatabase(prefix);
  const database = await openDatabase({ url: scratch.url });
  await database.withSession((s) => applyMigrations(s));
  return Object.assign(database, {
    url: scratch.url,
    drop: async () => {
      await database.close();
      await dropDatabase(scratch.name);
    },
  });
}
