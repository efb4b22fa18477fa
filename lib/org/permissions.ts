/** Who administers what — pure, unit-tested. */
import { isAdmin, type CurrentUser } from "@/lib/auth/types";

/** Domains and teams are created, renamed and described by platform admins. */
export function canAdministerOrg(user: CurrentUser): boolean {
  return isAdmin(user);
}

/** A team's members are managed by its owners and by admins. */
export function canManageMembers(user: CurrentUser, teamId: string): boolean {
  return isAdmin(user) || user.teams.some((t) => t.id === teamId && t.role === "OWNER");
}
