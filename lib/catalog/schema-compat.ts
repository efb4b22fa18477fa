/**
 * Schema evolution on flat fields: a field-level diff of two versions, and the compatibility check
 * that guards a port's next schema version. Pure functions, usable in the browser and the API.
 *
 * The modes mean what they mean in Confluent Schema Registry, applied field by field:
 *
 * - BACKWARD: consumers on the NEW schema can read records written with the OLD one. Breaks: a new
 *   required field (old records lack it), an optional field becoming required, a type the new
 *   reader cannot read from old data. Removing a field is fine (the new reader ignores it).
 * - FORWARD: consumers on the OLD schema can read records written with the NEW one. Breaks: removing
 *   a required field, a required field becoming optional (old readers still expect it), a type old
 *   readers cannot read. Adding a field is fine (old readers ignore it).
 * - FULL: both. NONE: anything goes.
 *
 * Types: a reader accepts what a writer wrote when the types are equal or the writer's type
 * widens into the reader's: integer → long → number (and integer → number), enum → string,
 * string ↔ bytes (Avro promotes both ways), element-wise for `array<…>` / `map<…>`, and a union
 * reader accepts a writer whose every branch it accepts. So integer → long passes BACKWARD but
 * breaks FORWARD; number → integer is the reverse. date/timestamp → string is NOT a widening: flat
 * fields do not say whether the schema is JSON (where a date is a string) or Avro (where it is an
 * int/long), and a guard should not let an Avro break through. A type we could not resolve
 * (`unknown`, e.g. an external `$ref`) is not flagged: there is nothing to compare.
 *
 * Subtrees: when an object, array or map field is added, removed or changes type, its children
 * follow it; violations report the parent once instead of every child. A child added to or removed
 * from a parent that stays is judged on its own (a required child added to an existing object
 * breaks BACKWARD even when the object is optional: old records that have the object lack it).
 *
 * Classification and description changes are never violations; they only show in the diff, which
 * lists every changed field (children of a new object included) so the UI can render all of it.
 */
import type { FlatField } from "./schema-fields";
import type { Compatibility } from "@/lib/generated/prisma/enums";

export type CompatibilityMode = Compatibility;

export interface FieldChange {
  path: string;
  kind: "added" | "removed" | "changed";
  before?: FlatField;
  after?: FlatField;
  /** Human-readable, e.g. "type string → integer", "now required", "no longer required", "classification INTERNAL → PII", "description changed". */
  details: string[];
}

export interface CompatibilityViolation {
  path: string;
  /** Starts with "field `path`", so messages can be joined into one sentence. */
  message: string;
}

const MAX_LISTED = 5;

/**
 * Field-level diff of two schema versions, in a stable order: the newer version's order (by
 * `position`), each removed field right after the field that preceded it in the older version.
 * Unchanged fields (position moves included) are omitted.
 */
export function diffFields(before: FlatField[], after: FlatField[]): FieldChange[] {
  const oldFields = sortByPosition(before);
  const newFields = sortByPosition(after);
  const oldByPath = new Map(oldFields.map((f) => [f.path, f]));
  const newByPath = new Map(newFields.map((f) => [f.path, f]));

  // Removed fields hang off the closest earlier old field that survives ("" = the very start).
  const removedAfter = new Map<string, FieldChange[]>();
  let anchor = "";
  for (const field of oldFields) {
    if (newByPath.has(field.path)) {
      anchor = field.path;
      continue;
    }
    const bucket = removedAfter.get(anchor) ?? [];
    bucket.push({
      path: field.path,
      kind: "removed",
      before: field,
      details: [`was ${describeShape(field)}`],
    });
    removedAfter.set(anchor, bucket);
  }

  const changes: FieldChange[] = [...(removedAfter.get("") ?? [])];
  for (const field of newFields) {
    const old = oldByPath.get(field.path);
    if (!old) {
      changes.push({ path: field.path, kind: "added", after: field, details: [describeShape(field)] });
    } else {
      const details = describeDifferences(old, field);
      if (details.length > 0)
        changes.push({ path: field.path, kind: "changed", before: old, after: field, details });
    }
    changes.push(...(removedAfter.get(field.path) ?? []));
  }
  return changes;
}

