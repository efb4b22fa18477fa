/**
 * DATSIS scorecard: how far a data product is Discoverable, Addressable, Trustworthy,
 * Self-describing, Interoperable and Secure, judged from its catalog metadata alone (no broker or
 * database access), so the product page, the API and the seed can all compute it cheaply.
 *
 * Each dimension has a few concrete checks; a failed check carries a fix that names the port or
 * fields to change. A dimension's score is the weighted share of passed checks; the overall score
 * is the mean of the six. Design choices:
 *
 * - One missing thing fails one check. "Every port …" checks pass vacuously for ports that do not
 *   exist and field checks for fields that do not exist; the exceptions are "ports have
 *   addresses" and "ports have schemas", which fail for a product without any port, because
 *   a product nobody can read is neither addressable nor self-describing.
 * - Compatibility ≠ NONE counts once, under Trustworthy (breaking changes are blocked); Interoperable
 *   checks instead that every field has a type a consumer can map (no unresolved `unknown`).
 * - "Looks like PII" goes by the field's name (email, phone, address, ip, birth date, a person's
 *   name …) and flags only fields left at INTERNAL, the default: PUBLIC or CONFIDENTIAL is a
 *   decision someone made, INTERNAL on an `email` most likely is not.
 */
import type { Classification, Compatibility, Lifecycle, PortType } from "@/lib/generated/prisma/enums";

export type DatsisDimension =
  "discoverable" | "addressable" | "trustworthy" | "selfDescribing" | "interoperable" | "secure";

export type ScorecardClassification = Classification;
export type ScorecardCompatibility = Compatibility;

export interface ScorecardField {
  path: string;
  type: string;
  description: string;
  classification: ScorecardClassification;
}

export interface ScorecardPort {
  name: string;
  type: PortType;
  address: string;
  /** Bootstrap servers of a Kafka port; host or catalog of a table/file (optional there). */
  server: string;
  format: string;
  description: string;
  compatibility: ScorecardCompatibility;
  schema: null | { versions: number; fields: ScorecardField[] };
}

export interface ScorecardInput {
  name: string;
  summary: string;
  /** Markdown docs. */
  description: string;
  tags: string[];
  lifecycle: Lifecycle;
  domain: string | null;
  ownerTeam: string | null;
  ownerMembers: number;
  serviceLevels: Record<string, unknown>;
  termsOfUse: string;
  outputPorts: ScorecardPort[];
  /** Access goes through Meshport requests/grants (always true in Meshport, false for imported external products without an access policy). */
  accessPolicy: boolean;
}

export interface ScorecardCheck {
  /** Stable, kebab-case; unique within the scorecard. */
  id: string;
  label: string;
  passed: boolean;
  /** What to fix, imperative, shown when not passed (a generic hint when passed). */
  fix: string;
  weight: number;
}

export interface DimensionScore {
  dimension: DatsisDimension;
  label: string;
  /** 0..100, weighted share of passed checks, rounded. */
  score: number;
  checks: ScorecardCheck[];
}

export interface Scorecard {
  /** Mean of the dimension scores, rounded. */
  overall: number;
  /** Always six, in DATSIS order. */
  dimensions: DimensionScore[];
}

export const DATSIS_LABELS: Record<DatsisDimension, string> = {
  discoverable: "Discoverable",
  addressable: "Addressable",
  trustworthy: "Trustworthy",
  selfDescribing: "Self-describing",
  interoperable: "Interoperable",
  secure: "Secure",
};

const DATSIS_ORDER: readonly DatsisDimension[] = [
  "discoverable",
  "addressable",
  "trustworthy",
  "selfDescribing",
  "interoperable",
  "secure",
];

export const MIN_SUMMARY_CHARS = 20;
export const MIN_TAGS = 2;
export const MIN_DOC_WORDS = 150;
export const MIN_DESCRIBED_PERCENT = 80;
export const STANDARD_FORMATS: readonly string[] = ["json", "avro", "parquet", "csv"];

/** How many names a fix lists before "and N more": enough to act on, short enough to read. */
const MAX_NAMED = 5;

