/** Small helpers for the plain JSON values YAML documents turn into. */

export type JsonObject = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A deep copy, so that what the caller keeps cannot be changed through what we return. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    const otherKeys = Object.keys(b).filter((k) => b[k] !== undefined);
    return keys.length === otherKeys.length && keys.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * The object with `preferred` keys first (in that order), the rest alphabetically, and
 * `undefined` values dropped. Documents must not depend on the key order a database (jsonb)
 * happened to return.
 */
export function orderKeys(object: JsonObject, preferred: readonly string[]): JsonObject {
  const rank = new Map(preferred.map((key, i) => [key, i]));
  const keys = Object.keys(object)
    .filter((key) => object[key] !== undefined)
    .sort((a, b) => {
      const ra = rank.get(a);
      const rb = rank.get(b);
      if (ra !== undefined && rb !== undefined) return ra - rb;
      if (ra !== undefined) return -1;
      if (rb !== undefined) return 1;
      return a < b ? -1 : a > b ? 1 : 0;
    });
  const out: JsonObject = {};
  for (const key of keys) out[key] = object[key];
  return out;
}
