/**
 * The local PostgreSQL the tests use: started if it is down, one throwaway database per run.
 */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import pg from "pg";
import { scriptEnv } from "../config/env";

export const ADMIN_URL = scriptEnv().TEST_POSTGRES_URL;

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Makes sure PostgreSQL answers, starting the Debian cluster when it is down. */
export async function ensurePostgres(): Promise<void> {
  if (await canConnect(ADMIN_URL)) return;
  let versions: string[];
  try {
    versions = readdirSync("/etc/postgresql");
  } catch {
    throw new Error(`PostgreSQL is not reachable at ${ADMIN_URL} and no local cluster is installed`);
  }
  for (const version of versions) {
    console.error(`[postgres] starting cluster ${version}/main …`);
    try {
      execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"], {
        stdio: "inherit",
      });
    } catch (err) {
      console.error(`[postgres] pg_ctlcluster failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  for (let i = 0; i < 60; i++) {
    if (await canConnect(ADMIN_URL)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`PostgreSQL did not come up at ${ADMIN_URL}`);
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates a fresh database and returns its URL. */
export async function createScratchDatabase(prefix: string): Promise<{ name: string; url: string }> {
  const name = `${prefix}_${Date.now().toString(36)}_${process.pid}`
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "_");
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return { name, url: withDatabase(ADMIN_URL, name) };
}

export async function dropDatabase(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
