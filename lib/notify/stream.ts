/**
 * The bell's live stream (Server-Sent Events): `unread` with the count and the newest
 * notification when the stream opens and whenever something new arrives for the caller;
 * heartbeat comments; ends when the client goes or the account does. Plain Node.
 */
import { findCurrentUser } from "@/lib/auth/find-user";
import type { CurrentUser } from "@/lib/auth/types";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { HEARTBEAT, sseJson, sseOpening } from "@/lib/tail/sse";
import type { NotificationFeed } from "./feed";
import { countUnread, toNotificationDto } from "./queries";

const HEARTBEAT_MS = 20_000;
const RECHECK_MS = 30_000;

export function openNotificationStream(o: {
  prisma: PrismaClient;
  feed: NotificationFeed;
  user: CurrentUser;
  signal: AbortSignal;
}): Response {
  const encoder = new TextEncoder();
  let cleanup = () => undefined as void;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const write = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      let sending = false;
      let pending = false;
      const send = async () => {
        if (sending) {
          pending = true;
          return;
        }
        sending = true;
        try {
          const [unread, latest] = await Promise.all([
            countUnread(o.prisma, o.user.id),
            o.prisma.notification.findFirst({ where: { userId: o.user.id }, orderBy: { createdAt: "desc" } }),
          ]);
          write(sseJson("unread", { unread, latest: latest ? toNotificationDto(latest) : null }));
        } catch {
          // The next change or the reconnect sends it.
        } finally {
          sending = false;
          if (pending) {
            pending = false;
            void send();
          }
        }
      };
      const unsubscribe = o.feed.subscribe(o.user.id, () => void send());
      const heartbeat = setInterval(() => write(HEARTBEAT), HEARTBEAT_MS);
      const recheck = setInterval(() => {
        void findCurrentUser(o.prisma, { id: o.user.id })
          .then((fresh) => {
            if (!fresh) close();
          })
          .catch(() => undefined);
      }, RECHECK_MS);
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        clearInterval(recheck);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // Already closed by the client.
        }
      };
      cleanup = close;
      o.signal.addEventListener("abort", close, { once: true });
      write(sseOpening(3000, "meshport notifications"));
      void send();
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
