/** TanStack Query keys of the contract monitor; never inline strings. */
export const monitorKeys = {
  all: ["monitor"] as const,
  checks: (portId: string) => [...monitorKeys.all, "checks", portId] as const,
};
