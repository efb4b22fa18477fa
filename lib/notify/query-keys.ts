/** TanStack Query keys of notifications, watches and webhooks; never inline strings. */
export const notifyKeys = {
  all: ["notify"] as const,
  list: (unreadOnly: boolean) => [...notifyKeys.all, "list", unreadOnly] as const,
  settings: () => [...notifyKeys.all, "settings"] as const,
  watch: (slug: string) => [...notifyKeys.all, "watch", slug] as const,
  webhooks: (team: string) => [...notifyKeys.all, "webhooks", team] as const,
  deliveries: (team: string, id: string) => [...notifyKeys.all, "deliveries", team, id] as const,
};
