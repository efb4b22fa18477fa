/** Browser calls of notifications, watches and webhooks (types only from the DTOs). */
import { fetchJson, jsonBody } from "@/lib/api/fetch-json";
import type {
  DeliveryList,
  NotificationList,
  NotificationSettings,
  WatchState,
  WebhookCreated,
  WebhookItem,
  WebhookList,
} from "./dto";

export type {
  DeliveryList,
  NotificationList,
  NotificationSettings,
  WatchState,
  WebhookCreated,
  WebhookItem,
  WebhookList,
};

export function fetchNotifications(
  options: { unread?: boolean; before?: string; limit?: number } = {},
  signal?: AbortSignal,
): Promise<NotificationList> {
  const q = new URLSearchParams();
  if (options.unread) q.set("unread", "true");
  if (options.before) q.set("before", options.before);
  if (options.limit) q.set("limit", String(options.limit));
  return fetchJson(`/api/v1/notifications${q.size ? `?${q}` : ""}`, { signal });
}

export function markRead(
  body: { ids: string[] } | { all: true },
): Promise<{ marked: number; unread: number }> {
  return fetchJson("/api/v1/notifications/read", jsonBody("POST", body));
}

export function fetchNotificationSettings(signal?: AbortSignal): Promise<NotificationSettings> {
  return fetchJson("/api/v1/notifications/settings", { signal });
}

export function saveNotificationSettings(body: {
  kinds?: Record<string, { inApp: boolean; email: boolean }>;
  emailDigest?: boolean;
}): Promise<NotificationSettings> {
  return fetchJson("/api/v1/notifications/settings", jsonBody("PUT", body));
}

const watchUrl = (slug: string) => `/api/v1/products/${encodeURIComponent(slug)}/watch`;

export function fetchWatch(slug: string, signal?: AbortSignal): Promise<WatchState> {
  return fetchJson(watchUrl(slug), { signal });
}

export function setWatch(slug: string, watching: boolean): Promise<WatchState> {
  return fetchJson(watchUrl(slug), { method: watching ? "POST" : "DELETE" });
}

const hooksUrl = (team: string) => `/api/v1/teams/${encodeURIComponent(team)}/webhooks`;

export function fetchWebhooks(team: string, signal?: AbortSignal): Promise<WebhookList> {
  return fetchJson(hooksUrl(team), { signal });
}

export function createWebhook(
  team: string,
  body: { url: string; description: string; kinds: string[] },
): Promise<WebhookCreated> {
  return fetchJson(hooksUrl(team), jsonBody("POST", body));
}

export function updateWebhook(
  team: string,
  id: string,
  body: { enabled?: boolean; kinds?: string[]; description?: string },
): Promise<WebhookItem> {
  return fetchJson(`${hooksUrl(team)}/${encodeURIComponent(id)}`, jsonBody("PATCH", body));
}

export function deleteWebhook(team: string, id: string): Promise<{ deleted: true }> {
  return fetchJson(`${hooksUrl(team)}/${encodeURIComponent(id)}`, { method: "DELETE" });
}

export function sendTestEvent(team: string, id: string): Promise<{ deliveryId: string; eventId: string }> {
  return fetchJson(`${hooksUrl(team)}/${encodeURIComponent(id)}/test`, { method: "POST" });
}

export function fetchDeliveries(team: string, id: string, signal?: AbortSignal): Promise<DeliveryList> {
  return fetchJson(`${hooksUrl(team)}/${encodeURIComponent(id)}/deliveries`, { signal });
}
