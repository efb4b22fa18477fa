/** Inputs of the notification, watch and webhook routes (shared with the forms). */
import { z } from "zod";
import { rowId, slug } from "@/lib/core/schema-primitives";
import { NOTIFICATION_KIND_KEYS, type NotificationKindKey } from "./kinds";

const kind = z.enum(NOTIFICATION_KIND_KEYS as [NotificationKindKey, ...NotificationKindKey[]], {
  error: "must be a notification kind (see GET /api/v1/notifications/settings)",
});

/** `GET /api/v1/notifications`: newest first, `before` pages back. */
export const NotificationsQuery = z
  .object({
    unread: z.enum(["true", "false"]).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(30),
    before: z.iso.datetime({ offset: true, error: "must be an ISO date-time" }).optional(),
  })
  .strict();

/** `POST /api/v1/notifications/read`: some (ids) or all of them. */
export const MarkReadSchema = z
  .object({
    ids: z.array(rowId("a notification id")).min(1).max(500).optional(),
    all: z.literal(true).optional(),
  })
  .strict()
  .refine((v) => (v.ids === undefined) !== (v.all === undefined), "send either ids or all: true");
export type MarkRead = z.infer<typeof MarkReadSchema>;

export const ChannelChoiceSchema = z.object({ inApp: z.boolean(), email: z.boolean() }).strict();

/** `PUT /api/v1/notifications/settings`: the kinds named change, others keep theirs. */
export const NotificationSettingsSchema = z
  .object({
    kinds: z.partialRecord(kind, ChannelChoiceSchema).optional(),
    emailDigest: z.boolean().optional(),
  })
  .strict();
export type NotificationSettingsUpdate = z.infer<typeof NotificationSettingsSchema>;

export const WatchParams = z.object({ slug: slug("product slug") });

export const TeamWebhooksParams = z.object({ slug: slug("team slug") });
export const WebhookParams = z.object({ slug: slug("team slug"), id: rowId("a webhook id") });

const url = z.string().trim().min(1, "must not be empty").max(2000, "at most 2000 characters");

/** `POST /api/v1/teams/{slug}/webhooks`. The URL's target is checked further on the server (SSRF). */
export const WebhookCreateSchema = z
  .object({
    url,
    description: z.string().trim().max(200, "at most 200 characters").default(""),
    kinds: z
      .array(kind)
      .min(1, "choose at least one kind of event")
      .max(NOTIFICATION_KIND_KEYS.length)
      .refine((k) => new Set(k).size === k.length, "each kind once"),
  })
  .strict();
export type WebhookCreate = z.infer<typeof WebhookCreateSchema>;

/** `PATCH /api/v1/teams/{slug}/webhooks/{id}`: turn on again (resets the failure count), off, or change kinds. */
export const WebhookUpdateSchema = z
  .object({
    enabled: z.boolean().optional(),
    description: z.string().trim().max(200, "at most 200 characters").optional(),
    kinds: WebhookCreateSchema.shape.kinds.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "nothing to change");
export type WebhookUpdate = z.infer<typeof WebhookUpdateSchema>;

export const DeliveriesQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(200).default(50) })
  .strict();

/** The bell's stream takes no parameters (and refuses any, 422). */
export const NoQuery = z.object({}).strict();
