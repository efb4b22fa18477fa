/**
 * The live bell: a process-wide watcher of new notifications for the users who hold a stream open
 * on this instance. One query per tick for all of them (whatever instance's notifier wrote the
 * rows), and at once when this process's notifier nudges it. Plain Node.
 */
import type { PrismaClient } from "@/lib/generated/prisma/client";

export type FeedListener = () => void;

export class NotificationFeed {
  private readonly listeners = new Map<string, Set<FeedListener>>();
  /** Per user: the newest notification time already announced. */
  private readonly seen = new Map<string, Date>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private again = false;

  constructor(
    private readonly prisma: () => Promise<PrismaClient>,
    private readonly intervalMs = 1000,
  ) {}

  /** Calls `listener` whenever `userId` has a new notification (or `touch` names them). */
  subscribe(userId: string, listener: FeedListener): () => void {
    const set = this.listeners.get(userId) ?? new Set();
    set.add(listener);
    this.listeners.set(userId, set);
    if (!this.seen.has(userId)) this.seen.set(userId, new Date());
    this.timer ??= setInterval(() => void this.poll(), this.intervalMs);
    return () => {
      set.delete(listener);
      if (set.size === 0) {
        this.listeners.delete(userId);
        this.seen.delete(userId);
      }
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  /** The user's state changed here (marked read): tell their streams now. */
  touch(userId: string): void {
    for (const listener of this.listeners.get(userId) ?? []) listener();
  }

  /** Look now (this process's notifier wrote rows). */
  nudge(): void {
    void this.poll();
  }

  private async poll(): Promise<void> {
    if (this.polling) {
      this.again = true;
      return;
    }
    if (this.listeners.size === 0) return;
    this.polling = true;
    try {
      const users = [...this.listeners.keys()];
      const oldest = new Date(Math.min(...users.map((u) => this.seen.get(u)?.getTime() ?? Date.now())));
      const rows = await (
        await this.prisma()
      ).$queryRaw<{ user_id: string; newest: Date }[]>`
        SELECT user_id, max(created_at) AS newest FROM notifications
         WHERE user_id = ANY(${users}::uuid[]) AND created_at > ${oldest}
         GROUP BY user_id`;
      for (const row of rows) {
        const seen = this.seen.get(row.user_id);
        if (!seen || row.newest <= seen) continue;
        this.seen.set(row.user_id, row.newest);
        this.touch(row.user_id);
      }
    } catch {
      // The next tick tries again.
    } finally {
      this.polling = false;
      if (this.again) {
        this.again = false;
        void this.poll();
      }
    }
  }
}
