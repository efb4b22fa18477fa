// GET /api/v1/notifications/stream — the bell, live (Server-Sent Events)
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { notificationFeed } from "@/lib/notify/process-feed";
import { NoQuery } from "@/lib/notify/schemas";
import { openNotificationStream } from "@/lib/notify/stream";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    operationId: "streamNotifications",
    summary:
      "Your unread count, live, as Server-Sent Events: `unread` `{unread, latest}` when the stream opens and whenever a notification arrives or you mark some read; heartbeat comments",
    response: { description: "`text/event-stream`", mediaType: "text/event-stream" },
    query: NoQuery,
  },
  async ({ req, user }) =>
    openNotificationStream({ prisma: await db(), feed: notificationFeed(), user, signal: req.signal }),
);
