/** Who may do what with access requests and grants — pure, apart from data access, unit-tested. */
import { isAdmin, isMemberOf, type CurrentUser } from "@/lib/auth/types";
import type { Lifecycle, PortState } from "@/lib/generated/prisma/enums";

/** Only members of a team request access for it. */
export function canRequestFor(user: CurrentUser, teamId: string): boolean {
  return isMemberOf(user, teamId);
}

/**
 * Deciding (approve/deny) belongs to the owner team of the product. When the request comes from
 * one of the decider's own teams, approving one's own request is for admins only.
 */
export function canDecide(
  user: CurrentUser,
  request: { teamId: string },
  product: { ownerTeamId: string },
): boolean {
  if (isAdmin(user)) return true;
  if (!isMemberOf(user, product.ownerTeamId)) return false;
  return !isMemberOf(user, request.teamId);
}

/** The requester (or an admin) cancels a pending request. */
export function canCancel(user: CurrentUser, request: { requesterId: string }): boolean {
  return isAdmin(user) || request.requesterId === user.id;
}

/** The owner team revokes or re-provisions a grant; the consumer team may give it up. */
export function canManageGrant(
  user: CurrentUser,
  grant: { teamId: string },
  product: { ownerTeamId: string },
): boolean {
  return isAdmin(user) || isMemberOf(user, product.ownerTeamId) || isMemberOf(user, grant.teamId);
}

/** Seeing a request or grant: whoever may act on it, and the team it is for. */
export function canSeeAccess(
  user: CurrentUser,
  item: { teamId: string; requesterId?: string },
  product: { ownerTeamId: string },
): boolean {
  return (
    isAdmin(user) ||
    isMemberOf(user, product.ownerTeamId) ||
    isMemberOf(user, item.teamId) ||
    item.requesterId === user.id
  );
}

/**
 * Why a port takes no access requests, or null when it does: only published, live ports do. A
 * deprecated product points to its successor; a retired one and a port not live yet say so.
 */
export function requestRefusal(
  product: {
    name: string;
    lifecycle: Lifecycle;
    sunsetAt?: Date | null;
    successor?: { slug: string; name: string } | null;
  },
  port: { name: string; state: PortState },
): string | null {
  switch (product.lifecycle) {
    case "DRAFT":
      return `${product.name} is a draft: it takes access requests once it is published`;
    case "RETIRED":
      return `${product.name} is retired: it takes no new consumers`;
    case "DEPRECATED":
      return `${product.name} is deprecated${product.sunsetAt ? ` (sunset ${product.sunsetAt.toISOString().slice(0, 10)})` : ""} and takes no new consumers${product.successor ? `: request access to its successor ${product.successor.name} (/products/${product.successor.slug}) instead` : ""}`;
  }
  if (port.state !== "ACTIVE")
    return `Port "${port.name}" is ${port.state.toLowerCase()}, not live on the broker yet: request access once it is`;
  return null;
}
