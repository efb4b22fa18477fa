// Next 16 proxy (formerly middleware): passes the requested path on to server layouts so a sign-in
// redirect can come back to it, and gives each page a fresh CSP nonce (Next applies it to its own
// scripts). Authorization never happens here — every page and route handler checks the user
// against the database itself.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/core/env";
import { contentSecurityPolicy } from "@/lib/security/headers";

export function proxy(request: NextRequest): NextResponse {
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const e = env();
  const csp = contentSecurityPolicy(nonce, {
    dev: e.NODE_ENV === "development",
    formTargets: e.OIDC_ISSUER ? [new URL(e.OIDC_ISSUER).origin] : [],
  });
  const headers = new Headers(request.headers);
  headers.set("x-meshport-path", request.nextUrl.pathname + request.nextUrl.search);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = { matcher: ["/((?!api|_next/static|_next/image|favicon.ico).*)"] };
