/**
 * Input that PostgreSQL cannot store (a NUL character in text or jsonb) or that recursive code
 * cannot walk (JSON nested thousands deep) is refused at the boundary, naming where it is. Pure.
 */
export const MAX_INPUT_DEPTH = 64;

export interface UnsafeInput {
  /** Dotted path of the offending value, e.g. `outputs.0.facets.schema`. */
  path: string;
  message: string;
}

/** The first NUL character or over-deep nesting in a parsed JSON value, walked without recursion. */
export function findUnsafeInput(value: unknown, maxDepth = MAX_INPUT_DEPTH): UnsafeInput | null {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === "string") {
      if (current.includes("\u0000")) return { path: path.join("."), message: "must not contain a NUL character (\\u0000)" };
      continue;
    }
    if (typeof current !== "object" || current === null) continue;
    if (path.length >= maxDepth) return { path: path.slice(0, 8).join(".") + (path.length > 8 ? ".…" : ""), message: `is nested deeper than ${maxDepth} levels` };
    const entries = Array.isArray(current) ? current.map((v, i) => [String(i), v] as const) : Object.entries(current);
    for (const [key, child] of entries) {
      if (key.includes("\u0000")) return { path: [...path, key.replace(/\u0000/g, "\\u0000")].join("."), message: "has a key with a NUL character (\\u0000)" };
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return null;
}
