/** TanStack Query keys for access; never inline strings. */
export const accessKeys = {
  all: ["access"] as const,
  requests: (as: "owner" | "requester") => [...accessKeys.all, "requests", as] as const,
  grants: (params: { team?: string; product?: string }) => [...accessKeys.all, "grants", params] as const,
  tokens: () => [...accessKeys.all, "tokens"] as const,
};
