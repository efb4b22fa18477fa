// DELETE /api/v1/teams/{slug}/members/{userId} — team owners and admins remove a member
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { TeamDto } from "@/lib/org/dto";
import { removeMember } from "@/lib/org/mutations";
import { MemberParams } from "@/lib/org/schemas";

export const DELETE = route(
  {
    operationId: "removeTeamMember",
    summary: "Team owners and admins remove a member; the last owner stays (409) — never with a token",
    response: { schema: TeamDto, description: "The team with its members" },
    errors: [403, 404, 409],
    scope: null,
    params: MemberParams,
  },
  async ({ params, user }) => removeMember(await db(), user, params.slug, params.userId),
);
