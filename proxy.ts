// Next 16 proxy (formerly middleware): only passes the requested path on to server layouts so a
// sign-in redirect can come back to it. Authorization never happens here — every page and route
// handler checks the user against the database itself.
import { NextResponse, type NextRequest } from "next/server";

export function proxy(request: NextRequest): NextResponse {
  const headers = new Headers(request.headers);
  headers.set("x-meshport-path", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/((?!api|_next/static|_next/image|favicon.ico).*)"] };
