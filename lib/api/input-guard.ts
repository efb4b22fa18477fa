/**
 * Input that PostgreSQL cannot store (a NUL character in text or jsonb, a lone surrogate in jsonb) or that recursive code
 * cannot walk (JSON nested thousands deep) is refused at the boundary, naming where it is. Pure.
 */
export const MAX_INPUT_DEPTH = 64;

/** A UTF-16 surrogate without its pair: not Unicode, and jsonb refuses it. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NOT_UNICODE = "must be valid Unicode (it has a lone surrogate, e.g. \\ud800)";

export interface UnsafeInput {
  /** Dotted path of the offending value, e.g. `outputs.0.facets.schema`. */
  path: string;
  message: string;
}

interface Frame {
  value: unknown;
  depth: number;
  key: string;
  parent: Frame | null;
}

function pathOf(frame: Frame): string[] {
  const keys: string[] = [];
  for (let f: Frame | null = frame; f && f.parent; f = f.parent) keys.push(f.key);
  return keys.reverse();
}

/**
 * The first NUL character or over-deep nesting in a parsed JSON value. Walked without recursion,
 * and paths are only built for the offending value (a 1.4 MB OpenLineage batch takes a few ms).
 */
export function findUnsafeInput(value: unknown, maxDepth = MAX_INPUT_DEPTH): UnsafeInput | null {
  const stack: Frame[] = [{ value, depth: 0, key: "", parent: null }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const current = frame.value;
    if (typeof current === "string") {
      if (current.includes("\u0000"))
        return { path: pathOf(frame).join("."), message: "must not contain a NUL character (\\u0000)" };
      if (LONE_SURROGATE.test(current)) return { path: pathOf(frame).join("."), message: NOT_UNICODE };
      continue;
    }
    if (typeof current !== "object" || current === null) continue;
    if (frame.depth >= maxDepth) {
      const path = pathOf(frame);
      return {
        path: path.slice(0, 8).join(".") + (path.length > 8 ? ".…" : ""),
        message: `is nested deeper than ${maxDepth} levels`,
      };
    }
    if (Array.isArray(current)) {
      for (let i = 0; i < current.length; i++)
        stack.push({ value: current[i], depth: frame.depth + 1, key: String(i), parent: frame });
      continue;
    }
    for (const key in current) {
      if (!Object.hasOwn(current, key)) continue;
      if (key.includes("\u0000"))
        return {
          path: [...pathOf(frame), key.replaceAll("\u0000", "\\u0000")].join("."),
          message: "has a key with a NUL character (\\u0000)",
        };
      if (LONE_SURROGATE.test(key))
        return {
          path: pathOf(frame).join("."),
          message: `has a key that ${NOT_UNICODE.replace("must be", "is not")}`,
        };
      stack.push({
        value: (current as Record<string, unknown>)[key],
        depth: frame.depth + 1,
        key,
        parent: frame,
      });
    }
  }
  return null;
}
