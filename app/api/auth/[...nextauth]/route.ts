// GET|POST /api/auth/* — next-auth (demo credentials in demo mode, OIDC when configured); failed
// password sign-ins are rate limited per account and per client address (429 + Retry-After)
import NextAuth from "next-auth";
import { authOptions } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { clearLimit, clientAddress, longestRetryAfter, recordFailure, signInLimits } from "@/lib/server/rate-limit";

type Context = { params: Promise<{ nextauth: string[] }> };

// Built per request so options follow the runtime environment, not the build's.
function nextAuth(req: Request, context: Context): Promise<Response> {
  return NextAuth(authOptions())(req, context) as Promise<Response>;
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
    return Response.json({ url, error: { code: "rate_limited", message: `Too many failed sign-ins; try again in ${wait} s` } }, { status: 429, headers: { "Retry-After": String(wait) } });
  }
  const res = await nextAuth(req, context);
  // next-auth answers a failed credentials check with a redirect (or JSON url) carrying ?error=.
  const target = res.headers.get("location") ?? ((await res.clone().json().catch(() => null)) as { url?: string } | null)?.url ?? "";
  if (/[?&]error=/.test(target)) await Promise.all(limits.map((l) => recordFailure(prisma, l)));
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