/** Violations of `mode` when a port moves from `before` (current version) to `after` (proposed). Empty = compatible. */
export function checkCompatibility(
  mode: CompatibilityMode,
  before: FlatField[],
  after: FlatField[],
): CompatibilityViolation[] {
  if (mode === "NONE") return [];
  const backward = mode === "BACKWARD" || mode === "FULL";
  const forward = mode === "FORWARD" || mode === "FULL";

  const changes = diffFields(before, after);
  const subtreeRoots = changes
    .filter((c) => c.kind !== "changed" || c.before?.type !== c.after?.type)
    .map((c) => c.path);
  const violations: CompatibilityViolation[] = [];

  for (const change of changes) {
    // The parent's own entry speaks for the whole subtree.
    if (subtreeRoots.some((root) => isDescendant(change.path, root))) continue;
    const { path, before: old, after: next } = change;
    const name = `field \`${path}\``;

    if (change.kind === "added" && next?.required && backward) {
      violations.push({
        path,
        message: `${name} was added as required; consumers on the new schema (BACKWARD) would reject old records without it`,
      });
    }
    if (change.kind === "removed" && old?.required && forward) {
      violations.push({
        path,
        message: `${name} was removed; consumers on the old schema (FORWARD) still require it`,
      });
    }
    if (change.kind !== "changed" || !old || !next) continue;

    if (old.type !== next.type) {
      const newReadsOld = !backward || canReadType(old.type, next.type);
      const oldReadsNew = !forward || canReadType(next.type, old.type);
      const types = `${old.type} → ${next.type}`;
      if (!newReadsOld && !oldReadsNew) {
        violations.push({
          path,
          message: `${name} changed type ${types}; neither old nor new consumers can read the other's records (BACKWARD and FORWARD)`,
        });
      } else if (!newReadsOld) {
        violations.push({
          path,
          message: `${name} changed type ${types}; consumers on the new schema (BACKWARD) cannot read old records`,
        });
      } else if (!oldReadsNew) {
        violations.push({
          path,
          message: `${name} changed type ${types}; consumers on the old schema (FORWARD) cannot read new records`,
        });
      }
    }
    if (!old.required && next.required && backward) {
      violations.push({
        path,
        message: `${name} is now required; consumers on the new schema (BACKWARD) would reject old records without it`,
      });
    }
    if (old.required && !next.required && forward) {
      violations.push({
        path,
        message: `${name} is no longer required; consumers on the old schema (FORWARD) still require it`,
      });
    }
  }
  return violations;
}

/**
 * One sentence for the UI/API error: "Schema v3 breaks BACKWARD compatibility: field `x` …; field
 * `y` …." At most five violations are listed, then "and N more". `version` is the proposed
 * version's number; without it the sentence starts "The proposed schema".
 */
export function describeViolations(
  mode: CompatibilityMode,
  violations: CompatibilityViolation[],
  version?: number,
): string {
  const subject = version === undefined ? "The proposed schema" : `Schema v${version}`;
  if (violations.length === 0) return `${subject} is ${mode} compatible.`;
  const listed = violations.slice(0, MAX_LISTED).map((v) => v.message);
  const rest = violations.length - listed.length;
  if (rest > 0) listed.push(`and ${rest} more`);
  return `${subject} breaks ${mode} compatibility: ${listed.join("; ")}.`;
}

/**
 * Whether a reader expecting `readerType` can read a value written as `writerType`. Exported for
 * the UI's type-change hints and for tests; the rules are in the file comment.
 */
export function canReadType(writerType: string, readerType: string): boolean {
  const writer = writerType.trim();
  const reader = readerType.trim();
  if (writer === reader || writer === "unknown" || reader === "unknown") return true;

  const writerBranches = splitUnion(writer);
  const readerBranches = splitUnion(reader);
  if (writerBranches.length > 1 || readerBranches.length > 1) {
    return writerBranches.every((w) => readerBranches.some((r) => canReadType(w, r)));
  }

  for (const container of ["array", "map"] as const) {
    const writerElement = containerElement(container, writer);
    const readerElement = containerElement(container, reader);
    if (writerElement !== undefined || readerElement !== undefined) {
      return (
        writerElement !== undefined &&
        readerElement !== undefined &&
        canReadType(writerElement, readerElement)
      );
    }
  }
  return PROMOTIONS[writer]?.includes(reader) ?? false;
}

/** Writer type → reader types that accept it without loss (Avro's promotions, plus enum → string). */
const PROMOTIONS: Record<string, readonly string[]> = {
  integer: ["long", "number"],
  long: ["number"],
  enum: ["string"],
  string: ["bytes"],
  bytes: ["string"],
};

function describeShape(field: FlatField): string {
  return `${field.required ? "required" : "optional"} ${field.type}`;
}

function describeDifferences(old: FlatField, next: FlatField): string[] {
  const details: string[] = [];
  if (old.type !== next.type) details.push(`type ${old.type} → ${next.type}`);
  if (old.required !== next.required) details.push(next.required ? "now required" : "no longer required");
  if (old.classification !== next.classification)
    details.push(`classification ${old.classification} → ${next.classification}`);
  if (old.description !== next.description) {
    if (!old.description.trim()) details.push("description added");
    else if (!next.description.trim()) details.push("description removed");
    else details.push("description changed");
  }
  return details;
}

function sortByPosition(fields: FlatField[]): FlatField[] {
  // Array.prototype.sort is stable, so rows with equal positions keep their given order.
  return [...fields].sort((a, b) => a.position - b.position);
}

/** `customer.email`, `items[].sku` and `attributes{}.name` all descend from their first segment. */
function isDescendant(path: string, ancestor: string): boolean {
  if (path.length <= ancestor.length || !path.startsWith(ancestor)) return false;
  const next = path.charAt(ancestor.length);
  return next === "." || next === "[" || next === "{";
}

/** `a|array<b|c>|d` → [`a`, `array<b|c>`, `d`]: only top-level bars separate branches. */
function splitUnion(type: string): string[] {
  const branches: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < type.length; i++) {
    const ch = type.charAt(i);
    if (ch === "<") depth++;
    else if (ch === ">") depth--;
    else if (ch === "|" && depth === 0) {
      branches.push(type.slice(start, i).trim());
      start = i + 1;
    }
  }
  branches.push(type.slice(start).trim());
  return branches.filter(Boolean);
}

function containerElement(container: "array" | "map", type: string): string | undefined {
  const prefix = `${container}<`;
  return type.startsWith(prefix) && type.endsWith(">") ? type.slice(prefix.length, -1) : undefined;
}
