// GET|POST /api/auth/* — next-auth (demo credentials in demo mode, OIDC when configured)
import NextAuth from "next-auth";
import { authOptions } from "@/lib/server/auth";

// Built per request so options follow the runtime environment, not the build's.
function handler(req: Request, context: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  return NextAuth(authOptions())(req, context) as Promise<Response>;
}

export { handler as GET, handler as POST };
