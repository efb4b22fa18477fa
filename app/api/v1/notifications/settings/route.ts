// GET/PUT /api/v1/notifications/settings — what the caller hears, in which channel
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { NotificationSettingsDto } from "@/lib/notify/dto";
import { saveNotificationSettings } from "@/lib/notify/mutations";
import { getNotificationSettings } from "@/lib/notify/queries";
import { NotificationSettingsSchema } from "@/lib/notify/schemas";

export const GET = route(
  {
    operationId: "getNotificationSettings",
    summary:
      "Every kind of notification with your channels (in the portal, email) and the daily digest choice",
    response: { schema: NotificationSettingsDto, description: "Your settings" },
  },
  async ({ user }) => getNotificationSettings(await db(), user),
);

export const PUT = route(
  {
    operationId: "saveNotificationSettings",
    summary:
      "Change the channels of some kinds (`kinds: {<kind>: {inApp, email}}`) and the daily email digest",
    response: { schema: NotificationSettingsDto, description: "Your settings after the change" },
    scope: "notifications",
    body: NotificationSettingsSchema,
  },
  async ({ user, body }) => saveNotificationSettings(await db(), user, body),
);
