/**
 * PII masking for the live tail. The port's schema fields classified PII (flattened paths such
 * as `customer.email`, `items[].sku`, `attributes{}.name`) are replaced in each decoded message
 * before it leaves the server; the message lists the concrete paths it masked. Pure.
 */

export const MASK = "****";

type Segment = { key: string } | { each: "array" | "map" };

export interface MaskPlan {
  /** Segment lists of the paths to mask (the most specific PII paths). */
  patterns: Segment[][];
  /** The schema paths, for display and for an empty plan check. */
  paths: string[];
}

function parse(path: string): Segment[] {
  const out: Segment[] = [];
  for (const part of path.split(".")) {
    const m = /^(.*?)((?:\[\]|\{\})*)$/.exec(part)!;
    if (m[1]) out.push({ key: m[1] });
    for (const marker of m[2]!.match(/\[\]|\{\}/g) ?? [])
      out.push({ each: marker === "[]" ? "array" : "map" });
  }
  return out;
}

const isBelow = (child: string, parent: string) =>
  child !== parent &&
  (child.startsWith(`${parent}.`) || child.startsWith(`${parent}[]`) || child.startsWith(`${parent}{}`));

/**
 * Masks the most specific PII paths: an object that is PII only because a child is (the
 * catalog's effective classification) keeps its other children; one declared PII with no PII
 * children is masked whole.
 */
export function maskPlan(fields: readonly { path: string; classification: string }[]): MaskPlan {
  const pii = fields.filter((f) => f.classification === "PII").map((f) => f.path);
  const paths = pii.filter((p) => !pii.some((q) => isBelow(q, p)));
  return { patterns: paths.map(parse), paths };
}

function walk(value: unknown, segments: Segment[], at: string, masked: string[]): unknown {
  if (value === null || value === undefined) return value;
  if (segments.length === 0) {
    masked.push(at);
    return MASK;
  }
  const [head, ...rest] = segments as [Segment, ...Segment[]];
  if ("key" in head) {
    if (typeof value !== "object" || Array.isArray(value) || !(head.key in (value as object))) return value;
    const obj = value as Record<string, unknown>;
    return { ...obj, [head.key]: walk(obj[head.key], rest, at ? `${at}.${head.key}` : head.key, masked) };
  }
  if (head.each === "array") {
    if (!Array.isArray(value)) return value;
    return value.map((item, i) => walk(item, rest, `${at}[${i}]`, masked));
  }
  if (typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      k,
      walk(v, rest, at ? `${at}.${k}` : k, masked),
    ]),
  );
}

/** The value with every PII path masked, and the concrete paths that were (`items[0].sku`). */
export function applyMask(value: unknown, plan: MaskPlan): { value: unknown; masked: string[] } {
  const masked: string[] = [];
  let out = value;
  for (const pattern of plan.patterns) out = walk(out, pattern, "", masked);
  return { value: out, masked };
}
