/** Who may see and change what in the catalog — pure, unit-tested. */
import { isAdmin, isMemberOf, type CurrentUser } from "@/lib/auth/types";
import type { Lifecycle } from "@/lib/generated/prisma/enums";

/** Whoever reads the catalog: what they may see depends on their role and teams only. */
export type ProductViewer = Pick<CurrentUser, "role" | "teams">;

/** A signed-in user of no team: sees what everyone sees (tests, benchmarks, public counts). */
export const ANY_USER: ProductViewer = { role: "USER", teams: [] };

/** Docs, service levels, terms, schemas and contracts of a product: its owner team's members and admins. */
export function canEditProduct(user: ProductViewer, product: { ownerTeamId: string }): boolean {
  return isAdmin(user) || isMemberOf(user, product.ownerTeamId);
}

/**
 * A DRAFT product is its owner team's and the admins' until it is published: nobody else finds
 * it in search, facets, lineage or the API (404, as if it did not exist).
 */
export function canSeeProduct(
  user: ProductViewer,
  product: { lifecycle: Lifecycle; ownerTeamId: string },
): boolean {
  return product.lifecycle !== "DRAFT" || canEditProduct(user, product);
}

/** Topic discovery lists every topic on the broker, so it is for platform admins. */
export function canManageTopics(user: CurrentUser): boolean {
  return isAdmin(user);
}
