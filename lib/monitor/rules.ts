/**
 * What the contract monitor checks on a topic, read from the port's ODCS contract as Meshport
 * exports it (so the monitor evaluates exactly the rules a consumer reads): schema conformance,
 * the library quality rules that make sense on a stream (`nullValues`, `missingValues`,
 * `invalidValues`, `duplicateValues`, `rowCount`), and freshness from the SLA. Any other rule (SQL,
 * a custom engine, text) becomes "not evaluated" — never a pass. Pure.
 */

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export type RuleUnit = "rows" | "percent";

export type Operator =
  | "mustBe"
  | "mustNotBe"
  | "mustBeGreaterThan"
  | "mustBeGreaterOrEqualTo"
  | "mustBeLessThan"
  | "mustBeLessOrEqualTo"
  | "mustBeBetween"
  | "mustNotBeBetween";

const OPERATORS: readonly Operator[] = [
  "mustBe",
  "mustNotBe",
  "mustBeGreaterThan",
  "mustBeGreaterOrEqualTo",
  "mustBeLessThan",
  "mustBeLessOrEqualTo",
  "mustBeBetween",
  "mustNotBeBetween",
];

export interface Threshold {
  operator: Operator;
  /** A number, or `[low, high]` for the between operators. */
  value: number | [number, number];
}

interface RuleBase {
  /** Stable key: what a window row and an incident are stored under. */
  key: string;
  /** One line a person reads: "nullValues on currency must be 0 rows". */
  title: string;
}

export type Rule =
  | (RuleBase & { kind: "schema" })
  | (RuleBase & {
      kind: "nullValues" | "missingValues";
      path: string[];
      /** What counts as missing beyond null/absent (`arguments.missingValues`). */
      missing: unknown[];
      threshold: Threshold;
      unit: RuleUnit;
    })
  | (RuleBase & {
      kind: "invalidValues";
      path: string[];
      validValues: unknown[] | null;
      pattern: string | null;
      threshold: Threshold;
      unit: RuleUnit;
    })
  | (RuleBase & { kind: "duplicateValues"; paths: string[][]; threshold: Threshold; unit: RuleUnit })
  | (RuleBase & { kind: "rowCount"; threshold: Threshold })
  | (RuleBase & { kind: "freshness"; maxAgeSeconds: number })
  | (RuleBase & { kind: "notEvaluated"; reason: string });

export type RuleKind = Rule["kind"];

function thresholdOf(rule: Json): Threshold | null {
  for (const operator of OPERATORS) {
    const value = rule[operator];
    if (typeof value === "number") return { operator, value };
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === "number" &&
      typeof value[1] === "number"
    )
      return { operator, value: [value[0], value[1]] };
  }
  return null;
}

export function describeThreshold(t: Threshold, unit?: RuleUnit): string {
  const words: Record<Operator, string> = {
    mustBe: "must be",
    mustNotBe: "must not be",
    mustBeGreaterThan: "must be >",
    mustBeGreaterOrEqualTo: "must be ≥",
    mustBeLessThan: "must be <",
    mustBeLessOrEqualTo: "must be ≤",
    mustBeBetween: "must be between",
    mustNotBeBetween: "must not be between",
  };
  const value = Array.isArray(t.value) ? `${t.value[0]} and ${t.value[1]}` : String(t.value);
  const suffix = unit === "percent" ? " %" : unit === "rows" ? " events" : "";
  return `${words[t.operator]} ${value}${suffix}`;
}

/** Whether `measured` meets the threshold. */
export function meets(t: Threshold, measured: number): boolean {
  const v = t.value;
  switch (t.operator) {
    case "mustBe":
      return measured === v;
    case "mustNotBe":
      return measured !== v;
    case "mustBeGreaterThan":
      return measured > (v as number);
    case "mustBeGreaterOrEqualTo":
      return measured >= (v as number);
    case "mustBeLessThan":
      return measured < (v as number);
    case "mustBeLessOrEqualTo":
      return measured <= (v as number);
    case "mustBeBetween":
      return Array.isArray(v) && measured >= v[0] && measured <= v[1];
    case "mustNotBeBetween":
      return Array.isArray(v) && (measured < v[0] || measured > v[1]);
  }
}