export function computeScorecard(input: ScorecardInput): Scorecard {
  const builders: Record<DatsisDimension, (input: ScorecardInput) => ScorecardCheck[]> = {
    discoverable: checkDiscoverable,
    addressable: checkAddressable,
    trustworthy: checkTrustworthy,
    selfDescribing: checkSelfDescribing,
    interoperable: checkInteroperable,
    secure: checkSecure,
  };
  const dimensions = DATSIS_ORDER.map((dimension): DimensionScore => {
    const checks = builders[dimension](input);
    return { dimension, label: DATSIS_LABELS[dimension], score: scoreChecks(checks), checks };
  });
  const overall = Math.round(dimensions.reduce((sum, d) => sum + d.score, 0) / dimensions.length);
  return { overall, dimensions };
}

function scoreChecks(checks: ScorecardCheck[]): number {
  const total = checks.reduce((sum, c) => sum + c.weight, 0);
  if (total === 0) return 100;
  const passed = checks.reduce((sum, c) => sum + (c.passed ? c.weight : 0), 0);
  return Math.round((100 * passed) / total);
}

function check(
  id: string,
  label: string,
  weight: number,
  failure: string | null,
  hint: string,
): ScorecardCheck {
  return { id, label, weight, passed: failure === null, fix: failure ?? hint };
}

// ─── Discoverable ───────────────────────────────────────────────────────────

function checkDiscoverable(input: ScorecardInput): ScorecardCheck[] {
  const summaryLength = input.summary.trim().length;
  const tags = new Set(input.tags.map((t) => t.trim().toLowerCase()).filter(Boolean));
  const words = countWords(input.description);
  return [
    check(
      "summary",
      `Summary of at least ${MIN_SUMMARY_CHARS} characters`,
      1,
      summaryLength >= MIN_SUMMARY_CHARS
        ? null
        : `Write a one-line summary of at least ${MIN_SUMMARY_CHARS} characters saying what the data is (now ${summaryLength}).`,
      "Keep the summary to one line that says what the data is.",
    ),
    check(
      "tags",
      `At least ${MIN_TAGS} tags`,
      1,
      tags.size >= MIN_TAGS
        ? null
        : `Add at least ${MIN_TAGS - tags.size} more tag${MIN_TAGS - tags.size === 1 ? "" : "s"} so search and facets find the product (now ${tags.size}).`,
      "Tag the product with the business terms people search for.",
    ),
    check(
      "docs-length",
      `Documentation of at least ${MIN_DOC_WORDS} words`,
      1,
      words >= MIN_DOC_WORDS
        ? null
        : `Expand the documentation to at least ${MIN_DOC_WORDS} words (now ${words}): what the data means, how it is produced, known caveats.`,
      "Keep the documentation current as the product changes.",
    ),
    check(
      "domain",
      "Belongs to a domain",
      1,
      input.domain?.trim() ? null : "Assign the product to a domain so it shows up in the domain's catalog.",
      "Move the product if its domain changes.",
    ),
  ];
}

// ─── Addressable ────────────────────────────────────────────────────────────

