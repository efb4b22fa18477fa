import "server-only";
import type { CurrentUser } from "@/lib/auth/types";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { TeamItem } from "./dto";
import { canManageMembers } from "./permissions";

export const teamInclude = {
  domain: { select: { slug: true, name: true } },
  memberships: {
    include: {
      user: { select: { id: true, email: true, name: true, _count: { select: { sessions: true } } } },
    },
    orderBy: [{ role: "desc" }, { createdAt: "asc" }],
  },
} satisfies Prisma.TeamInclude;

type TeamRow = Prisma.TeamGetPayload<{ include: typeof teamInclude }>;

export function toTeamDto(team: TeamRow, viewer: CurrentUser): TeamItem {
  return {
    slug: team.slug,
    name: team.name,
    description: team.description,
    kafkaPrincipal: team.kafkaPrincipal,
    domain: team.domain,
    members: team.memberships.map((m) => ({
      userId: m.user.id,
      email: m.user.email,
      name: m.user.name,
      role: m.role,
      signedIn: m.user._count.sessions > 0,
    })),
    canManage: canManageMembers(viewer, team.id),
  };
}

/** Every team with its members (team membership is not secret inside the portal: owners are contacts). */
export async function listTeams(prisma: PrismaClient, viewer: CurrentUser): Promise<TeamItem[]> {
  const teams = await prisma.team.findMany({ orderBy: { name: "asc" }, include: teamInclude });
  return teams.map((t) => toTeamDto(t, viewer));
}
