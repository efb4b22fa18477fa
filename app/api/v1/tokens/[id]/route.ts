// DELETE /api/v1/tokens/{id} — revoke one of my tokens
import { IdParams } from "@/lib/access/schemas";
import { revokeApiToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { RevokedTokenDto } from "@/lib/auth/dto";

export const DELETE = route(
  {
    operationId: "revokeToken",
    summary: "Revoke one of your tokens (never with a token)",
    response: { schema: RevokedTokenDto, description: "Revoked" },
    errors: [404],
    scope: null,
    params: IdParams,
  },
  async ({ params, user }) => revokeApiToken(await db(), user, params.id),
);
