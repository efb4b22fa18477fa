/** Who may publish what — pure, unit-tested. */
import { isAdmin, isMemberOf, type CurrentUser } from "@/lib/auth/types";

/** A product is created for one of the creator's teams (admins: any team). */
export function canCreateProductFor(user: CurrentUser, teamId: string): boolean {
  return isAdmin(user) || isMemberOf(user, teamId);
}

/** Retiring before the announced sunset breaks consumers' plans: admins only. */
export function canRetireBeforeSunset(user: CurrentUser): boolean {
  return isAdmin(user);
}

/**
 * A product declares that it reads a port when its owner team owns that port or holds an active
 * grant on it; otherwise the team must request access first.
 */
export function mayDeclareInput(
  reader: { ownerTeamId: string },
  port: { ownerTeamId: string },
  activeGrantTeamIds: readonly string[],
): boolean {
  return port.ownerTeamId === reader.ownerTeamId || activeGrantTeamIds.includes(reader.ownerTeamId);
}
