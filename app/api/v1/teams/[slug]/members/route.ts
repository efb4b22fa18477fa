// POST /api/v1/teams/{slug}/members — team owners and admins add a member by email (or change a role)
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { TeamDto } from "@/lib/org/dto";
import { addMember } from "@/lib/org/mutations";
import { MembershipSchema, TeamParams } from "@/lib/org/schemas";

export const POST = route(
  {
    operationId: "addTeamMember",
    summary:
      "Team owners and admins add a member by email — someone who never signed in is created — or change a member's role (never with a token)",
    response: { schema: TeamDto, description: "The team with its members" },
    errors: [403, 404],
    scope: null,
    params: TeamParams,
    body: MembershipSchema,
  },
  async ({ params, body, user }) => addMember(await db(), user, params.slug, body),
);
