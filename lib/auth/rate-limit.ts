import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Fixed-window counters in the database (`rate_limit_buckets`), so every portal instance counts
 * the same failures. Only failures are counted: a limit is checked first (`retryAfter`), and a
 * failed attempt then `recordFailure`s. One statement per call; concurrent increments are atomic.
 */
export interface Limit {
  key: string;
  max: number;
  windowMs: number;
}

/** Seconds until `limit` lets the caller try again, or 0 when it is not exhausted. */
export async function retryAfter(prisma: PrismaClient, limit: Limit): Promise<number> {
  const rows = await prisma.$queryRaw<{ count: number; window_start: Date }[]>`
    SELECT count, window_start FROM rate_limit_buckets WHERE key = ${limit.key}`;
  const row = rows[0];
  if (!row) return 0;
  const endsAt = row.window_start.getTime() + limit.windowMs;
  if (endsAt <= Date.now() || row.count < limit.max) return 0;
  return Math.max(1, Math.ceil((endsAt - Date.now()) / 1000));
}

/** Counts one failure against `limit` (a new window starts when the last one is over). */
export async function recordFailure(prisma: PrismaClient, limit: Limit): Promise<void> {
  const windowStart = new Date(Date.now() - limit.windowMs);
  await prisma.$executeRaw`
    INSERT INTO rate_limit_buckets (key, window_start, count) VALUES (${limit.key}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limit_buckets.window_start <= ${windowStart} THEN 1 ELSE rate_limit_buckets.count + 1 END,
      window_start = CASE WHEN rate_limit_buckets.window_start <= ${windowStart} THEN now() ELSE rate_limit_buckets.window_start END`;
}

/**
 * Counts one call against `limit` and answers how long the caller must wait: 0 when the call is
 * within the limit, else the seconds until the window ends (the call is refused). One statement,
 * so concurrent calls on every instance count exactly; refused calls count too (harmless: the
 * window's end, not the count, decides when calls pass again).
 */
export async function takeCall(prisma: PrismaClient, limit: Limit): Promise<number> {
  const windowStart = new Date(Date.now() - limit.windowMs);
  const rows = await prisma.$queryRaw<{ count: number; window_start: Date }[]>`
    INSERT INTO rate_limit_buckets (key, window_start, count) VALUES (${limit.key}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limit_buckets.window_start <= ${windowStart} THEN 1 ELSE rate_limit_buckets.count + 1 END,
      window_start = CASE WHEN rate_limit_buckets.window_start <= ${windowStart} THEN now() ELSE rate_limit_buckets.window_start END
    RETURNING count, window_start`;
  const row = rows[0];
  if (!row || row.count <= limit.max) return 0;
  return Math.max(1, Math.ceil((row.window_start.getTime() + limit.windowMs - Date.now()) / 1000));
}

export async function clearLimit(prisma: PrismaClient, limit: Limit): Promise<void> {
  await prisma.$executeRaw`DELETE FROM rate_limit_buckets WHERE key = ${limit.key}`;
}

/** The longest wait among several limits (0 when none is exhausted). */
export async function longestRetryAfter(prisma: PrismaClient, limits: readonly Limit[]): Promise<number> {
  // One after the other: the embedded database has a single connection.
  let longest = 0;
  for (const limit of limits) longest = Math.max(longest, await retryAfter(prisma, limit));
  return longest;
}

const TEN_MINUTES = 10 * 60_000;

/** Failed sign-ins: strict per account, generous per address (scripts on one host must not lock each other out). */
export const signInLimits = (email: string, address: string): Limit[] => [
  { key: `signin:account:${email.toLowerCase()}`, max: 10, windowMs: TEN_MINUTES },
  { key: `signin:address:${address}`, max: 100, windowMs: TEN_MINUTES },
];

/** MCP tool calls per token (all of them, not only failures). */
export const mcpCallLimit = (tokenId: string, perMinute: number): Limit => ({
  key: `mcp:token:${tokenId}`,
  max: perMinute,
  windowMs: 60_000,
});

/** Failed bearer tokens per client address. */
export const bearerLimit = (address: string): Limit => ({
  key: `bearer:address:${address}`,
  max: 100,
  windowMs: TEN_MINUTES,
});

/**
 * The client's address: the last X-Forwarded-For hop (the one our own server or the reverse proxy
 * in front of it added). Without a proxy a client can send its own header, so the per-address
 * limits are a courtesy there; the per-account limit holds regardless.
 */
export function clientAddress(headers: Headers): string {
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  return (hops.at(-1) ?? headers.get("x-real-ip") ?? "unknown").slice(0, 64);
}
