// PATCH /api/v1/teams/{slug} — admins rename a team or move it to a domain; its owners describe it
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { TeamDto } from "@/lib/org/dto";
import { updateTeam } from "@/lib/org/mutations";
import { TeamParams, TeamUpdateSchema } from "@/lib/org/schemas";

export const PATCH = route(
  {
    operationId: "updateTeam",
    summary:
      "Admins rename a team or move it to a domain; its owners may change its description (never with a token)",
    response: { schema: TeamDto, description: "The team" },
    errors: [403, 404],
    scope: null,
    params: TeamParams,
    body: TeamUpdateSchema,
  },
  async ({ params, body, user }) => updateTeam(await db(), user, params.slug, body),
);
