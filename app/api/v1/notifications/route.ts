// GET /api/v1/notifications — the caller's notifications, newest first, with the unread count
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { NotificationListDto } from "@/lib/notify/dto";
import { listNotifications } from "@/lib/notify/queries";
import { NotificationsQuery } from "@/lib/notify/schemas";

export const GET = route(
  {
    operationId: "listNotifications",
    summary:
      "Your notifications, newest first (`unread=true` for unread only; `before` pages back), and how many are unread",
    response: { schema: NotificationListDto, description: "A page of notifications" },
    query: NotificationsQuery,
  },
  async ({ user, query }) => listNotifications(await db(), user, query),
);
