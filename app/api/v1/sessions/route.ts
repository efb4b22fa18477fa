// DELETE /api/v1/sessions — sign out everywhere: ends every browser session of the caller at once
import { revokeAllSessions } from "@/lib/auth/session";
import { route } from "@/lib/http/route";
import { SignedOutDto } from "@/lib/auth/dto";

export const DELETE = route(
  {
    operationId: "signOutEverywhere",
    summary: "Ends every browser session of the caller at once (never with a token)",
    response: { schema: SignedOutDto, description: "`{revoked}`" },
    scope: null,
  },
  async ({ user }) => ({
    revoked: await revokeAllSessions(user.id),
  }),
);
