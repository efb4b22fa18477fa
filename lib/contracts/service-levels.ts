/**
 * ODCS `slaProperties` ↔ Meshport's service levels (`{ latency: "5 s" }`).
 *
 * Each SLA entry reads as one display string: `value unit` (`{property: latency, value: 5, unit: s}`
 * → "5 s"). A display string goes back as a number plus unit only when that reads back identically
 * ("99.9 %" → 99.9 + "%"), otherwise as a string value ("< 5 s"), so neither direction loses text.
 * The source entries are kept verbatim (in `extras.slaProperties`): an entry whose display string
 * is unchanged is re-emitted exactly as written (element, driver, description …), an edited one
 * takes the new value.
 */
import { asArray, asString, clone, isRecord, type JsonObject } from "./json";

export function formatSlaValue(entry: JsonObject): string {
  const value = entry.value;
  const text =
    value === null || value === undefined
      ? ""
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value);
  const unit = asString(entry.unit);
  return unit ? `${text} ${unit}`.trim() : text;
}

export function parseSlaValue(display: string): { value: string | number; unit?: string } {
  const match = /^(-?\d+(?:\.\d+)?)(?:\s+(\S(?:.*\S)?))?$/.exec(display);
  if (match?.[1]) {
    const candidate = match[2] ? { value: Number(match[1]), unit: match[2] } : { value: Number(match[1]) };
    if (formatSlaValue(candidate) === display) return candidate;
  }
  return { value: display };
}

/** The first entry of each property becomes a service level. */
export function toServiceLevels(slaProperties: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of asArray(slaProperties)) {
    if (!isRecord(entry)) continue;
    const property = asString(entry.property);
    if (property && !Object.hasOwn(out, property)) out[property] = formatSlaValue(entry);
  }
  return out;
}

/** `source` is the verbatim list from the import (if any); service levels removed in Meshport are dropped. */
export function toSlaProperties(serviceLevels: Record<string, string>, source: unknown): JsonObject[] {
  const out: JsonObject[] = [];
  const seen = new Set<string>();
  for (const raw of asArray(source)) {
    if (!isRecord(raw)) continue;
    const entry = clone(raw);
    const property = asString(entry.property);
    if (!property || seen.has(property)) {
      out.push(entry);
      continue;
    }
    seen.add(property);
    const display = Object.hasOwn(serviceLevels, property) ? serviceLevels[property] : undefined;
    // Removed in Meshport (or not a string, as a hand-edited database row might have it): dropped.
    if (typeof display !== "string") continue;
    if (formatSlaValue(entry) === display) {
      out.push(entry);
    } else {
      const { value, unit } = parseSlaValue(display);
      out.push({ ...entry, value, unit });
    }
  }
  for (const [property, display] of Object.entries(serviceLevels)) {
    if (seen.has(property) || typeof display !== "string") continue;
    out.push({ property, ...parseSlaValue(display) });
  }
  return out;
}
