import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { findCurrentUser } from "@/lib/auth/find-user";
import type { CurrentUser } from "@/lib/auth/types";
import { DEMO_PASSWORD } from "@/lib/demo/personas";
import { env } from "@/lib/env";
import { db } from "./db";

// Only for demo/test mode, where a fixed secret is harmless; production must set NEXTAUTH_SECRET.
const DEMO_SECRET = "meshport-demo-secret-not-for-production";

const CredentialsInput = z.object({ email: z.string().email(), password: z.string().min(1) });

function passwordMatches(given: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(DEMO_PASSWORD);
  return a.length === b.length && timingSafeEqual(a, b);
}

function buildProviders(): NextAuthOptions["providers"] {
  const e = env();
  const providers: NextAuthOptions["providers"] = [];
  if (e.MESHPORT_DEMO) {
    providers.push(
      CredentialsProvider({
        id: "demo",
        name: "Demo persona",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(raw) {
          const parsed = CredentialsInput.safeParse(raw);
          if (!parsed.success || !passwordMatches(parsed.data.password)) return null;
          const user = await (await db()).user.findUnique({ where: { email: parsed.data.email.toLowerCase() } });
          return user ? { id: user.id, email: user.email, name: user.name } : null;
        },
      }),
    );
  }
  if (e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET) {
    providers.push({
      id: "oidc",
      name: e.OIDC_NAME,
      type: "oauth",
      wellKnown: `${e.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(profile: { sub: string; email?: string; name?: string }) {
        return { id: profile.sub, email: profile.email ?? null, name: profile.name ?? profile.email ?? profile.sub };
      },
    });
  }
  return providers;
}

let cachedOptions: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  cachedOptions ??= {
    secret: env().NEXTAUTH_SECRET ?? (env().MESHPORT_DEMO ? DEMO_SECRET : undefined),
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    pages: { signIn: "/login" },
    providers: buildProviders(),
    callbacks: {
      // OIDC users are provisioned on first sign-in; roles and teams are granted in Meshport.
      async signIn({ user }) {
        if (!user.email) return false;
        const email = user.email.toLowerCase();
        await (await db()).user.upsert({
          where: { email },
          create: { email, name: user.name ?? email },
          update: {},
        });
        return true;
      },
      // The token carries only the email: roles and memberships are read per request.
      async jwt({ token, user }) {
        if (user?.email) token.email = user.email.toLowerCase();
        return token;
      },
      async session({ session, token }) {
        if (session.user && typeof token.email === "string") session.user.email = token.email;
        return session;
      },
    },
  };
  return cachedOptions;
}

async function loadUser(where: { email: string } | { id: string }): Promise<CurrentUser | null> {
  return findCurrentUser(await db(), where);
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

async function userFromBearer(authorization: string): Promise<CurrentUser | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match?.[1]) return null;
  const token = await (await db()).apiToken.findUnique({ where: { tokenHash: hashApiToken(match[1]) } });
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt < new Date())) return null;
  // Shown in the token list; a lost update here is harmless, so it does not delay the request.
  void (await db()).apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  return loadUser({ id: token.userId });
}

/**
 * The current user from the session cookie or a personal access token, with role and teams
 * fresh from the database; null when nobody is signed in (or the user no longer exists).
 */
export async function getCurrentUser(headers?: Headers): Promise<CurrentUser | null> {
  const authorization = headers?.get("authorization");
  if (authorization) return userFromBearer(authorization);
  const session = await getServerSession(authOptions());
  const email = session?.user?.email;
  return email ? loadUser({ email }) : null;
}
