import { isAdmin, type CurrentUser } from "@/lib/auth/types";

/** The policy set is the platform's: admins edit it, everyone reads it. */
export function canEditPolicies(user: CurrentUser): boolean {
  return isAdmin(user);
}