function checkAddressable(input: ScorecardInput): ScorecardCheck[] {
  const ports = input.outputPorts;
  const problems: string[] = [];
  for (const port of ports) {
    if (!port.address.trim()) problems.push(`set the address of port \`${port.name}\``);
    if (port.type === "KAFKA_TOPIC" && !port.server.trim())
      problems.push(`set the bootstrap server of Kafka port \`${port.name}\``);
  }
  const addressFailure =
    ports.length === 0
      ? "Declare at least one output port with its address."
      : problems.length > 0
        ? `${capitalize(problems.join("; "))}.`
        : null;

  const duplicates = findDuplicates(ports.map((p) => p.name.trim().toLowerCase()));
  const badTopics = ports.filter(
    (p) => p.type === "KAFKA_TOPIC" && p.address.trim() && !isValidTopicName(p.address.trim()),
  );

  return [
    check(
      "port-addresses",
      "Every output port has an address (Kafka ports: and a server)",
      2,
      addressFailure,
      "Update port addresses when data moves.",
    ),
    check(
      "port-names-unique",
      "Output port names are unique",
      1,
      duplicates.length === 0
        ? null
        : `Rename the output ports that share a name: ${listNames(duplicates.map(([name, n]) => `\`${name}\` (${n}×)`))}.`,
      "Give every new port a distinct name.",
    ),
    check(
      "topic-names-valid",
      "Kafka topic names are valid",
      1,
      badTopics.length === 0
        ? null
        : `Use a valid Kafka topic name (letters, digits, ".", "_", "-"; at most 249 characters) for ${listNames(badTopics.map((p) => `port \`${p.name}\``))}.`,
      "Name topics <domain>.<name>.v<major>.",
    ),
  ];
}

function isValidTopicName(name: string): boolean {
  return name.length <= 249 && name !== "." && name !== ".." && /^[A-Za-z0-9._-]+$/.test(name);
}

// ─── Trustworthy ────────────────────────────────────────────────────────────

function checkTrustworthy(input: ScorecardInput): ScorecardCheck[] {
  const missingSlas = ["freshness", "availability"].filter(
    (sla) => !hasServiceLevel(input.serviceLevels, sla),
  );
  const team = input.ownerTeam?.trim();
  const ownerFailure = !team
    ? "Assign an owner team that answers for the product."
    : input.ownerMembers < 1
      ? `Add at least one member to the owner team ${team}.`
      : null;
  const unguarded = input.outputPorts.filter((p) => p.compatibility === "NONE");

  return [
    check(
      "slas",
      "Freshness and availability SLAs declared",
      1,
      missingSlas.length === 0
        ? null
        : `Declare ${missingSlas.join(" and ")} in the service levels (e.g. freshness "< 5 min", availability "99.9 %").`,
      "Review the SLAs when the pipeline changes.",
    ),
    check(
      "owner",
      "Owned by a team with members",
      1,
      ownerFailure,
      "Keep the owner team's membership current.",
    ),
    check(
      "lifecycle-active",
      "Lifecycle is ACTIVE",
      1,
      describeLifecycleFailure(input.lifecycle),
      "Announce deprecation early when a successor exists.",
    ),
    check(
      "compatibility-guarded",
      "Schema changes are checked for compatibility",
      1,
      unguarded.length === 0
        ? null
        : `Set a compatibility mode other than NONE (BACKWARD is the usual choice) on ${listNames(unguarded.map((p) => `port \`${p.name}\``))}, so breaking schema changes are rejected.`,
      "Keep a compatibility mode on every port.",
    ),
  ];
}

function describeLifecycleFailure(lifecycle: ScorecardInput["lifecycle"]): string | null {
  switch (lifecycle) {
    case "ACTIVE":
      return null;
    case "DRAFT":
    case "EXPERIMENTAL":
      return `Promote the product from ${lifecycle} to ACTIVE once it is production-ready, so consumers can rely on it.`;
    case "DEPRECATED":
    case "RETIRED":
      return `The product is ${lifecycle}: migrate consumers to its successor and link the successor in the docs.`;
  }
}

/** Accepts `freshness`, `Freshness`, `freshnessSla`, `data_freshness` … with a non-empty value. */
function hasServiceLevel(levels: Record<string, unknown>, name: string): boolean {
  return Object.entries(levels).some(([key, value]) => {
    if (!key.toLowerCase().includes(name)) return false;
    if (value === null || value === undefined || value === false) return false;
    if (typeof value === "string") return value.trim().length > 0;
    if (typeof value === "object") return Object.keys(value).length > 0;
    return true;
  });
}

// ─── Self-describing ────────────────────────────────────────────────────────

function checkSelfDescribing(input: ScorecardInput): ScorecardCheck[] {
  const ports = input.outputPorts;
  const withoutSchema = ports.filter((p) => !p.schema || p.schema.fields.length === 0);
  const schemaFailure =
    ports.length === 0
      ? "Declare an output port and register its schema."
      : withoutSchema.length > 0
        ? `Register a schema for ${listNames(withoutSchema.map((p) => `port \`${p.name}\``))}.`
        : null;

  const fields = allFields(input);
  const undescribed = fields.filter((f) => !f.field.description.trim());
  const described = fields.length - undescribed.length;
  // Integer arithmetic: 0.8 × n in floating point can land a hair above the whole number.
  const needed = Math.ceil((MIN_DESCRIBED_PERCENT * fields.length) / 100) - described;
  const descriptionFailure =
    needed <= 0
      ? null
      : `Describe at least ${needed} more field${needed === 1 ? "" : "s"}: ${undescribed.length} of ${fields.length} have no description (${listNames(undescribed.map(qualifiedName))}).`;

  return [
    check(
      "port-schemas",
      "Every output port has a schema",
      2,
      schemaFailure,
      "Register each new schema version before producing with it.",
    ),
    check(
      "field-descriptions",
      `At least ${MIN_DESCRIBED_PERCENT} % of fields are described`,
      1,
      descriptionFailure,
      "Describe new fields as you add them: meaning, unit, allowed values.",
    ),
    check(
      "consume-docs",
      "Docs explain how to consume",
      1,
      documentsConsumption(input.description)
        ? null
        : 'Add a "How to consume" section to the docs: which topic or table to read, the key, an example query or consumer config.',
      "Keep the consumption example working.",
    ),
  ];
}

/** A word "consume/consumer/consuming", or a heading about using, reading or accessing the data. */
function documentsConsumption(markdown: string): boolean {
  if (/\bconsum/i.test(markdown)) return true;
  const headings = markdown.split("\n").filter((line) => /^\s{0,3}#{1,6}\s/.test(line));
  return headings.some((h) =>
    /\b(us(e|age|ing)|read(ing)?|access(ing)?|query(ing)?|subscrib\w*|getting started|examples?|how to)\b/i.test(
      h,
    ),
  );
}

// ─── Interoperable ──────────────────────────────────────────────────────────

function checkInteroperable(input: ScorecardInput): ScorecardCheck[] {
  const nonStandard = input.outputPorts.filter(
    (p) => !STANDARD_FORMATS.includes(p.format.trim().toLowerCase()),
  );
  const fields = allFields(input);
  const untyped = fields.filter((f) => /\bunknown\b/.test(f.field.type) || !f.field.type.trim());
  return [
    check(
      "standard-formats",
      "Ports use standard formats",
      1,
      nonStandard.length === 0
        ? null
        : `Publish ${listNames(nonStandard.map((p) => `port \`${p.name}\` (${p.format.trim() || "no format"})`))} as ${STANDARD_FORMATS.join(", ")}.`,
      "Prefer Avro or JSON for topics and Parquet for tables and files.",
    ),
    check(
      "field-naming",
      "Field names follow one convention",
      1,
      describeNamingFailure(fields),
      "Name new fields in the product's convention.",
    ),
    check(
      "known-types",
      "Every field has a resolvable type",
      1,
      untyped.length === 0
        ? null
        : `Give ${listNames(untyped.map(qualifiedName))} a concrete type (inline the external $ref or name a primitive), so consumers can map ${untyped.length === 1 ? "it" : "them"}.`,
      "Keep types concrete when evolving the schema.",
    ),
  ];
}

type NamingStyle = "snake_case" | "camelCase";

/** Names of one lowercase word fit both styles; PascalCase, kebab-case and spaces fit neither. */
function classifyName(name: string): NamingStyle | "both" | "neither" {
  if (/^[a-z][a-z0-9]*$/.test(name)) return "both";
  if (/^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(name)) return "snake_case";
  if (/^[a-z][a-z0-9]*([A-Z][a-z0-9]*)+$/.test(name)) return "camelCase";
  return "neither";
}

function describeNamingFailure(fields: QualifiedField[]): string | null {
  const named = fields
    .map((f) => ({ f, name: lastSegment(f.field.path) }))
    .filter(({ name }) => name.length > 0)
    .map(({ f, name }) => ({ f, name, style: classifyName(name) }));
  const snake = named.filter((n) => n.style === "snake_case").length;
  const camel = named.filter((n) => n.style === "camelCase").length;
  // The majority sets the convention; a tie goes to camelCase, the JSON/Avro habit.
  const style: NamingStyle = snake > camel ? "snake_case" : "camelCase";
  const offenders = named.filter((n) => n.style !== "both" && n.style !== style);
  if (offenders.length === 0) return null;
  return `Rename ${offenders.length} field${offenders.length === 1 ? "" : "s"} to ${style} like the rest: ${listNames(offenders.map((o) => qualifiedName(o.f)))}.`;
}

function lastSegment(path: string): string {
  const segments = path.split(".");
  return (segments[segments.length - 1] ?? "").replace(/(\[\]|\{\})+$/g, "");
}

// ─── Secure ─────────────────────────────────────────────────────────────────

function checkSecure(input: ScorecardInput): ScorecardCheck[] {
  const likelyPii = allFields(input).filter(
    (f) => f.field.classification === "INTERNAL" && looksLikePii(f.field.path),
  );
  return [
    check(
      "pii-classified",
      "Fields that look like personal data are classified",
      2,
      likelyPii.length === 0
        ? null
        : `Classify ${listNames(likelyPii.map(qualifiedName))} as PII (or CONFIDENTIAL/PUBLIC if not personal): ${likelyPii.length === 1 ? "it looks" : "they look"} like personal data but ${likelyPii.length === 1 ? "is" : "are"} left at the default INTERNAL.`,
      "Classify new fields when you add them; masking follows the classification.",
    ),
    check(
      "terms-of-use",
      "Terms of use stated",
      1,
      input.termsOfUse.trim()
        ? null
        : "Write terms of use: permitted purposes, retention and onward sharing.",
      "Revisit the terms of use when the data or the law changes.",
    ),
    check(
      "access-policy",
      "Access goes through requests and grants",
      2,
      input.accessPolicy
        ? null
        : "Put the product under a Meshport access policy, so every consumer requests access and an owner approves it.",
      "Review grants regularly and revoke the ones no longer used.",
    ),
  ];
}

const PERSON_WORDS = new Set([
  "first",
  "last",
  "full",
  "given",
  "family",
  "middle",
  "maiden",
  "nick",
  "customer",
  "user",
  "person",
  "contact",
  "employee",
  "patient",
  "member",
  "buyer",
  "recipient",
  "holder",
  "driver",
  "passenger",
  "guest",
  "shopper",
  "client",
  "citizen",
]);
/** Address-like words that name machines, not people. */
const MACHINE_WORDS = new Set([
  "server",
  "host",
  "broker",
  "bootstrap",
  "endpoint",
  "url",
  "uri",
  "topic",
  "memory",
  "mac",
  "wallet",
  "contract",
]);
const PII_WORDS = new Set([
  "mobile",
  "ip",
  "ipv4",
  "ipv6",
  "ssn",
  "dob",
  "iban",
  "street",
  "postcode",
  "zip",
  "zipcode",
  "surname",
]);
const PII_FRAGMENTS = [
  "email",
  "phone",
  "msisdn",
  "passport",
  "birth",
  "firstname",
  "lastname",
  "fullname",
  "ipaddress",
  "postalcode",
];

/** Judged on the field's own name, with its parent's for bare `name` (`customer.name`). */
function looksLikePii(path: string): boolean {
  const segments = path.split(".").map((s) => s.replace(/(\[\]|\{\})+$/g, ""));
  const own = tokenize(segments[segments.length - 1] ?? "");
  const parent = tokenize(segments[segments.length - 2] ?? "");
  const joined = own.join("");
  if (own.some((t) => PII_WORDS.has(t)) || PII_FRAGMENTS.some((f) => joined.includes(f))) return true;
  if (own.includes("address") && !own.some((t) => MACHINE_WORDS.has(t))) return true;
  if (own.includes("name")) return [...own, ...parent].some((t) => PERSON_WORDS.has(t));
  return false;
}

/** `customerEmail`, `customer_email`, `IPAddress` → lowercase words. */
function tokenize(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((t) => t.toLowerCase());
}

// ─── Shared ─────────────────────────────────────────────────────────────────

interface QualifiedField {
  port: string;
  field: ScorecardField;
}

function allFields(input: ScorecardInput): QualifiedField[] {
  return input.outputPorts.flatMap((port) =>
    (port.schema?.fields ?? []).map((field) => ({ port: port.name, field })),
  );
}

/** `port.field`, so a fix is unambiguous across ports. */
function qualifiedName(f: QualifiedField): string {
  return `\`${f.port}.${f.field.path}\``;
}

function listNames(names: string[]): string {
  const shown = names.slice(0, MAX_NAMED);
  const rest = names.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}

function findDuplicates(values: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1);
}

function countWords(markdown: string): number {
  return markdown.match(/[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu)?.length ?? 0;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
