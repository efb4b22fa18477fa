import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createScratchDatabase, dropDatabase } from "@/scripts/lib/postgres";
import { openDatabase } from "./client";
import { applyMigrations, readMigrations, type Migration } from "./migrate";

interface Row {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  applied_steps_count: number;
  logs: string | null;
}

describe("applyMigrations on real PostgreSQL", () => {
  const cleanup: string[] = [];
  afterAll(async () => {
    for (const name of cleanup) await dropDatabase(name);
  });

  it("applies every migration once, with Prisma's bookkeeping", async () => {
    const scratch = await createScratchDatabase("meshport_migrate");
    cleanup.push(scratch.name);
    const database = await openDatabase({ url: scratch.url });
    try {
      const migrations = readMigrations();
      expect(migrations.length).toBeGreaterThanOrEqual(2);
      const first = await database.withSession((s) => applyMigrations(s, migrations));
      expect(first).toEqual(migrations.map((m) => m.name));
      const second = await database.withSession((s) => applyMigrations(s, migrations));
      expect(second).toEqual([]);

      const rows = await database.withSession((s) =>
        s.query<Row>(
          `SELECT migration_name, checksum, finished_at, applied_steps_count, logs FROM "_prisma_migrations" ORDER BY migration_name`,
        ),
      );
      expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
      for (const [i, row] of rows.entries()) {
        expect(row.checksum).toBe(migrations[i]?.checksum);
        expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
        expect(row.finished_at).not.toBeNull();
        expect(row.applied_steps_count).toBe(1);
      }
      // The hand-written search migration's objects exist.
      const ext = await database.withSession((s) =>
        s.query<{ extname: string }>(`SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'`),
      );
      expect(ext).toHaveLength(1);
    } finally {
      await database.close();
    }
  });

  it("rolls back a failing migration completely and records the error", async () => {
    const scratch = await createScratchDatabase("meshport_migrate_fail");
    cleanup.push(scratch.name);
    const database = await openDatabase({ url: scratch.url });
    try {
      const broken: Migration[] = [
        { name: "001_ok", sql: "CREATE TABLE a (id int);", checksum: "a".repeat(64) },
        {
          name: "002_broken",
          sql: "CREATE TABLE b (id int); SELECT * FROM missing_table;",
          checksum: "b".repeat(64),
        },
      ];
      await expect(database.withSession((s) => applyMigrations(s, broken))).rejects.toThrow(
        /002_broken failed/,
      );
      const tables = await database.withSession((s) =>
        s.query<{ tablename: string }>(
          `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('a', 'b')`,
        ),
      );
      expect(tables.map((t) => t.tablename)).toEqual(["a"]);
      const rows = await database.withSession((s) =>
        s.query<Row>(`SELECT * FROM "_prisma_migrations" WHERE migration_name = '002_broken'`),
      );
      expect(rows[0]?.finished_at).toBeNull();
      expect(rows[0]?.logs).toContain("missing_table");
      // A later start refuses to go on past the failed migration instead of skipping it.
      await expect(database.withSession((s) => applyMigrations(s, broken))).rejects.toThrow(/failed earlier/);
    } finally {
      await database.close();
    }
  });
});

describe("the embedded database (PGlite)", () => {
  it("takes the same migrations and keeps data across reopen", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meshport-pglite-"));
    try {
      const first = await openDatabase({ pgliteDir: dir });
      expect(await first.withSession((s) => applyMigrations(s))).toEqual(readMigrations().map((m) => m.name));
      await first.prisma.domain.create({ data: { slug: "orders", name: "Orders" } });
      await first.close();

      const again = await openDatabase({ pgliteDir: dir });
      try {
        expect(await again.withSession((s) => applyMigrations(s))).toEqual([]);
        expect(await again.prisma.domain.findMany({ select: { slug: true } })).toEqual([{ slug: "orders" }]);
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
