"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { relativeTime } from "@/components/notify/relative-time";
import { fetchNotifications, markRead } from "@/lib/notify/api-client";
import { notifyKeys } from "@/lib/notify/query-keys";

/** Every notification, newest first, 30 at a time; unread only on demand; mark one or all read. */
export function NotificationCenter() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const qc = useQueryClient();
  const list = useInfiniteQuery({
    queryKey: [...notifyKeys.list(unreadOnly), "pages"],
    queryFn: ({ pageParam, signal }) =>
      fetchNotifications({ unread: unreadOnly, ...(pageParam ? { before: pageParam } : {}) }, signal),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    staleTime: 0,
  });
  const mark = useMutation({
    mutationFn: markRead,
    onSuccess: () => void qc.invalidateQueries({ queryKey: notifyKeys.all }),
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = list.data?.pages[0]?.unread ?? 0;
  return (
    <section className="card stack" aria-label="Your notifications">
      <div className="row">
        <h2 className="section-title">{unread} unread</h2>
        <label className="small">
          <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} />{" "}
          Unread only
        </label>
        <button
          type="button"
          className="btn"
          disabled={unread === 0 || mark.isPending}
          onClick={() => mark.mutate({ all: true })}
        >
          Mark all read
        </button>
      </div>
      {list.isPending && <p className="muted">Loading notifications…</p>}
      {list.error && <p className="alert alert-error">{list.error.message}</p>}
      {mark.error && <p className="alert alert-error">{mark.error.message}</p>}
      {list.data && items.length === 0 && (
        <p className="muted" data-testid="notifications-empty">
          {unreadOnly
            ? "All read."
            : "Nothing yet. Access requests, decisions, new schema versions, deprecations and contract checks show up here."}
        </p>
      )}
      {items.length > 0 && (
        <ul className="notification-list" data-testid="notifications">
          {items.map((n) => (
            <li key={n.id} className={n.readAt ? "" : "unread"}>
              <div className="row" style={{ justifyContent: "space-between", padding: "0.45rem 0.5rem" }}>
                <span className="stack" style={{ gap: 0 }}>
                  <Link
                    href={n.link}
                    className="notification-title"
                    onClick={() => !n.readAt && mark.mutate({ ids: [n.id] })}
                  >
                    {n.title}
                  </Link>
                  <span className="muted small">{n.body}</span>
                  <span className="muted small">{relativeTime(n.createdAt)}</span>
                </span>
                {!n.readAt && (
                  <button
                    type="button"
                    className="btn btn-ghost small"
                    onClick={() => mark.mutate({ ids: [n.id] })}
                  >
                    Mark read
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <button
          type="button"
          className="btn"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {list.isFetchingNextPage ? "Loading…" : "Older notifications"}
        </button>
      )}
    </section>
  );
}
