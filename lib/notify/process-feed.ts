import "server-only";
import { db } from "@/lib/db/server";
import { NotificationFeed } from "./feed";

// One feed per server process, also across dev-server module reloads.
const holder = globalThis as unknown as { __meshportNotificationFeed?: NotificationFeed };

export function notificationFeed(): NotificationFeed {
  holder.__meshportNotificationFeed ??= new NotificationFeed(db);
  return holder.__meshportNotificationFeed;
}
