import type { TokenScope } from "./scopes";
import type { PlatformRole, TeamRole } from "@/lib/generated/prisma/enums";

/** How the caller proved who they are: a browser session (revocable row) or a scoped personal access token. */
export type Credential =
  { kind: "session"; sessionId: string } | { kind: "token"; tokenId: string; scopes: TokenScope[] };

/** The signed-in person as every authorization check sees them — read from the database per request. */
export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: PlatformRole;
  teams: { id: string; slug: string; name: string; role: TeamRole }[];
  /** Set by the request path (`getCurrentUser`); absent for users loaded by scripts and tests. */
  credential?: Credential;
}

export function isAdmin(user: Pick<CurrentUser, "role">): boolean {
  return user.role === "ADMIN";
}

export function isMemberOf(user: Pick<CurrentUser, "teams">, teamId: string): boolean {
  return user.teams.some((t) => t.id === teamId);
}
