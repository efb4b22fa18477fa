/**
 * A live-tail viewer's position: the next offset it has not had, per partition. The stream says
 * it after each flush (a `position` event's id); EventSource sends it back as Last-Event-ID. Pure:
 * the server and the page share it.
 */

/** Past this many partitions a position (≈ 12 bytes each, after every flush) costs more than it saves. */
export const MAX_POSITION_PARTITIONS = 500;
const POSITION = /^\d{1,6}=\d{1,19}(,\d{1,6}=\d{1,19}){0,499}$/;

/**
 * A viewer's position as an SSE id: `<partition>=<next offset>` for each partition, e.g.
 * `0=1520,1=1498,2=1533`. Unlike an event's id (`<partition>:<offset>`) it says what the viewer
 * has had of every partition, so resuming from it neither repeats nor skips an event, whatever
 * order another instance's consumer received the partitions in.
 */
export function encodePosition(cursor: ReadonlyMap<number, number>): string {
  return [...cursor]
    .sort((a, b) => a[0] - b[0])
    .map(([p, o]) => `${p}=${o}`)
    .join(",");
}

/** The per-partition next offsets of a `position` id, or null when `id` is not one. */
export function parsePosition(id: string): Map<number, number> | null {
  if (!POSITION.test(id)) return null;
  const next = new Map<number, number>();
  for (const pair of id.split(",")) {
    const [p, o] = pair.split("=").map(Number) as [number, number];
    if (next.has(p) || !Number.isSafeInteger(o)) return null;
    next.set(p, o);
  }
  return next;
}

/**
 * The position after an event received since the last `position` event: a connection that drops
 * in the middle of a flush resumes exactly from what its client actually got.
 */
export function advancePosition(position: Map<number, number>, partition: number, offset: number): void {
  if (offset + 1 > (position.get(partition) ?? 0)) position.set(partition, offset + 1);
}
