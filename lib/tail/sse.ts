/**
 * Server-Sent Events framing for the live tail: the bytes the server writes. Pure. Each frame
 * ends with the blank line that dispatches it; a value never holds a newline (JSON, ids, names).
 */

/** An event: `event:` (omitted for the default "message"), `id:` when given, then one `data:` line. */
export function sseEvent(frame: { event?: string; id?: string; data: string }): string {
  return `${frame.event ? `event: ${frame.event}\n` : ""}${frame.id !== undefined ? `id: ${frame.id}\n` : ""}data: ${frame.data}\n\n`;
}

/** A named event whose data is `data` as JSON (control events: status, end, dropped, hello). */
export function sseJson(event: string, data: unknown): string {
  return sseEvent({ event, data: JSON.stringify(data) });
}

/** A comment line: ignored by clients, keeps proxies from closing an idle stream. */
export function sseComment(text: string): string {
  return `: ${text}\n\n`;
}

export const HEARTBEAT = sseComment("heartbeat");

/** The stream's opening: the client's reconnect delay, and a comment naming what it watches. */
export function sseOpening(retryMs: number, comment: string): string {
  return `retry: ${retryMs}\n: ${comment}\n\n`;
}
