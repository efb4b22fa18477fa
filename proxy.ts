// Next 16 proxy (formerly middleware): refuses paths whose percent-escapes do not decode (Next
// would answer them with a bare 500), passes the requested path on to server layouts so a sign-in
// redirect can come back to it, and gives each page a fresh CSP nonce (Next applies it to its own
// scripts). Authorization never happens here — every page and route handler checks the user
// against the database itself.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/core/env";
import { contentSecurityPolicy } from "@/lib/security/headers";
import { hasMalformedEscape } from "@/lib/security/paths";

export function proxy(request: NextRequest): NextResponse {
  const { pathname } = request.nextUrl;
  if (hasMalformedEscape(pathname)) {
    const message = "The address has a malformed percent-escape";
    return pathname.startsWith("/api/")
      ? NextResponse.json({ error: { code: "bad_request", message } }, { status: 400 })
      : new NextResponse(`${message}.`, {
          status: 400,
          headers: { "content-type": "text/plain; charset=utf-8" },
        });
  }
  if (pathname.startsWith("/api/")) return NextResponse.next();
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

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
