"use client";

import { createParser, type EventSourceMessage } from "eventsource-parser";
import { useCallback, useEffect, useRef, useState } from "react";
import type { TailEventData } from "@/lib/tail/event";
import { filterProblem } from "@/lib/tail/filter";
import { advancePosition, encodePosition, parsePosition } from "@/lib/tail/position";
import { localDateTime } from "@/lib/core/time";

/** At most this many events are kept in the page; the list shows the newest of them. */
const KEEP = 1000;
const SHOWN = 200;
const MASK = "****";

type Status =
  | "idle"
  | "connecting"
  | "live"
  | "paused"
  | "reconnecting"
  | "unavailable"
  | "forbidden"
  | "ended"
  | "error";

const STATUS_TEXT: Record<Status, string> = {
  idle: "Not started",
  connecting: "Connecting…",
  live: "Live",
  paused: "Paused",
  reconnecting: "Reconnecting…",
  unavailable: "Kafka unavailable",
  forbidden: "Not entitled",
  ended: "Stream ended",
  error: "Error",
};
const STATUS_CLASS: Record<Status, string> = {
  idle: "status-pending",
  connecting: "status-pending",
  live: "status-ok",
  paused: "status-pending",
  reconnecting: "status-warn",
  unavailable: "status-error",
  forbidden: "status-error",
  ended: "status-warn",
  error: "status-error",
};

/** An event of the stream, with its SSE id (`<partition>:<offset>`). */
type TailEvent = TailEventData & { id: string };

const FROM_OPTIONS = [
  ["latest", "New events"],
  ["last:10", "Last 10"],
  ["last:100", "Last 100"],
  ["last:1000", "Last 1,000"],
  ["earliest", "From the beginning"],
] as const;

function JsonTree({ value, path, masked }: { value: unknown; path: string; masked: Set<string> }) {
  if (value === MASK && masked.has(path)) {
    return (
      <span className="tail-masked" title="Masked: classified PII in the port's schema">
        masked
      </span>
    );
  }
  if (value === null || typeof value !== "object")
    return <span className={`tail-${typeof value}`}>{JSON.stringify(value)}</span>;
  const entries = Array.isArray(value)
    ? value.map((v, i) => [String(i), v] as const)
    : Object.entries(value as Record<string, unknown>);
  return (
    <ul className="tail-tree">
      {entries.map(([k, v]) => {
        const child = Array.isArray(value) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
        return (
          <li key={k}>
            <span className="tail-field">{k}</span>: <JsonTree value={v} path={child} masked={masked} />
          </li>
        );
      })}
    </ul>
  );
}

function EventRow({ e, onInspect }: { e: TailEvent; onInspect: (open: boolean) => void }) {
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (copy === "idle") return;
    const timer = setTimeout(() => setCopy("idle"), 2000);
    return () => clearTimeout(timer);
  }, [copy]);
  const preview = e.withheld
    ? "(payload withheld: it did not decode and the schema marks PII)"
    : JSON.stringify(e.value);
  return (
    <li className="tail-event" data-testid="tail-event">
      <details onToggle={(ev) => onInspect((ev.currentTarget as HTMLDetailsElement).open)}>
        <summary>
          <span className="muted">{localDateTime(e.timestamp)}</span>{" "}
          <span className="badge" title={`Partition ${e.partition}, offset ${e.offset}`}>
            {e.id}
          </span>{" "}
          {e.key !== null && <span className="tail-key">{e.key}</span>}{" "}
          {/* Badges before the preview: a long value's ellipsis must not hide them. */}
          {e.masked.length > 0 && <span className="badge badge-pii">{e.masked.length} masked</span>}{" "}
          {e.encoding !== "json" && <span className="badge">{e.encoding}</span>}{" "}
          <span className="tail-preview">{preview.length > 160 ? `${preview.slice(0, 160)}…` : preview}</span>
        </summary>
        <div className="tail-detail">
          {e.error && <p className="small status-warn">{e.error}</p>}
          {e.truncated && (
            <p className="small muted">Preview cut at 20 KiB of {e.size.toLocaleString()} bytes.</p>
          )}
          {Object.keys(e.headers).length > 0 && (
            <p className="small">
              Headers:{" "}
              {Object.entries(e.headers)
                .map(([k, v]) => `${k}=${v}`)
                .join(", ")}
            </p>
          )}
          <JsonTree value={e.value} path="" masked={new Set(e.masked)} />
          <button
            type="button"
            className="btn"
            onClick={() => {
              const { id: _id, ...event } = e;
              const text = JSON.stringify(event, null, 2);
              (navigator.clipboard
                ? navigator.clipboard.writeText(text)
                : Promise.reject(new Error("no clipboard"))
              ).then(
                () => setCopy("copied"),
                () => setCopy("failed"),
              );
            }}
          >
            {copy === "copied"
              ? "Copied"
              : copy === "failed"
                ? "Copy failed (no clipboard access)"
                : "Copy as JSON"}
          </button>
        </div>
      </details>
    </li>
  );
}

