// GET /api/v1/teams — teams with their principal and members (any signed-in user)
// POST /api/v1/teams — admins create a team with the Kafka principal it authenticates as
import { NextResponse } from "next/server";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { TeamDto, TeamListDto } from "@/lib/org/dto";
import { createTeam } from "@/lib/org/mutations";
import { listTeams } from "@/lib/org/queries";
import { TeamCreateSchema } from "@/lib/org/schemas";

export const GET = route(
  {
    operationId: "listTeams",
    summary: "Teams with their Kafka principal and members, and whether you may manage each",
    response: { schema: TeamListDto, description: "All teams" },
  },
  async ({ user }) => ({ items: await listTeams(await db(), user) }),
);

export const POST = route(
  {
    operationId: "createTeam",
    summary:
      "Admins create a team with the Kafka principal it authenticates as (the cluster gives it credentials; the portal manages its ACLs); never with a token",
    response: { schema: TeamDto, status: 201, description: "The team" },
    errors: [403, 409],
    scope: null,
    body: TeamCreateSchema,
  },
  async ({ body, user }) => NextResponse.json(await createTeam(await db(), user, body), { status: 201 }),
);
