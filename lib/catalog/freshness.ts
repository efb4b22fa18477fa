/**
 * Freshness of a Kafka topic against its SLA, pure (shared by the product page's live facts).
 * SLAs are free text written by owners: "< 5 s", "< 1 min", "hourly", "daily 06:00 UTC",
 * "weekly, Monday 07:00 UTC", "monthly"; anything else is reported as "not measurable".
 */
import { DAY_MS } from "@/lib/core/time";

const UNITS: [RegExp, number][] = [
  [/^ms$/, 1],
  [/^(s|secs?|seconds?)$/, 1000],
  [/^(mins?|minutes?)$/, 60_000],
  [/^(h|hrs?|hours?)$/, 3_600_000],
  [/^(d|days?)$/, DAY_MS],
];
const CADENCES: Record<string, number> = {
  hourly: 3_600_000,
  daily: DAY_MS,
  weekly: 7 * DAY_MS,
  monthly: 31 * DAY_MS,
};

/** The longest allowed age of the newest event in ms, or null when the text says no duration. */
export function parseFreshness(sla: string): number | null {
  const text = sla.trim().toLowerCase();
  const duration = /^(?:<=?|≤|within|under)?\s*(\d+(?:\.\d+)?)\s*([a-z]+)/.exec(text);
  if (duration) {
    const factor = UNITS.find(([unit]) => unit.test(duration[2]!))?.[1];
    return factor === undefined ? null : Number(duration[1]) * factor;
  }
  const cadence = /^(hourly|daily|weekly|monthly)\b/.exec(text);
  return cadence ? CADENCES[cadence[1]!]! : null;
}

export type FreshnessStatus = "fresh" | "stale" | "silent" | "unknown";

/** `silent`: nothing arrived in the last hour; `unknown`: the SLA is not a duration. */
export function freshnessStatus(
  lastEventAt: string | null,
  sla: string | undefined,
  now = Date.now(),
): FreshnessStatus {
  const limit = sla ? parseFreshness(sla) : null;
  if (lastEventAt === null) return limit !== null && limit > 3_600_000 ? "unknown" : "silent";
  if (limit === null) return "unknown";
  return now - Date.parse(lastEventAt) <= limit ? "fresh" : "stale";
}
