// GET /api/v1/tokens — my personal access tokens (never the secrets)
// POST /api/v1/tokens — create one; the secret is in this response only
import { NextResponse } from "next/server";
import { TokenCreateSchema } from "@/lib/auth/schemas";
import { createApiToken, listApiTokens } from "@/lib/auth/tokens";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { CreatedTokenDto, TokenListDto } from "@/lib/auth/dto";

export const GET = route(
  {
    operationId: "listTokens",
    summary: "Your personal access tokens (never the secrets)",
    response: { schema: TokenListDto, description: "`{items}`" },
  },
  async ({ user }) => listApiTokens(await db(), user),
);

export const POST = route(
  {
    operationId: "createToken",
    summary:
      "Create a personal access token with scopes (default: read); the secret is in this response only. Never with a token.",
    response: {
      schema: CreatedTokenDto,
      status: 201,
      description: "`{id, name, prefix, scopes, expiresAt, token}`",
    },
    scope: null,
    body: TokenCreateSchema,
  },
  async ({ body, user }) => NextResponse.json(await createApiToken(await db(), user, body), { status: 201 }),
);
