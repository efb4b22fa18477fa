/** Who may see and manage a team's webhooks — pure, unit-tested. */
import { isAdmin, isMemberOf, type CurrentUser } from "@/lib/auth/types";
import { canManageMembers } from "@/lib/org/permissions";

/** Members see their team's webhooks and delivery logs (never the secret); admins see all. */
export function canSeeWebhooks(user: CurrentUser, teamId: string): boolean {
  return isAdmin(user) || isMemberOf(user, teamId);
}

/** Those who manage the team's members (its owners, admins) add, change, test and delete them. */
export function canManageWebhooks(user: CurrentUser, teamId: string): boolean {
  return canManageMembers(user, teamId);
}
