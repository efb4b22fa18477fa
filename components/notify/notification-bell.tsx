"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { fetchNotifications, markRead } from "@/lib/notify/api-client";
import type { NotificationItem } from "@/lib/notify/dto";
import { notifyKeys } from "@/lib/notify/query-keys";
import { relativeTime } from "./relative-time";

type Live = "connecting" | "live" | "offline";

/**
 * The bell in the top bar: the unread count, live over Server-Sent Events
 * (`/api/v1/notifications/stream`); a panel with the newest notifications, mark read, and a link
 * to all of them and their settings. A new notification is announced (a toast and a polite live
 * region) while the page is open. Escape or a click outside closes the panel.
 */
export function NotificationBell({ initialUnread }: { initialUnread: number }) {
  const [unread, setUnread] = useState(initialUnread);
  const [open, setOpen] = useState(false);
  const [live, setLive] = useState<Live>("connecting");
  const [toast, setToast] = useState<NotificationItem | null>(null);
  const qc = useQueryClient();
  const router = useRouter();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const newest = useRef<string | null>(null);

  useEffect(() => {
    const source = new EventSource("/api/v1/notifications/stream");
    let first = true;
    source.addEventListener("open", () => setLive("live"));
    source.addEventListener("error", () =>
      setLive(source.readyState === EventSource.CLOSED ? "offline" : "connecting"),
    );
    source.addEventListener("unread", (e) => {
      const data = JSON.parse((e as MessageEvent<string>).data) as {
        unread: number;
        latest: NotificationItem | null;
      };
      setLive("live");
      setUnread(data.unread);
      const latest = data.latest;
      // Announce what arrived while the page is open (not what was there when it opened).
      if (!first && latest && latest.id !== newest.current && !latest.readAt) setToast(latest);
      newest.current = latest?.id ?? null;
      first = false;
      void qc.invalidateQueries({ queryKey: notifyKeys.all });
    });
    return () => source.close();
  }, [qc]);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), 8000);
    return () => clearTimeout(timer);
  }, [toast]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  const list = useQuery({
    queryKey: notifyKeys.list(false),
    queryFn: ({ signal }) => fetchNotifications({ limit: 8 }, signal),
    enabled: open,
    staleTime: 0,
  });
  const mark = useMutation({
    mutationFn: markRead,
    onSuccess: (r) => {
      setUnread(r.unread);
      void qc.invalidateQueries({ queryKey: notifyKeys.all });
    },
  });
  const openItem = (n: NotificationItem) => {
    if (!n.readAt) mark.mutate({ ids: [n.id] });
    setOpen(false);
    setToast(null);
    router.push(n.link);
  };

  return (
    <div className="bell" ref={root}>
      <button
        ref={button}
        type="button"
        className="bell-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-label={`Notifications: ${unread} unread${live === "offline" ? " (not live)" : ""}`}
        data-testid="bell"
        onClick={() => setOpen((o) => !o)}
      >
        <svg
          aria-hidden="true"
          width="18"
          height="18"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
          <path d="M13.73 21a2 2 0 0 1-3.46 0" />
        </svg>
        {unread > 0 && (
          <span className="nav-badge" data-testid="bell-count">
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </button>
      <p className="sr-only" aria-live="polite">
        {toast ? `New notification: ${toast.title}` : ""}
      </p>
      {toast && !open && (
        <div className="toast card small" role="status" data-testid="bell-toast">
          <button type="button" className="btn-link" onClick={() => openItem(toast)}>
            {toast.title}
          </button>
          <button type="button" className="btn btn-ghost" aria-label="Dismiss" onClick={() => setToast(null)}>
            ×
          </button>
        </div>
      )}
      {open && (
        <div className="bell-panel card" role="dialog" aria-label="Notifications" data-testid="bell-panel">
          <div className="row bell-head">
            <strong>Notifications</strong>
            <span className="muted small">
              {live === "live" ? "live" : live === "offline" ? "not live — reload" : "connecting…"}
            </span>
            <button
              type="button"
              className="btn btn-ghost small"
              disabled={unread === 0 || mark.isPending}
              onClick={() => mark.mutate({ all: true })}
            >
              Mark all read
            </button>
          </div>
          {list.isPending && <p className="muted small">Loading…</p>}
          {list.error && <p className="alert alert-error small">{list.error.message}</p>}
          {list.data && list.data.items.length === 0 && (
            <p className="muted small">
              Nothing yet. Requests, decisions and changes to products you use or watch show up here.
            </p>
          )}
          {list.data && list.data.items.length > 0 && (
            <ul className="notification-list">
              {list.data.items.map((n) => (
                <li key={n.id} className={n.readAt ? "" : "unread"} data-testid="bell-item">
                  <button type="button" className="notification-item" onClick={() => openItem(n)}>
                    <span className="notification-title">{n.title}</span>
                    <span className="muted small">{n.body}</span>
                    <span className="muted small">{relativeTime(n.createdAt)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <p className="small">
            <Link href="/notifications" onClick={() => setOpen(false)}>
              All notifications and settings →
            </Link>
          </p>
        </div>
      )}
    </div>
  );
}
