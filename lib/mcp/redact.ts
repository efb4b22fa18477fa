/** What the audit keeps of a tool call's arguments — pure, unit-tested. */

/** Argument names whose values are never stored (whatever the tool). */
const SECRET_NAME = /(token|secret|password|passwd|authorization|api[-_]?key|credential|cookie)/i;
const MAX_STRING = 500;
const MAX_ITEMS = 50;
const MAX_DEPTH = 6;

/**
 * The arguments as the audit stores them: values under secret-sounding names replaced by
 * "[redacted]", long strings cut to 500 characters, long lists to 50 items, deep nesting elided,
 * NUL characters written as `\u0000`.
 */
export function redactArguments(value: unknown, depth = 0): unknown {
  if (typeof value === "string") {
    // NUL cannot be stored (PostgreSQL text and jsonb): shown as the escape it was sent as.
    const text = value.replaceAll("\u0000", "\\u0000");
    return text.length > MAX_STRING ? `${text.slice(0, MAX_STRING)}… (${text.length} characters)` : text;
  }
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[nested too deep]";
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => redactArguments(v, depth + 1));
    return value.length > MAX_ITEMS ? [...items, `… ${value.length - MAX_ITEMS} more`] : items;
  }
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      k.replaceAll("\u0000", "\\u0000").slice(0, 100),
      SECRET_NAME.test(k) ? "[redacted]" : redactArguments(v, depth + 1),
    ]),
  );
}
