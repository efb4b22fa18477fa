/** Integration tests' handle on this run's real PostgreSQL database (see integration-setup.ts). */
import { inject } from "vitest";
import { openDatabase, type Database } from "@/lib/db/client";

export function openTestDatabase(): Promise<Database> {
  return openDatabase({ url: inject("databaseUrl") });
}
