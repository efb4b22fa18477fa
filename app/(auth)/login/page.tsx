import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { DEMO_PERSONAS } from "@/lib/demo/personas";
import { env } from "@/lib/core/env";
import { getCurrentUser } from "@/lib/auth/session";
import { LoginForm } from "./_components/login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  // Only the portal's own paths: never bounce a signed-in user to another site.
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  const e = env();
  return (
    <main className="login card">
      <h1>Sign in to Meshport</h1>
      <LoginForm
        callbackUrl={callbackUrl}
        signInError={typeof params.error === "string" ? params.error : undefined}
        demo={e.MESHPORT_DEMO}
        oidcName={e.OIDC_ISSUER && e.OIDC_CLIENT_ID ? e.OIDC_NAME : null}
        personas={
          e.MESHPORT_DEMO
            ? DEMO_PERSONAS.map((p) => ({
                email: p.email,
                name: p.name,
                team: p.role === "ADMIN" ? "platform admin" : (p.teams[0]?.slug ?? ""),
              }))
            : []
        }
      />
    </main>
  );
}
