/** Helpers every DATSIS check uses: building a check, naming fields and listing names. */
import type { ScorecardCheck, ScorecardField, ScorecardInput } from "./datsis-model";

/** How many names a fix lists before "and N more": enough to act on, short enough to read. */
const MAX_NAMED = 5;

export function check(
  id: string,
  label: string,
  weight: number,
  failure: string | null,
  hint: string,
): ScorecardCheck {
  return { id, label, weight, passed: failure === null, fix: failure ?? hint };
}

// ─── Shared ─────────────────────────────────────────────────────────────────

export interface QualifiedField {
  port: string;
  field: ScorecardField;
}

export function allFields(input: ScorecardInput): QualifiedField[] {
  return input.outputPorts.flatMap((port) =>
    (port.schema?.fields ?? []).map((field) => ({ port: port.name, field })),
  );
}

/** `port.field`, so a fix is unambiguous across ports. */
export function qualifiedName(f: QualifiedField): string {
  return `\`${f.port}.${f.field.path}\``;
}

export function listNames(names: string[]): string {
  const shown = names.slice(0, MAX_NAMED);
  const rest = names.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}

export function findDuplicates(values: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1);
}

export function countWords(markdown: string): number {
  return markdown.match(/[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu)?.length ?? 0;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
