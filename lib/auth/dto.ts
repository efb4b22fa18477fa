/** What the token API answers, defined once (zod): the document, the server's mappers and the client share it. */
import { z } from "zod";
import { TOKEN_SCOPES } from "./scopes";

export const TokenDto = z
  .object({
    id: z.uuid(),
    name: z.string(),
    /** The first characters of the secret, to tell tokens apart. */
    prefix: z.string(),
    scopes: z.array(z.enum(TOKEN_SCOPES)),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().nullable(),
    lastUsedAt: z.iso.datetime().nullable(),
    revoked: z.boolean(),
  })
  .meta({ id: "Token" });
export type TokenItem = z.infer<typeof TokenDto>;

export const SignedOutDto = z.object({ revoked: z.int().describe("Sessions ended") });
export const RevokedTokenDto = z.object({ id: z.uuid(), revoked: z.literal(true) });

export const TokenListDto = z.object({ items: z.array(TokenDto) });

/** A new token: the only time its secret is shown. */
export const CreatedTokenDto = TokenDto.pick({
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  expiresAt: true,
})
  .extend({ token: z.string() })
  .meta({ id: "CreatedToken" });
export type CreatedToken = z.infer<typeof CreatedTokenDto>;

/** What AI assistants did with the caller's tokens over MCP (`/api/mcp`), from the audit. */
export const TokenActivityDto = z
  .object({
    items: z.array(
      z.object({
        at: z.iso.datetime(),
        token: z.object({ id: z.uuid(), name: z.string(), prefix: z.string() }),
        kind: z.enum(["tool", "resource"]),
        /** The tool's name or the resource's URI. */
        name: z.string(),
        /** `ok`, or the error code the assistant got. */
        outcome: z.string(),
        ms: z.int(),
        arguments: z.unknown().describe("As audited: secrets redacted, long values cut"),
      }),
    ),
  })
  .meta({ id: "TokenActivity" });
export type TokenActivity = z.infer<typeof TokenActivityDto>;
