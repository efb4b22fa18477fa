// GET|POST /api/auth/* — next-auth (demo credentials in demo mode, OIDC when configured); failed
// password sign-ins are rate limited per account and per client address (429 + Retry-After)
import NextAuth from "next-auth";
import { cookies } from "next/headers";
import { NextRequest } from "next/server";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { authOptions } from "@/lib/auth/session";
import { db } from "@/lib/db/server";
import {
  clearLimit,
  clientAddress,
  longestRetryAfter,
  recordFailure,
  signInLimits,
} from "@/lib/auth/rate-limit";

type Context = { params: Promise<{ nextauth: string[] }> };

const CALLBACK_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

/** next-auth's own test of a callback URL (core/lib/assert): anything else is a 500 there. */
function parsesAsHttp(value: string, origin: string): boolean {
  try {
    return /^https?:$/.test(new URL(value, value.startsWith("/") ? origin : undefined).protocol);
  } catch {
    return false;
  }
}

/**
 * next-auth answers a callback URL it cannot parse (`?callbackUrl=http://a:b/`, or such a
 * callback-url cookie) with a 500. A bad cookie is cleared (and the request repeated); a bad
 * parameter becomes a path of the portal.
 */
async function sanitize(req: Request): Promise<Request | Response> {
  const url = new URL(req.url);
  const bad = (await cookies())
    .getAll()
    .filter((c) => CALLBACK_COOKIES.includes(c.name) && !parsesAsHttp(c.value, url.origin));
  if (bad.length > 0) {
    // Relative: the server's own idea of its host (e.g. localhost) may not be the one the browser used.
    const res = new Response(null, { status: 307, headers: { location: `${url.pathname}${url.search}` } });
    for (const c of bad)
      res.headers.append(
        "set-cookie",
        `${c.name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${c.name.startsWith("__Secure-") ? "; Secure" : ""}`,
      );
    return res;
  }
  const param = url.searchParams.get("callbackUrl");
  if (param === null || parsesAsHttp(param, url.origin)) return req;
  url.searchParams.set("callbackUrl", safeCallbackPath(param, url.origin));
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new NextRequest(url, {
    method: req.method,
    headers: req.headers,
    ...(hasBody ? { body: await req.text() } : {}),
  });
}

// Built per request so options follow the runtime environment, not the build's.
async function nextAuth(req: Request, context: Context): Promise<Response> {
  const safe = await sanitize(req);
  if (safe instanceof Response) return safe;
  return (await NextAuth(authOptions())(safe, context)) as Response;
}

/** A password sign-in: refused while its account or address is over the limit; failures counted. */
async function passwordSignIn(req: Request, context: Context): Promise<Response> {
  const form = new URLSearchParams(await req.clone().text());
  const email = (form.get("email") ?? "").trim().toLowerCase().slice(0, 320);
  const limits = signInLimits(email, clientAddress(req.headers));
  const prisma = await db();
  const wait = await longestRetryAfter(prisma, limits);
  if (wait > 0) {
    const url = new URL(`/login?error=RateLimited&retryAfter=${wait}`, req.url).toString();
    return Response.json(
      { url, error: { code: "rate_limited", message: `Too many failed sign-ins; try again in ${wait} s` } },
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  }
  const res = await nextAuth(req, context);
  // next-auth answers a failed credentials check with a redirect (or JSON url) carrying ?error=.
  const target =
    res.headers.get("location") ??
    (
      (await res
        .clone()
        .json()
        .catch(() => null)) as { url?: string } | null
    )?.url ??
    "";
  if (/[?&]error=/.test(target)) for (const limit of limits) await recordFailure(prisma, limit);
  else if (res.status < 400) await clearLimit(prisma, limits[0]!);
  return res;
}

export async function GET(req: Request, context: Context): Promise<Response> {
  return nextAuth(req, context);
}

export async function POST(req: Request, context: Context): Promise<Response> {
  const [action, provider] = (await context.params).nextauth;
  if (action === "callback" && provider === "demo") return passwordSignIn(req, context);
  return nextAuth(req, context);
}
