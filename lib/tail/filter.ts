/**
 * The live tail's server-side filter, one box in the panel: `$.path.to.field=value` (a JSON-path
 * equals, `[n]` for array items) or any other text (a case-insensitive match on key and value).
 * It runs on what the viewer may see — masked values for non-owners — so it cannot probe PII.
 */

export type TailFilter =
  | { kind: "text"; needle: string }
  | { kind: "equals"; path: (string | number)[]; expected: unknown; text: string };

const EQUALS = /^\$((?:\.[^.[\]=\s]+|\[\d+\])+)\s*==?\s*(.*)$/s;

/** Why a filter cannot be used, or null: `$…` must be a JSON-path equals. */
export function filterProblem(input: string): string | null {
  const text = input.trim();
  return text.startsWith("$") && !EQUALS.test(text)
    ? "a JSON-path filter reads $.field=value (or $.a.b[0].c=value)"
    : null;
}

export function parseFilter(input: string | undefined): TailFilter | null {
  const text = input?.trim() ?? "";
  if (text === "") return null;
  const m = EQUALS.exec(text);
  if (!m) return { kind: "text", needle: text.toLowerCase() };
  const path = [...m[1]!.matchAll(/\.([^.[\]=\s]+)|\[(\d+)\]/g)].map((p) =>
    p[2] !== undefined ? Number(p[2]) : p[1]!,
  );
  const raw = m[2]!.trim();
  let expected: unknown = raw;
  try {
    expected = JSON.parse(raw);
  } catch {
    // A bare word: compare as a string.
  }
  return { kind: "equals", path, expected, text: raw };
}

function at(value: unknown, path: (string | number)[]): unknown {
  let cur = value;
  for (const step of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[step];
  }
  return cur;
}

/** `serialized`: the JSON of the message as the viewer would get it (key and value included). */
export function matchesFilter(
  filter: TailFilter,
  message: { key: string | null; value: unknown },
  serialized: () => string,
): boolean {
  if (filter.kind === "text") return serialized().toLowerCase().includes(filter.needle);
  const actual = at(message.value, filter.path);
  if (actual === undefined) return false;
  if (actual === filter.expected) return true;
  // Lenient on types: `$.amount=10` matches "10", `$.id="7"` matches 7.
  return (
    (typeof actual === "string" || typeof actual === "number" || typeof actual === "boolean") &&
    String(actual) === String(filter.expected ?? filter.text)
  );
}
