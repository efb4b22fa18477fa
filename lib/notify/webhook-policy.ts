/**
 * Webhook rules that need no network: which URLs are acceptable targets (server-side request
 * forgery guard), which answers are retried, and when. Pure, unit-tested. The delivery checks the
 * addresses a host name resolves to again, at connect time (`lib/notify/webhook-send.ts`).
 */
import { isIP } from "node:net";

/** Why `raw` cannot be a webhook target, or null. `allowPrivate`: loopback and private networks too. */
export function webhookUrlProblem(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be an absolute http(s) URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "must use http or https";
  if (url.username || url.password)
    return "must not carry a user name or password (the signature authenticates)";
  if (url.hash) return "must not have a #fragment";
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (!host) return "must name a host";
  if (allowPrivate) return null;
  if (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host.endsWith(".local") ||
    host.endsWith(".internal")
  )
    return `must not point at a local or internal host (${host})`;
  if (isIP(host) && isPrivateAddress(host))
    return `must not point at a private, loopback or link-local address (${host})`;
  return null;
}

const v4 = (ip: string): number[] | null => {
  const parts = ip.split(".").map(Number);
  return parts.length === 4 && parts.every((n) => Number.isInteger(n) && n >= 0 && n <= 255) ? parts : null;
};

/** Loopback, private, link-local, carrier-grade NAT, unspecified, multicast and reserved addresses (IPv4 and IPv6). */
export function isPrivateAddress(ip: string): boolean {
  const addr = ip.toLowerCase();
  const four = v4(addr);
  if (four) {
    const [a, b] = four as [number, number, number, number];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 192 && b === 0) ||
      (a === 198 && (b === 18 || b === 19)) ||
      a >= 224
    );
  }
  if (addr === "::" || addr === "::1") return true;
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible forms: judge the IPv4 address.
  const mapped = /^(?:0*:)*(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/.exec(addr);
  if (mapped) return isPrivateAddress(mapped[1]!);
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(addr);
  if (hex) {
    const n = (parseInt(hex[1]!, 16) << 16) | parseInt(hex[2]!, 16);
    return isPrivateAddress([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join("."));
  }
  const first = parseInt(addr.split(":")[0] || "0", 16);
  return (
    (first & 0xfe00) === 0xfc00 || // unique local fc00::/7
    (first & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (first & 0xff00) === 0xff00 || // multicast
    addr.startsWith("64:ff9b:") || // NAT64 (reaches IPv4, possibly private)
    addr.startsWith("2001:db8:")
  );
}

/** How an answer (or its absence: `status` null) is treated: delivered, retried later, or given up. */
export function outcomeOf(status: number | null): "delivered" | "retry" | "give_up" {
  if (status === null) return "retry";
  if (status >= 200 && status < 300) return "delivered";
  if (status === 408 || status === 429 || status >= 500) return "retry";
  return "give_up";
}

export const RETRY_WINDOW_MS = 24 * 3_600_000;
const MAX_DELAY_MS = 4 * 3_600_000;

/**
 * When to try again after `attempts` failed tries: `firstMs` doubling (capped at 4 hours), ±10 %
 * jitter from `random`, and never beyond 24 hours after the delivery was created — then null.
 */
export function nextAttemptAt(
  attempts: number,
  createdAt: Date,
  now: Date,
  firstMs: number,
  random: () => number = Math.random,
): Date | null {
  const base = Math.min(firstMs * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
  const delay = Math.round(base * (0.9 + 0.2 * random()));
  const at = now.getTime() + delay;
  return at > createdAt.getTime() + RETRY_WINDOW_MS ? null : new Date(at);
}
