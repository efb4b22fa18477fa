/**
 * What a personal access token may do. Chosen at creation (least privilege: `read` alone by
 * default), checked by the route wrapper against the scope each route declares. No scope lets a
 * token make or manage tokens, or sign sessions out: those need the person, signed in.
 */
export const TOKEN_SCOPES = [
  "read",
  "catalog:write",
  "catalog:publish",
  "access:request",
  "access:decide",
  "lineage:write",
  "notifications",
  "mcp",
] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const SCOPE_LABELS: Record<TokenScope, { label: string; description: string }> = {
  read: {
    label: "Read",
    description:
      "Search and read products, lineage, requests and grants; watch live events you are entitled to.",
  },
  "catalog:write": {
    label: "Catalog write",
    description: "Edit docs, add schema versions, import contracts, register topics (where you may).",
  },
  "catalog:publish": {
    label: "Publish",
    description:
      "Create data products and ports, publish, deprecate and retire them: provisions topics and ACLs on the broker (for your teams).",
  },
  "access:request": {
    label: "Request access",
    description: "File and cancel access requests for your teams.",
  },
  "access:decide": {
    label: "Access decisions",
    description: "Approve, deny and revoke grants, retry provisioning (where you may).",
  },
  "lineage:write": {
    label: "Lineage write",
    description: "Post OpenLineage run events for your teams' jobs.",
  },
  notifications: {
    label: "Notifications",
    description: "Mark your notifications read, change what you receive, watch and unwatch products.",
  },
  mcp: {
    label: "AI assistant (MCP)",
    description:
      "Lets an AI assistant use Meshport's MCP server (/api/mcp) as you. Each of its tools also needs the scope its API route needs (reading, or filing access requests).",
  },
};

export const DEFAULT_TOKEN_SCOPES: readonly TokenScope[] = ["read"];

export function isTokenScope(value: string): value is TokenScope {
  return (TOKEN_SCOPES as readonly string[]).includes(value);
}
