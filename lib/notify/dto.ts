/** Answers of the notification, watch and webhook routes (API document, mappers, client types). */
import { z } from "zod";
import { DeliveryStatus } from "@/lib/generated/prisma/enums";

export const NotificationDto = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** A path in the portal. */
  link: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationItem = z.infer<typeof NotificationDto>;

export const NotificationListDto = z.object({
  items: z.array(NotificationDto),
  /** Unread notifications in all (not only this page). */
  unread: z.number().int(),
  /** Pass as `before` for the next (older) page; null at the end. */
  nextBefore: z.string().nullable(),
});
export type NotificationList = z.infer<typeof NotificationListDto>;

export const MarkReadResultDto = z.object({ marked: z.number().int(), unread: z.number().int() });

export const KindSettingDto = z.object({
  kind: z.string(),
  label: z.string(),
  description: z.string(),
  inApp: z.boolean(),
  email: z.boolean(),
  defaultInApp: z.boolean(),
  defaultEmail: z.boolean(),
});

export const NotificationSettingsDto = z.object({
  /** Whether this portal sends email at all (SMTP_URL is set). */
  emailAvailable: z.boolean(),
  email: z.string(),
  emailDigest: z.boolean(),
  kinds: z.array(KindSettingDto),
});
export type NotificationSettings = z.infer<typeof NotificationSettingsDto>;

export const WatchDto = z.object({ watching: z.boolean(), watchers: z.number().int() });
export type WatchState = z.infer<typeof WatchDto>;

export const WebhookDto = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  kinds: z.array(z.string()),
  enabled: z.boolean(),
  consecutiveFailures: z.number().int(),
  disabledAt: z.string().nullable(),
  disabledReason: z.string().nullable(),
  createdAt: z.string(),
  /** The latest delivery, if any. */
  lastDelivery: z
    .object({ status: z.enum(DeliveryStatus), statusCode: z.number().int().nullable(), at: z.string() })
    .nullable(),
});
export type WebhookItem = z.infer<typeof WebhookDto>;

export const WebhookListDto = z.object({
  items: z.array(WebhookDto),
  /** Whether the caller may add, change, test and delete the team's webhooks. */
  canManage: z.boolean(),
});
export type WebhookList = z.infer<typeof WebhookListDto>;

/** The new webhook with its signing secret: shown once. */
export const WebhookCreatedDto = WebhookDto.extend({ secret: z.string() });
export type WebhookCreated = z.infer<typeof WebhookCreatedDto>;

export const AttemptDto = z.object({
  at: z.string(),
  statusCode: z.number().int().nullable(),
  durationMs: z.number().int(),
  error: z.string().nullable(),
});

export const DeliveryDto = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  kind: z.string(),
  status: z.enum(DeliveryStatus),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastDurationMs: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  /** When the next try is due (pending deliveries only). */
  nextAttemptAt: z.string().nullable(),
  log: z.array(AttemptDto),
});
export type DeliveryItem = z.infer<typeof DeliveryDto>;

export const DeliveryListDto = z.object({ items: z.array(DeliveryDto) });
export type DeliveryList = z.infer<typeof DeliveryListDto>;

export const TestDeliveryDto = z.object({ deliveryId: z.uuid(), eventId: z.uuid() });
