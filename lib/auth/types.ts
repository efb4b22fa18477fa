/** The signed-in person as every authorization check sees them — read from the database per request. */
export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: "USER" | "ADMIN";
  teams: { id: string; slug: string; name: string; role: "MEMBER" | "OWNER" }[];
}

export function isAdmin(user: CurrentUser): boolean {
  return user.role === "ADMIN";
}

export function isMemberOf(user: CurrentUser, teamId: string): boolean {
  return user.teams.some((t) => t.id === teamId);
}
