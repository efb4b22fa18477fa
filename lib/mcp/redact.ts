/** What the audit keeps of a tool call's arguments — pure, unit-tested. */
import { LONE_SURROGATE } from "@/lib/api/input-guard";

/** Argument names whose values are never stored (whatever the tool). */
const SECRET_NAME = /(token|secret|password|passwd|authorization|api[-_]?key|credential|cookie)/i;
const MAX_STRING = 500;
const MAX_ITEMS = 50;
const MAX_DEPTH = 6;
const MAX_KEYS = 50;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, "g");

/** Text the audit's jsonb can hold: NUL written as its escape, lone surrogates as U+FFFD. */
export function storable(text: string): string {
  return text.replaceAll("\u0000", "\\u0000").replace(LONE_SURROGATES, "\uFFFD");
}

/**
 * The arguments as the audit stores them: values under secret-sounding names replaced by
 * "[redacted]", long strings cut to 500 characters, lists and objects to 50 items, deep nesting
 * elided, text made storable (`storable`).
 */
export function redactArguments(value: unknown, depth = 0): unknown {
  if (typeof value === "string") {
    // Cut first: a cut through a surrogate pair leaves a lone half, which storable() replaces.
    if (value.length <= MAX_STRING) return storable(value);
    return `${storable(value.slice(0, MAX_STRING))}… (${value.length} characters)`;
  }
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[nested too deep]";
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => redactArguments(v, depth + 1));
    return value.length > MAX_ITEMS ? [...items, `… ${value.length - MAX_ITEMS} more`] : items;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const kept = entries
    .slice(0, MAX_KEYS)
    .map(([k, v]) => [
      storable(k.slice(0, 100)),
      SECRET_NAME.test(k) ? "[redacted]" : redactArguments(v, depth + 1),
    ]);
  if (entries.length > MAX_KEYS) kept.push(["…", `${entries.length - MAX_KEYS} more keys`]);
  return Object.fromEntries(kept);
}
