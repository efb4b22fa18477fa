/**
 * Opens Meshport's database: real PostgreSQL through @prisma/adapter-pg when a URL is given,
 * otherwise the embedded PGlite (in process, persisted in a folder). Plain Node — used by the
 * app (lib/db/server.ts), scripts and tests alike. Migrations are applied by the caller.
 */
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";
import type { SqlSession } from "./migrate";

export interface Database {
  kind: "postgres" | "pglite";
  prisma: PrismaClient;
  /** Runs `fn` on one connection (session-scoped locks, multi-statement scripts). */
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type DatabaseTarget = { url: string } | { pgliteDir: string };

/**
 * Interactive transactions: wait up to 5 s for a connection and run up to 15 s. With Prisma's
 * defaults (2 s and 5 s) two approvals in the fault test answered 500 — three brokers, two
 * instances and 50 live streams on two cores; the work inside is a handful of statements, never a
 * broker call, so only load makes it slow.
 */
const TRANSACTION_OPTIONS = { maxWait: 5000, timeout: 15_000 };

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return "url" in target ? openPostgres(target.url) : openPGlite(target.pgliteDir);
}

async function openPostgres(url: string): Promise<Database> {
  // No JIT: the portal's queries are short, and PostgreSQL compiles one whose row estimate is
  // large (a join on computed keys) for half a second before running it in a hundred milliseconds
  // (the mesh map at 10,000 products: 680 ms with JIT, 140 without). No synchronized scans: a scan
  // under a LIMIT (a search's sample without words) would start where the last one stopped, so
  // successive searches wander through the whole table and read pages no cache holds (100–670 ms
  // at a million products); from the start, they read the same few. Both are startup options, so
  // no query races the first one on a new connection. Behind PgBouncer, list `options` in its
  // ignore_startup_parameters and set both for the database instead.
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    options: "-c jit=off -c synchronize_seqscans=off",
  });
  // An idle client's network error must not crash the process; the next query reports it.
  pool.on("error", (err) => console.error("[db] idle PostgreSQL client error:", err.message));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions: TRANSACTION_OPTIONS });
  return {
    kind: "postgres",
    prisma,
    async withSession(fn) {
      const client = await pool.connect();
      try {
        return await fn({
          async query<T>(sql: string, params?: unknown[]) {
            return (await client.query(sql, params)).rows as T[];
          },
          async exec(sql) {
            await client.query(sql);
          },
        });
      } finally {
        client.release();
      }
    },
    async close() {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
}

async function openPGlite(dir: string): Promise<Database> {
  mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir, { extensions: { pg_trgm } });
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db), transactionOptions: TRANSACTION_OPTIONS });
  return {
    kind: "pglite",
    prisma,
    // PGlite is a single connection: every call is already "one session".
    async withSession(fn) {
      return fn({
        async query<T>(sql: string, params?: unknown[]) {
          return (await db.query(sql, params)).rows as T[];
        },
        async exec(sql) {
          await db.exec(sql);
        },
      });
    },
    async close() {
      await prisma.$disconnect();
      if (!db.closed) await db.close();
    },
  };
}
