/** Who sees what of a contract's checks, and who handles its incidents. Pure. */
import { isAdmin, isMemberOf } from "@/lib/auth/types";
import type { ProductViewer } from "@/lib/catalog/permissions";

/** Failing examples are raw for the owner team only; everyone else sees them masked (as the live tail). */
export function seesRawExamples(user: ProductViewer, product: { ownerTeamId: string }): boolean {
  return isMemberOf(user, product.ownerTeamId);
}

/** The owner team and admins acknowledge and resolve incidents. */
export function canHandleIncidents(user: ProductViewer, product: { ownerTeamId: string }): boolean {
  return isAdmin(user) || isMemberOf(user, product.ownerTeamId);
}
