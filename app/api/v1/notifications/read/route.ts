// POST /api/v1/notifications/read — mark some or all of the caller's notifications read
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { MarkReadResultDto } from "@/lib/notify/dto";
import { markNotificationsRead } from "@/lib/notify/mutations";
import { notificationFeed } from "@/lib/notify/process-feed";
import { MarkReadSchema } from "@/lib/notify/schemas";

export const POST = route(
  {
    operationId: "markNotificationsRead",
    summary:
      "Mark notifications read: `{ids: [...]}` or `{all: true}` (only your own; other ids are ignored)",
    response: { schema: MarkReadResultDto, description: "How many were marked, and how many stay unread" },
    scope: "notifications",
    body: MarkReadSchema,
  },
  async ({ user, body }) => {
    const result = await markNotificationsRead(await db(), user, body);
    notificationFeed().touch(user.id);
    return result;
  },
);