/**
 * Live sample events of a Kafka port, streamed from /api/v1/ports/{id}/tail (SSE over fetch, so
 * a 403 or 503 is shown as such). Pause closes the stream and keeps the last event id; resume
 * reconnects from there with no gap. Lost connections reconnect the same way.
 */
export function LiveTail({
  portId,
  entitled,
  masked,
  requestHref,
}: {
  portId: string;
  entitled: boolean;
  masked: boolean;
  requestHref: string;
}) {
  const [status, setStatus] = useState<Status>(entitled ? "idle" : "forbidden");
  const [message, setMessage] = useState<string | null>(null);
  const [events, setEvents] = useState<TailEvent[]>([]);
  const [from, setFrom] = useState<string>("last:10");
  const [filter, setFilter] = useState("");
  const [applied, setApplied] = useState("");
  /** Where the current stream started (Resume before any event starts there again). */
  const [appliedFrom, setAppliedFrom] = useState("latest");
  const [filterError, setFilterError] = useState<string | null>(null);
  const [rate, setRate] = useState(0);
  const [dropped, setDropped] = useState(0);
  const abort = useRef<AbortController | null>(null);
  /** What a reconnect resumes from: the last event's id, or better the stream's position. */
  const lastId = useRef<string | null>(null);
  /** The last `position` the stream sent, advanced by each event since (exact after a drop mid-flush). */
  const position = useRef<Map<number, number> | null>(null);
  const pending = useRef<TailEvent[]>([]);
  /** Event times (not arrival times) of the last few seconds: the topic's rate, not a replay's. */
  const recent = useRef<number[]>([]);
  const inspecting = useRef(0);
  const [held, setHeld] = useState(0);

  // Batch arrivals into one render every 200 ms, whatever the event rate; hold them while an
  // event is open, so the one being read does not drift away.
  useEffect(() => {
    const timer = setInterval(() => {
      const now = Date.now();
      recent.current = recent.current.filter((t) => now - t < 5000);
      setRate(recent.current.length / 5);
      if (pending.current.length > KEEP) pending.current = pending.current.slice(-KEEP);
      if (inspecting.current > 0) {
        setHeld(pending.current.length);
        return;
      }
      setHeld(0);
      if (pending.current.length === 0) return;
      const fresh = pending.current.reverse();
      pending.current = [];
      setEvents((old) => [...fresh, ...old].slice(0, KEEP));
    }, 200);
    return () => clearInterval(timer);
  }, []);
  const onInspect = useCallback((open: boolean) => {
    inspecting.current = Math.max(0, inspecting.current + (open ? 1 : -1));
  }, []);

  const connect = useCallback(
    async (resume: boolean, startFrom: string, filterText: string, attempt = 0) => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      setStatus(attempt > 0 ? "reconnecting" : "connecting");
      const qs = new URLSearchParams({ from: startFrom });
      if (filterText) qs.set("filter", filterText);
      const resumeFrom = position.current ? encodePosition(position.current) : lastId.current;
      if (resume && resumeFrom) qs.set("lastEventId", resumeFrom);
      try {
        const res = await fetch(`/api/v1/ports/${portId}/tail?${qs}`, {
          signal: controller.signal,
          headers: { accept: "text/event-stream" },
        });
        if (!res.ok || !res.body) {
          const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
          setMessage(body?.error?.message ?? `The stream could not start (${res.status})`);
          setStatus(res.status === 403 ? "forbidden" : res.status === 503 ? "unavailable" : "error");
          return;
        }
        setMessage(null);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        const got: EventSourceMessage[] = [];
        const parser = createParser({ onEvent: (e) => got.push(e) });
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.feed(value);
          for (const e of got.splice(0)) {
            if (e.event === undefined || e.event === "message") {
              const data = JSON.parse(e.data) as Omit<TailEvent, "id">;
              lastId.current = e.id ?? lastId.current;
              if (position.current) advancePosition(position.current, data.partition, Number(data.offset));
              pending.current.push({ ...data, id: e.id ?? "" });
              if (Date.now() - data.timestamp < 5000) recent.current.push(data.timestamp);
            } else if (e.event === "position") {
              // Where the stream stands on every partition: resuming from it is exact.
              position.current = (e.id && parsePosition(e.id)) || position.current;
            } else if (e.event === "status") {
              const s = JSON.parse(e.data) as { state: string; message?: string };
              setStatus(
                s.state === "live" ? "live" : s.state === "reconnecting" ? "unavailable" : "connecting",
              );
              setMessage(s.message ?? null);
              attempt = 0;
            } else if (e.event === "dropped") {
              setDropped((d) => d + (JSON.parse(e.data) as { count: number }).count);
            } else if (e.event === "end") {
              const end = JSON.parse(e.data) as { code: string; message: string };
              setStatus(end.code === "forbidden" ? "forbidden" : "ended");
              setMessage(end.message);
              return;
            }
          }
        }
      } catch (err) {
        if (controller.signal.aborted) return;
        setMessage(err instanceof Error ? err.message : String(err));
      }
      // The stream ended without an "end" event, or failed.
      if (!controller.signal.aborted) {
        // The connection dropped (server restart, network): resume after the last event.
        setStatus("reconnecting");
        await new Promise((r) => setTimeout(r, Math.min(10_000, 1000 * 2 ** attempt)));
        if (!controller.signal.aborted) void connect(true, startFrom, filterText, attempt + 1);
      }
    },
    [portId],
  );

  useEffect(() => () => abort.current?.abort(), []);

  const running =
    status === "connecting" || status === "live" || status === "reconnecting" || status === "unavailable";
  const start = () => {
    // A malformed filter keeps what is on screen: say so, restart nothing.
    const problem = filterProblem(filter);
    setFilterError(problem);
    if (problem) return;
    lastId.current = null;
    position.current = null;
    pending.current = [];
    recent.current = [];
    inspecting.current = 0;
    setRate(0);
    setEvents([]);
    setDropped(0);
    setApplied(filter);
    setAppliedFrom(from);
    void connect(false, from, filter);
  };
  const pause = () => {
    abort.current?.abort();
    setStatus("paused");
  };

  return (
    <div className="tail" data-testid="live-tail">
      <div className="row small">
        <strong>Live events</strong>
        <span className={`status ${STATUS_CLASS[status]}`} data-testid="tail-status" role="status">
          {STATUS_TEXT[status]}
        </span>
        {running && (
          <span
            className="muted"
            data-testid="tail-rate"
            title="Events written to the topic in the last 5 seconds (per minute, as the broker facts above count them)"
          >
            {rate.toFixed(rate < 10 ? 1 : 0)} events/s · ~{Math.round(rate * 60).toLocaleString("en")}/min
          </span>
        )}
        {masked && entitled && <span className="badge badge-pii">PII masked</span>}
      </div>
      {!entitled ? (
        <p className="small muted">
          Live events are for the owner team and teams with an active grant on this port.{" "}
          <a href={requestHref}>Request access</a> to watch them.
        </p>
      ) : (
        <>
          <form
            className="row small"
            onSubmit={(e) => {
              e.preventDefault();
              start();
            }}
          >
            <label>
              Start{" "}
              <select aria-label="Start from" value={from} onChange={(e) => setFrom(e.target.value)}>
                {FROM_OPTIONS.map(([v, label]) => (
                  <option key={v} value={v}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <input
              type="search"
              aria-label="Filter events"
              placeholder="Filter: text, or $.field=value"
              value={filter}
              maxLength={500}
              onChange={(e) => {
                setFilter(e.target.value);
                setFilterError(null);
              }}
            />
            <button type="submit" className="btn btn-primary">
              {running || status === "paused" ? "Restart" : "Start"}
            </button>
            {/* One button that toggles, so keyboard focus stays on it. */}
            {(running || status === "paused") && (
              <button
                type="button"
                className="btn"
                aria-pressed={status === "paused"}
                onClick={() => (status === "paused" ? void connect(true, appliedFrom, applied) : pause())}
              >
                {status === "paused" ? "Resume" : "Pause"}
              </button>
            )}
          </form>
          {filterError && (
            <p className="small status-error" role="alert" data-testid="tail-filter-error">
              Filter not applied: {filterError}.
            </p>
          )}
          {filter !== applied && status !== "idle" && !filterError && (
            <p className="small muted" data-testid="tail-filter-pending">
              The filter is not applied yet: press Enter or Restart.
            </p>
          )}
          {message && (
            <p
              className={`small ${status === "live" ? "muted" : "status-warn"}`}
              role={status === "live" ? undefined : "alert"}
            >
              {message}
            </p>
          )}
          {status === "forbidden" && (
            <p className="small">
              <a href={requestHref}>Request access</a> to watch this port.
            </p>
          )}
          {dropped > 0 && (
            <p className="small status-warn" data-testid="tail-dropped">
              {dropped.toLocaleString()} events dropped: your browser fell behind the stream.
            </p>
          )}
          {(status === "live" || status === "connecting") && events.length === 0 && held === 0 && (
            <p className="small muted">
              {applied ? `No events match "${applied}" yet.` : "Waiting for events…"}
            </p>
          )}
          {held > 0 && (
            <p className="small muted" data-testid="tail-held">
              {held.toLocaleString()} new events held while you read an open event: close it to see them.
            </p>
          )}
          {events.length > 0 && (
            <>
              <p className="small muted">
                {events.length.toLocaleString()} events kept
                {events.length > SHOWN ? `, newest ${SHOWN} shown` : ""}
                {applied && ` · filter "${applied}"`}
              </p>
              <ul className="tail-events" aria-live="off">
                {events.slice(0, SHOWN).map((e) => (
                  <EventRow key={e.id} e={e} onInspect={onInspect} />
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </div>
  );
}
