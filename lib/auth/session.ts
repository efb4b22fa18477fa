import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { NextAuthOptions } from "next-auth";
import { getToken } from "next-auth/jwt";
import { cookies } from "next/headers";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { findCurrentUser } from "@/lib/auth/find-user";
import { isTokenScope } from "@/lib/auth/scopes";
import type { CurrentUser } from "@/lib/auth/types";
import { DEMO_PASSWORD } from "@/lib/auth/demo-password";
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { db } from "@/lib/db/server";
import { hashApiToken } from "@/lib/auth/tokens";
import { bearerLimit, clientAddress, recordFailure, retryAfter } from "./rate-limit";

/** How long a browser session lasts from sign-in (absolute; signing out ends it sooner). */
const SESSION_MAX_AGE_S = 8 * 60 * 60;

const CredentialsInput = z.object({ email: z.string().email(), password: z.string().min(1) });

function passwordMatches(given: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(DEMO_PASSWORD);
  return a.length === b.length && timingSafeEqual(a, b);
}

let cachedSecret: string | undefined;

/**
 * The secret that signs session cookies: NEXTAUTH_SECRET, or in demo mode a random one made on
 * the first start and kept in the data folder (mode 0600), so no two installations share one.
 * Outside demo mode the portal refuses to start without NEXTAUTH_SECRET (`startupProblems`).
 * Read once per process: every request needs it.
 */
export function sessionSecret(): string {
  cachedSecret ??= readSessionSecret();
  return cachedSecret;
}

function readSessionSecret(): string {
  const e = env();
  if (e.NEXTAUTH_SECRET) return e.NEXTAUTH_SECRET;
  if (!e.MESHPORT_DEMO) throw new Error("NEXTAUTH_SECRET is required outside demo mode");
  const file = path.resolve(e.MESHPORT_DATA_DIR, "session-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
    } catch (err) {
      // Another process made it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  chmodSync(file, 0o600);
  return readFileSync(file, "utf8").trim();
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
          const user = await (
            await db()
          ).user.findUnique({ where: { email: parsed.data.email.toLowerCase() } });
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
      // A provider that follows the spec strictly puts email and name in userinfo, not in the ID
      // token of a code flow: read both (userinfo wins).
      userinfo: {
        async request({ client, tokens }) {
          // openid-client has verified the ID token by now (signature, issuer, audience, nonce).
          const idToken = tokens.id_token
            ? (JSON.parse(Buffer.from(tokens.id_token.split(".")[1] ?? "", "base64url").toString()) as Record<
                string,
                unknown
              >)
            : {};
          return { ...idToken, ...(await client.userinfo(tokens.access_token ?? "")) };
        },
      },
      checks: ["pkce", "state"],
      profile(profile: { sub: string; email?: string; name?: string }) {
        return {
          id: profile.sub,
          email: profile.email ?? null,
          name: profile.name ?? profile.email ?? profile.sub,
        };
      },
    });
  }
  return providers;
}

/** next-auth's own rule: `__Secure-` cookies when the portal is served over https. */
const SECURE_COOKIES = () => env().NEXTAUTH_URL?.startsWith("https://") ?? false;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let cachedOptions: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  cachedOptions ??= {
    secret: sessionSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/login", error: "/login" },
    providers: buildProviders(),
    callbacks: {
      // OIDC users are provisioned on first sign-in; roles and teams are granted in Meshport.
      async signIn({ user }) {
        if (!user.email) return false;
        const email = user.email.toLowerCase();
        await (
          await db()
        ).user.upsert({
          where: { email },
          create: { email, name: user.name ?? email },
          update: {},
        });
        return true;
      },
      // The token carries the email and the id of a session row: roles and memberships are read
      // per request, and signing out revokes the row, so an old cookie stops working at once.
      async jwt({ token, user }) {
        if (user?.email) {
          const email = user.email.toLowerCase();
          const prisma = await db();
          const row = await prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
          const session = await prisma.session.create({
            data: { userId: row.id, expiresAt: new Date(Date.now() + SESSION_MAX_AGE_S * 1000) },
          });
          token.email = email;
          token.sid = session.id;
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user && typeof token.email === "string") session.user.email = token.email;
        return session;
      },
      // Only the portal's own paths (a malformed callback URL or cookie is "/", never a 500).
      redirect({ url, baseUrl }) {
        return `${baseUrl}${safeCallbackPath(url, baseUrl)}`;
      },
    },
    events: {
      async signOut({ token }) {
        const sid = (token as { sid?: unknown } | null)?.sid;
        if (typeof sid === "string" && UUID.test(sid)) {
          await (
            await db()
          ).session.updateMany({ where: { id: sid, revokedAt: null }, data: { revokedAt: new Date() } });
        }
      },
    },
  };
  return cachedOptions;
}

/** Ends every session of a user at once ("sign out everywhere"). */
export async function revokeAllSessions(userId: string): Promise<number> {
  const { count } = await (
    await db()
  ).session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}

async function userFromBearer(authorization: string, headers: Headers): Promise<CurrentUser | null> {
  const prisma = await db();
  const limit = bearerLimit(clientAddress(headers));
  const wait = await retryAfter(prisma, limit);
  if (wait > 0)
    throw AppError.rateLimited(`Too many failed tokens from your address; try again in ${wait} s`, wait);
  const match = /^Bearer\s+(\S{1,200})$/i.exec(authorization);
  const token = match?.[1]
    ? await prisma.apiToken.findUnique({ where: { tokenHash: hashApiToken(match[1]) } })
    : null;
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt < new Date())) {
    await recordFailure(prisma, limit);
    return null;
  }
  // Shown in the token list; a lost update here is harmless, so it does not delay the request.
  void prisma.apiToken
    .update({ where: { id: token.id }, data: { lastUsedAt: new Date() } })
    .catch(() => undefined);
  const user = await findCurrentUser(prisma, { id: token.userId });
  return (
    user && {
      ...user,
      credential: { kind: "token", tokenId: token.id, scopes: token.scopes.filter(isTokenScope) },
    }
  );
}

async function userFromSession(sid: unknown): Promise<CurrentUser | null> {
  if (typeof sid !== "string" || !UUID.test(sid)) return null;
  const prisma = await db();
  const session = await prisma.session.findUnique({ where: { id: sid } });
  if (!session || session.revokedAt || session.expiresAt < new Date()) return null;
  const user = await findCurrentUser(prisma, { id: session.userId });
  return user && { ...user, credential: { kind: "session", sessionId: session.id } };
}

/**
 * The current user from the session cookie or a personal access token, with role and teams
 * fresh from the database; null when nobody is signed in, the session was signed out, or the
 * user no longer exists. Failed tokens count against the caller's address (429 beyond the limit).
 */
export async function getCurrentUser(headers?: Headers): Promise<CurrentUser | null> {
  // Pages pass nothing and are signed in by session only.
  const authorization = headers?.get("authorization");
  if (authorization) return userFromBearer(authorization, headers!);
  // The session cookie is decoded directly (not through getServerSession, whose config checks
  // turn a malformed callback-url cookie into a 500). Reading cookies marks a page dynamic, so a
  // build never prerenders one (and never needs the secret).
  const jar = await cookies();
  const token = await getToken({
    req: { cookies: jar, headers: {} } as unknown as Parameters<typeof getToken>[0]["req"],
    secret: sessionSecret(),
    secureCookie: SECURE_COOKIES(),
  });
  return userFromSession(token?.sid);
}
