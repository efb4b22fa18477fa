import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { DEFAULT_TOKEN_SCOPES, isTokenScope, type TokenScope } from "@/lib/auth/scopes";
import type { CurrentUser } from "@/lib/auth/types";
import { AppError } from "@/lib/core/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { addDays } from "@/lib/core/time";
import type { CreatedToken, TokenActivity, TokenItem } from "./dto";

/** Creates a personal access token. The secret is returned once; only its sha256 is stored. */
export async function createApiToken(
  prisma: PrismaClient,
  user: CurrentUser,
  input: { name: string; expiresInDays: number; scopes?: readonly TokenScope[] },
): Promise<CreatedToken> {
  // A token never makes tokens: only a signed-in person does (the route refuses tokens too).
  if (user.credential?.kind === "token")
    throw AppError.forbidden("A personal access token cannot create tokens; sign in to the portal");
  const token = `mp_${randomBytes(24).toString("base64url")}`;
  const row = await prisma.apiToken.create({
    data: {
      userId: user.id,
      name: input.name,
      tokenHash: hashApiToken(token),
      prefix: token.slice(0, 10),
      scopes: [...new Set(input.scopes ?? DEFAULT_TOKEN_SCOPES)],
      expiresAt: addDays(Date.now(), input.expiresInDays),
    },
  });
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.filter(isTokenScope),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    token,
  };
}

export async function listApiTokens(
  prisma: PrismaClient,
  user: CurrentUser,
): Promise<{ items: TokenItem[] }> {
  const rows = await prisma.apiToken.findMany({ where: { userId: user.id }, orderBy: { createdAt: "desc" } });
  return {
    items: rows.map((t) => ({
      id: t.id,
      name: t.name,
      prefix: t.prefix,
      scopes: t.scopes.filter(isTokenScope),
      createdAt: t.createdAt.toISOString(),
      expiresAt: t.expiresAt?.toISOString() ?? null,
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
      revoked: t.revokedAt !== null,
    })),
  };
}

/** Revokes one of the caller's tokens; someone else's id is a 404. */
export async function revokeApiToken(prisma: PrismaClient, user: CurrentUser, id: string) {
  const updated = await prisma.apiToken.updateMany({
    where: { id, userId: user.id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (updated.count === 0) throw AppError.notFound("Token");
  return { id, revoked: true as const };
}

/** The newest MCP calls made with the caller's own tokens (tools and resources), newest first. */
export async function listTokenActivity(
  prisma: PrismaClient,
  user: CurrentUser,
  take = 50,
): Promise<TokenActivity> {
  const tokens = await prisma.apiToken.findMany({
    where: { userId: user.id },
    select: { id: true, name: true, prefix: true },
  });
  const byId = new Map(tokens.map((t) => [t.id, t]));
  const rows = await prisma.auditEvent.findMany({
    where: {
      actorId: user.id,
      subjectType: "api_token",
      subjectId: { in: [...byId.keys()] },
      action: { in: ["mcp.tool_called", "mcp.resource_read"] },
    },
    orderBy: { occurredAt: "desc" },
    take,
  });
  return {
    items: rows.map((r) => {
      const data = (r.data ?? {}) as {
        tool?: string;
        uri?: string;
        outcome?: string;
        ms?: number;
        arguments?: unknown;
      };
      return {
        at: r.occurredAt.toISOString(),
        token: byId.get(r.subjectId)!,
        kind: r.action === "mcp.tool_called" ? ("tool" as const) : ("resource" as const),
        name: data.tool ?? data.uri ?? "?",
        outcome: data.outcome ?? "?",
        ms: Math.round(data.ms ?? 0),
        arguments: data.arguments ?? {},
      };
    }),
  };
}

/** What the database keeps of a token: its SHA-256 (the token itself is shown once). */
export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