const UNIT_SECONDS: Record<string, number> = {
  ms: 0.001,
  millisecond: 0.001,
  milliseconds: 0.001,
  s: 1,
  sec: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hour: 3600,
  hours: 3600,
  d: 86_400,
  day: 86_400,
  days: 86_400,
};

/** "< 5 s", "5 s", "1 min", {value: 5, unit: "m"} → seconds; null when it is not a duration. */
export function durationSeconds(value: unknown, unit?: unknown): number | null {
  if (typeof value === "number" && typeof unit === "string") {
    const factor = UNIT_SECONDS[unit.trim().toLowerCase()];
    return factor === undefined ? null : value * factor;
  }
  if (typeof value !== "string") return null;
  // "< 5 s", "5 min", and a leading duration before notes: "< 1 min (topic), daily (table)".
  const match = /^\s*(?:<=?|≤)?\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)(?:\s*$|\s*[(,;])/.exec(value);
  if (!match) return null;
  const factor = UNIT_SECONDS[match[2]!.toLowerCase()];
  return factor === undefined ? null : Number(match[1]) * factor;
}

const displayPath = (path: string[]) => path.join(".");

function compileQuality(quality: Json, path: string[] | null, objectName: string): Rule {
  const metric = typeof quality.metric === "string" ? quality.metric : quality.rule;
  const where = path ? `on ${displayPath(path)}` : `on ${objectName}`;
  const label = typeof quality.name === "string" && quality.name ? ` (${quality.name})` : "";
  const base = `${String(metric ?? quality.type ?? "rule")}${path ? `:${displayPath(path)}` : ""}`;
  const notEvaluated = (reason: string): Rule => ({
    key: base,
    kind: "notEvaluated",
    title: `${typeof quality.description === "string" && quality.description ? quality.description : `${String(metric ?? quality.type ?? "A rule")} ${where}`}${label}`,
    reason,
  });
  const type = typeof quality.type === "string" ? quality.type : "library";
  if (type === "sql") return notEvaluated("SQL rules run against tables; a stream has no table to query");
  if (type === "custom")
    return notEvaluated(`rules for the ${String(quality.engine ?? "custom")} engine run there`);
  if (type === "text") return notEvaluated("a rule written as text is for people to read");
  const threshold = thresholdOf(quality);
  if (!threshold) return notEvaluated("the rule has no threshold (mustBe, mustBeLessThan …)");
  const unit: RuleUnit = quality.unit === "percent" || quality.unit === "%" ? "percent" : "rows";
  const args = isRecord(quality.arguments) ? quality.arguments : {};
  const title = (what: string, u?: RuleUnit) => `${what} ${where} ${describeThreshold(threshold, u)}${label}`;
  switch (metric) {
    case "nullValues":
    case "missingValues":
      if (!path) return notEvaluated(`${metric} needs a property: put the rule on one`);
      return {
        key: base,
        kind: metric,
        path,
        missing: metric === "missingValues" ? asArray(args.missingValues) : [],
        threshold,
        unit,
        title: title(metric === "nullValues" ? "Null values" : "Missing values", unit),
      };
    case "invalidValues": {
      if (!path) return notEvaluated("invalidValues needs a property: put the rule on one");
      const validValues = Array.isArray(args.validValues) ? args.validValues : null;
      const pattern = typeof args.pattern === "string" ? args.pattern : null;
      if (!validValues && !pattern)
        return notEvaluated("invalidValues needs arguments.validValues or arguments.pattern");
      if (pattern) {
        try {
          new RegExp(pattern, "u");
        } catch {
          return notEvaluated(`the pattern ${pattern} is not a regular expression`);
        }
      }
      return {
        key: base,
        kind: "invalidValues",
        path,
        validValues,
        pattern,
        threshold,
        unit,
        title: title("Invalid values", unit),
      };
    }
    case "duplicateValues": {
      const named = asArray(args.properties).filter((p): p is string => typeof p === "string");
      const paths = named.length > 0 ? named.map((p) => p.split(".")) : path ? [path] : [];
      if (paths.length === 0) return notEvaluated("duplicateValues needs a property or arguments.properties");
      const key = `duplicateValues:${paths.map(displayPath).join("+")}`;
      return {
        key,
        kind: "duplicateValues",
        paths,
        threshold,
        unit,
        title: `Duplicate values of ${paths.map(displayPath).join(" + ")} ${describeThreshold(threshold, unit)} per window${label}`,
      };
    }
    case "rowCount":
      return {
        key: "rowCount",
        kind: "rowCount",
        threshold,
        title: `Events per window ${describeThreshold(threshold)}${label}`,
      };
    default:
      return notEvaluated(`the metric ${String(metric)} is not one the monitor measures on a stream`);
  }
}

