/** Who may watch a port's live events, and what they see — pure, apart from data access, unit-tested. */
import { isAdmin, isMemberOf, type CurrentUser } from "@/lib/auth/types";

export type TailRight =
  { allowed: true; raw: boolean; via: "owner" | "admin" | "grant" } | { allowed: false; reason: string };

/** A grant on the port, as the stream's query and the product page read it. */
export interface TailGrant {
  /** Grant status, either case ("ACTIVE" from Prisma, "active" from the access DTO). */
  status: string;
  expiresAt: Date | string;
  team: { slug: string };
}

export const NOT_ENTITLED =
  "Live events are for the owner team and teams with an active grant on this port. Request access to watch them.";

/**
 * Owner team members see raw values; admins, and members of a team with an active, unexpired
 * grant on the port, see PII masked; nobody else. `grants` are the port's grants (any team's:
 * only the user's teams count).
 */
export function canTail(
  user: CurrentUser,
  port: { ownerTeamId: string },
  grants: readonly TailGrant[],
  now: Date = new Date(),
): TailRight {
  if (isMemberOf(user, port.ownerTeamId)) return { allowed: true, raw: true, via: "owner" };
  if (isAdmin(user)) return { allowed: true, raw: false, via: "admin" };
  const granted = grants.some(
    (g) =>
      g.status.toUpperCase() === "ACTIVE" &&
      new Date(g.expiresAt).getTime() > now.getTime() &&
      user.teams.some((t) => t.slug === g.team.slug),
  );
  if (granted) return { allowed: true, raw: false, via: "grant" };
  return { allowed: false, reason: NOT_ENTITLED };
}
