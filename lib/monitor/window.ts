/**
 * One window of a topic's events, evaluated against a contract's rules: counts as events arrive
 * (constant work per event and rule), a verdict per rule when the window closes. Pure.
 *
 * - `seen` counts every event on the topic; rules other than `rowCount` count only the events
 *   `offer`ed as sampled (the monitor samples when a topic is faster than it can validate).
 * - Percent rules measure against the sample; `rowCount` against everything seen.
 * - A rule with nothing to measure (no sampled events) is NOT_EVALUATED, never a pass.
 */
import { meets, type Rule } from "./rules";

export type WindowStatus = "PASSING" | "FAILING" | "NOT_EVALUATED";

/** An event as the monitor receives it from the topic's shared consumer. */
export interface MonitoredEvent {
  /** The decoded value (JSON or Avro); undefined when it did not decode. */
  value: unknown;
  /** Why it did not decode as the port's format, if it did not. */
  decodeError?: string;
  /** The event's own timestamp (ms). */
  timestamp: number;
  /** When the monitor saw it (ms). */
  observedAt: number;
  partition: number;
  offset: number;
}

export interface RuleResult {
  rule: string;
  status: WindowStatus;
  measured: number | null;
  sampleSize: number;
  seen: number;
  failures: number;
  /** The first failing event's value (stored raw; masked when shown to others than the owners). */
  example: unknown;
  detail: string;
}

/** Validates one value against the port's schema: null when it conforms, else the first problem. */
export type SchemaCheck = (value: unknown) => string | null;

interface Counter {
  failures: number;
  example: unknown;
  exampleNote: string;
}

function valueAt(value: unknown, path: readonly string[]): { present: boolean; value: unknown } {
  let current: unknown = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null || Array.isArray(current) || !(key in current))
      return { present: false, value: undefined };
    current = (current as Record<string, unknown>)[key];
  }
  return { present: true, value: current };
}

const sameValue = (a: unknown, b: unknown) =>
  a === b || (typeof a === "object" && a !== null && JSON.stringify(a) === JSON.stringify(b));

/** Counts one window's events per rule. */
export class ContractWindow {
  seen = 0;
  sampled = 0;
  private readonly counters = new Map<string, Counter>();
  private readonly duplicates = new Map<string, Set<string>>();
  private readonly patterns = new Map<string, RegExp>();
  private maxLagMs = 0;

  constructor(
    readonly start: number,
    private readonly rules: readonly Rule[],
    private readonly checkSchema: SchemaCheck,
  ) {
    for (const rule of rules) {
      this.counters.set(rule.key, { failures: 0, example: undefined, exampleNote: "" });
      if (rule.kind === "duplicateValues") this.duplicates.set(rule.key, new Set());
      if (rule.kind === "invalidValues" && rule.pattern)
        this.patterns.set(rule.key, new RegExp(rule.pattern, "u"));
    }
  }

  private fail(rule: Rule, value: unknown, note: string): void {
    const counter = this.counters.get(rule.key)!;
    counter.failures++;
    if (counter.failures === 1) {
      counter.example = value;
      counter.exampleNote = note;
    }
  }

