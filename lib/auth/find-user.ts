/** Reads a user with role and team memberships as authorization sees them. Plain Node: the app, scripts and tests share it. */
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { CurrentUser } from "./types";

export async function findCurrentUser(
  prisma: PrismaClient,
  where: { email: string } | { id: string },
): Promise<CurrentUser | null> {
  const user = await prisma.user.findUnique({ where, include: { memberships: { include: { team: true } } } });
  if (!user) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    teams: user.memberships.map((m) => ({
      id: m.team.id,
      slug: m.team.slug,
      name: m.team.name,
      role: m.role,
    })),
  };
}
