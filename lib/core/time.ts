/**
 * Durations, waiting and how times are written: one module for the server, the browser and
 * scripts (Intl and plain arithmetic; no date library is needed for this much).
 */
export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function addDays(from: Date | number, days: number): Date {
  return new Date(+from + days * DAY_MS);
}

/** `2026-12-01` (UTC), as date inputs take it. */
export function isoDate(at: Date | number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** `2026-12-01 14:05 UTC`: audit trails and token lists, the same for every viewer. */
export function utcMinute(at: string | Date): string {
  return `${new Date(at).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** In the viewer's own locale and zone: the time alone when it is today. */
export function localDateTime(at: string | number | Date, now: Date = new Date()): string {
  const d = new Date(at);
  return d.toDateString() === now.toDateString() ? d.toLocaleTimeString() : d.toLocaleString();
}

/**
 * How long ago: `2.0 s ago` (one decimal under 10 s, so "2 s ago" next to a "< 2 s" SLA never
 * reads as within it when it is not), `14 s ago`, `3 min ago`, `5 h ago`, `2 d ago`.
 */
export function timeAgo(at: string | number | Date, now: number = Date.now()): string {
  const ms = Math.max(0, now - +new Date(at));
  const s = Math.round(ms / SECOND_MS);
  if (s < 60) return `${(ms / SECOND_MS).toFixed(s < 10 ? 1 : 0)} s ago`;
  if (ms < HOUR_MS) return `${Math.round(ms / MINUTE_MS)} min ago`;
  if (ms < DAY_MS) return `${Math.round(ms / HOUR_MS)} h ago`;
  return `${Math.round(ms / DAY_MS)} d ago`;
}