/** Walks ODCS properties (nested objects; array items are not evaluated per element). */
function walkProperties(properties: unknown, prefix: string[], out: Rule[], objectName: string): void {
  for (const prop of asArray(properties)) {
    if (!isRecord(prop) || typeof prop.name !== "string") continue;
    const path = [...prefix, prop.name];
    for (const q of asArray(prop.quality)) if (isRecord(q)) out.push(compileQuality(q, path, objectName));
    walkProperties(prop.properties, path, out, objectName);
    if (isRecord(prop.items))
      for (const q of asArray(prop.items.quality))
        if (isRecord(q))
          out.push({
            key: `items:${displayPath(path)}`,
            kind: "notEvaluated",
            title: `A rule on the elements of ${displayPath(path)}`,
            reason: "rules on array elements are not evaluated on the stream yet",
          });
  }
}

/**
 * The rules of a contract document (ODCS, one schema object per port as Meshport exports it).
 * `freshness` is read from `slaProperties` (property `freshness`), as the most an event may lag
 * behind its own timestamp when the monitor sees it.
 */
export function compileRules(contract: Json): Rule[] {
  const rules: Rule[] = [
    { key: "schema", kind: "schema", title: "Every event matches the contract's schema" },
  ];
  const object = asArray(contract.schema).find(isRecord);
  const objectName = object && typeof object.name === "string" ? object.name : "the topic";
  if (object) {
    for (const q of asArray(object.quality)) if (isRecord(q)) rules.push(compileQuality(q, null, objectName));
    walkProperties(object.properties, [], rules, objectName);
  }
  for (const sla of asArray(contract.slaProperties)) {
    if (!isRecord(sla) || sla.property !== "freshness") continue;
    const seconds = durationSeconds(sla.value, sla.unit);
    if (seconds !== null && seconds > 0)
      rules.push({
        key: "freshness",
        kind: "freshness",
        maxAgeSeconds: seconds,
        title: `Events arrive at most ${seconds < 60 ? `${seconds} s` : `${seconds / 60} min`} after their timestamp (SLA freshness)`,
      });
    else
      rules.push({
        key: "freshness",
        kind: "notEvaluated",
        title: `SLA freshness ${String(sla.value)}${sla.unit ? ` ${String(sla.unit)}` : ""}`,
        reason: "the freshness value is not a duration such as 5 s or 1 min",
      });
    break;
  }
  // Keys are unique per port: a second rule of the same kind on the same place gets a suffix.
  const seen = new Map<string, number>();
  return rules.map((rule) => {
    const n = (seen.get(rule.key) ?? 0) + 1;
    seen.set(rule.key, n);
    return n === 1 ? rule : { ...rule, key: `${rule.key}#${n}` };
  });
}
