import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Fixed-window counters in the database (`rate_limit_buckets`), so every portal instance counts
 * the same. Sign-ins and bearer tokens count failures only: a limit is checked first
 * (`retryAfter`), and a failed attempt then `recordFailure`s. MCP counts every call (`takeCall`).
 * One statement per call; concurrent increments are atomic.
 */
export interface Limit {
  key: string;
  max: number;
  windowMs: number;
}

// Windows are measured on the database's clock only (never compared with an instance's): the
// instances' clocks may differ from it and from each other.

/** Seconds until `limit` lets the caller try again, or 0 when it is not exhausted. */
export async function retryAfter(prisma: PrismaClient, limit: Limit): Promise<number> {
  const rows = await prisma.$queryRaw<{ wait: number }[]>`
    SELECT ceil(extract(epoch FROM window_start + make_interval(secs => ${limit.windowMs / 1000}) - now()))::int AS wait
      FROM rate_limit_buckets
     WHERE key = ${limit.key} AND count >= ${limit.max}
       AND window_start + make_interval(secs => ${limit.windowMs / 1000}) > now()`;
  const row = rows[0];
  return row ? Math.max(1, row.wait) : 0;
}

/** Counts one failure against `limit` (a new window starts when the last one is over). */
export async function recordFailure(prisma: PrismaClient, limit: Limit): Promise<void> {
  await takeCall(prisma, limit);
}

/**
 * Counts one call against `limit`. `retryAfter` is 0 when the call is within the limit, else the
 * seconds until the window ends (the call is refused); `count` is the calls in this window, the
 * refused ones included (the window's end, not the count, decides when calls pass again). One
 * statement, so concurrent calls on every instance count exactly.
 */
export async function takeCall(
  prisma: PrismaClient,
  limit: Limit,
): Promise<{ retryAfter: number; count: number }> {
  const seconds = limit.windowMs / 1000;
  const rows = await prisma.$queryRaw<{ count: number; wait: number }[]>`
    INSERT INTO rate_limit_buckets (key, window_start, count) VALUES (${limit.key}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limit_buckets.window_start <= now() - make_interval(secs => ${seconds}) THEN 1
                   ELSE rate_limit_buckets.count + 1 END,
      window_start = CASE WHEN rate_limit_buckets.window_start <= now() - make_interval(secs => ${seconds}) THEN now()
                          ELSE rate_limit_buckets.window_start END
    RETURNING count, ceil(extract(epoch FROM window_start + make_interval(secs => ${seconds}) - now()))::int AS wait`;
  const row = rows[0]!;
  return { count: row.count, retryAfter: row.count <= limit.max ? 0 : Math.max(1, row.wait) };
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
