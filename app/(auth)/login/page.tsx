import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { DEMO_PERSONAS } from "@/lib/demo/personas";
import { env } from "@/lib/env";
import { getCurrentUser } from "@/lib/server/auth";
import { LoginForm } from "./_components/login-form";

export const metadata: Metadata = { title: "Sign in" };

function safeCallback(raw: string | string[] | undefined): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  // Only same-origin paths: never bounce a signed-in user to another site.
  return value && value.startsWith("/") && !value.startsWith("//") ? value : "/";
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
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
        personas={e.MESHPORT_DEMO ? DEMO_PERSONAS.map((p) => ({ email: p.email, name: p.name, team: p.role === "ADMIN" ? "platform admin" : (p.teams[0]?.slug ?? "") })) : []}
      />
    </main>
  );
}
