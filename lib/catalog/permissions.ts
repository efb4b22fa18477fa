/** Who may change what in the catalog — pure, apart from data access, unit-tested. */
import { isAdmin, isMemberOf, type CurrentUser } from "@/lib/auth/types";

/** Docs, service levels, terms, schemas and contracts of a product: its owner team's members and admins. */
export function canEditProduct(user: CurrentUser, product: { ownerTeamId: string }): boolean {
  return isAdmin(user) || isMemberOf(user, product.ownerTeamId);
}

/** Topic discovery lists every topic on the broker, so it is for platform admins. */
export function canManageTopics(user: CurrentUser): boolean {
  return isAdmin(user);
}
