/** Identity inputs: zod schemas shared by the token form and the REST API. */
import { z } from "zod";
import { DEFAULT_TOKEN_SCOPES, TOKEN_SCOPES } from "./scopes";

export const TokenCreateSchema = z
  .object({
    name: z.string().trim().min(1, "name the token").max(80),
    expiresInDays: z.int().min(1).max(365).default(90),
    /** Least privilege: `read` alone unless the creator picks more. */
    scopes: z
      .array(z.enum(TOKEN_SCOPES))
      .min(1, "pick at least one scope")
      .max(TOKEN_SCOPES.length)
      .default([...DEFAULT_TOKEN_SCOPES]),
  })
  .strict();
export type TokenCreate = z.infer<typeof TokenCreateSchema>;