  /** Counts an event on the topic; `sampled` ones are evaluated by every rule. */
  offer(event: MonitoredEvent, sampled: boolean): void {
    this.seen++;
    if (!sampled) return;
    this.sampled++;
    const lag = event.observedAt - event.timestamp;
    if (lag > this.maxLagMs) this.maxLagMs = lag;
    const decoded = event.decodeError === undefined;
    for (const rule of this.rules) {
      switch (rule.kind) {
        case "schema": {
          // A decoder's message can quote the payload: the note says only that it did not decode.
          const problem = decoded
            ? this.checkSchema(event.value)
            : "the event does not decode as the port's format";
          if (problem !== null) this.fail(rule, event.value, problem);
          break;
        }
        case "nullValues":
        case "missingValues": {
          const at = valueAt(event.value, rule.path);
          const missing =
            !at.present ||
            at.value === null ||
            at.value === undefined ||
            rule.missing.some((m) => sameValue(m, at.value));
          if (missing)
            this.fail(
              rule,
              event.value,
              // Notes never quote values (everyone sees them; only the example is masked).
              `${rule.path.join(".")} is ${!at.present ? "absent" : at.value === null || at.value === undefined ? "null" : "a missing-value marker"}`,
            );
          break;
        }
        case "invalidValues": {
          const at = valueAt(event.value, rule.path);
          if (!at.present || at.value === null || at.value === undefined) break; // absence is nullValues' business
          const pattern = this.patterns.get(rule.key);
          const valid =
            (rule.validValues === null || rule.validValues.some((v) => sameValue(v, at.value))) &&
            (!pattern || (typeof at.value === "string" && pattern.test(at.value)));
          if (!valid)
            this.fail(rule, event.value, `${rule.path.join(".")} has a value the contract does not allow`);
          break;
        }
        case "duplicateValues": {
          const values = rule.paths.map((p) => valueAt(event.value, p).value ?? null);
          if (values.every((v) => v === null)) break; // nothing to compare: absence is nullValues' business
          const key = JSON.stringify(values);
          const set = this.duplicates.get(rule.key)!;
          if (set.has(key))
            this.fail(
              rule,
              event.value,
              `${rule.paths.map((p) => p.join(".")).join(" + ")} repeats a value seen earlier in the window`,
            );
          else set.add(key);
          break;
        }
        case "freshness":
          if (lag > rule.maxAgeSeconds * 1000)
            this.fail(rule, event.value, `arrived ${(lag / 1000).toFixed(1)} s after its timestamp`);
          break;
        case "rowCount":
        case "notEvaluated":
          break;
      }
    }
  }

  /** Each rule's verdict over the window. */
  results(): RuleResult[] {
    return this.rules.map((rule): RuleResult => {
      const counter = this.counters.get(rule.key)!;
      const base = { rule: rule.key, sampleSize: this.sampled, seen: this.seen, failures: counter.failures };
      const example = counter.failures > 0 ? counter.example : null;
      const noData = (detail: string): RuleResult => ({
        ...base,
        status: "NOT_EVALUATED",
        measured: null,
        example: null,
        detail,
      });
      switch (rule.kind) {
        case "notEvaluated":
          return noData(`Not evaluated: ${rule.reason}`);
        case "rowCount": {
          const passed = meets(rule.threshold, this.seen);
          return {
            ...base,
            failures: passed ? 0 : 1,
            status: passed ? "PASSING" : "FAILING",
            measured: this.seen,
            example: null,
            detail: `${this.seen} events in the window`,
          };
        }
        case "freshness": {
          if (this.sampled === 0) return noData("No events in the window");
          const seconds = this.maxLagMs / 1000;
          return {
            ...base,
            status: counter.failures === 0 ? "PASSING" : "FAILING",
            measured: Math.round(seconds * 1000) / 1000,
            example,
            detail: `${counter.failures} of ${this.sampled} events later than ${rule.maxAgeSeconds} s; the latest ${seconds.toFixed(1)} s${counter.exampleNote ? ` (first: ${counter.exampleNote})` : ""}`,
          };
        }
        case "schema": {
          if (this.sampled === 0) return noData("No events in the window");
          return {
            ...base,
            status: counter.failures === 0 ? "PASSING" : "FAILING",
            measured: counter.failures,
            example,
            detail:
              counter.failures === 0
                ? `All ${this.sampled} events match the schema`
                : `${counter.failures} of ${this.sampled} events do not match the schema (first: ${counter.exampleNote})`,
          };
        }
        default: {
          if (this.sampled === 0) return noData("No events in the window");
          const measured =
            rule.unit === "percent"
              ? Math.round((counter.failures / this.sampled) * 100 * 1000) / 1000
              : counter.failures;
          const passed = meets(rule.threshold, measured);
          return {
            ...base,
            status: passed ? "PASSING" : "FAILING",
            measured,
            example,
            detail: `${counter.failures} of ${this.sampled} events${counter.exampleNote ? ` (first: ${counter.exampleNote})` : ""}`,
          };
        }
      }
    });
  }
}

/** A contract's status from its rules' latest results: failing wins, then passing. */
export function contractStatus(statuses: readonly WindowStatus[]): WindowStatus {
  if (statuses.includes("FAILING")) return "FAILING";
  if (statuses.includes("PASSING")) return "PASSING";
  return "NOT_EVALUATED";
}

/** The start (ms) of the window holding `now`. */
export function windowStart(now: number, windowSeconds: number): number {
  const ms = windowSeconds * 1000;
  return Math.floor(now / ms) * ms;
}
