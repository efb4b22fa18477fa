/** The checks of Discoverable, Addressable, Trustworthy, Self-describing and Interoperable. */
import {
  MIN_DESCRIBED_PERCENT,
  MIN_DOC_WORDS,
  MIN_SUMMARY_CHARS,
  MIN_TAGS,
  STANDARD_FORMATS,
  type ScorecardCheck,
  type ScorecardInput,
} from "./datsis-model";
import {
  allFields,
  capitalize,
  check,
  countWords,
  findDuplicates,
  listNames,
  qualifiedName,
  type QualifiedField,
} from "./datsis-rules";

// ─── Discoverable ───────────────────────────────────────────────────────────

export function checkDiscoverable(input: ScorecardInput): ScorecardCheck[] {
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

export function checkAddressable(input: ScorecardInput): ScorecardCheck[] {
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

export function isValidTopicName(name: string): boolean {
  return name.length <= 249 && name !== "." && name !== ".." && /^[A-Za-z0-9._-]+$/.test(name);
}

// ─── Trustworthy ────────────────────────────────────────────────────────────

export function checkTrustworthy(input: ScorecardInput): ScorecardCheck[] {
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
  const evaluated = input.outputPorts.filter((p) => p.checkStatus && p.checkStatus !== "NOT_EVALUATED");
  const failing = evaluated.filter((p) => p.checkStatus === "FAILING");

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
    // Measured, not declared: counted once the contract monitor has evaluated a port.
    ...(evaluated.length === 0
      ? []
      : [
          check(
            "contracts-hold",
            "Contracts hold on the live stream",
            1,
            failing.length === 0
              ? null
              : `Fix what breaks the contract of ${listNames(failing.map((p) => `port \`${p.name}\``))}: its checks are failing (see the port's contract checks and incidents).`,
            "Watch the contract checks; they run on every window of the stream.",
          ),
        ]),
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

export function describeLifecycleFailure(lifecycle: ScorecardInput["lifecycle"]): string | null {
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
export function hasServiceLevel(levels: Record<string, unknown>, name: string): boolean {
  return Object.entries(levels).some(([key, value]) => {
    if (!key.toLowerCase().includes(name)) return false;
    if (value === null || value === undefined || value === false) return false;
    if (typeof value === "string") return value.trim().length > 0;
    if (typeof value === "object") return Object.keys(value).length > 0;
    return true;
  });
}

// ─── Self-describing ────────────────────────────────────────────────────────

export function checkSelfDescribing(input: ScorecardInput): ScorecardCheck[] {
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
export function documentsConsumption(markdown: string): boolean {
  if (/\bconsum/i.test(markdown)) return true;
  const headings = markdown.split("\n").filter((line) => /^\s{0,3}#{1,6}\s/.test(line));
  return headings.some((h) =>
    /\b(us(e|age|ing)|read(ing)?|access(ing)?|query(ing)?|subscrib\w*|getting started|examples?|how to)\b/i.test(
      h,
    ),
  );
}

// ─── Interoperable ──────────────────────────────────────────────────────────

export function checkInteroperable(input: ScorecardInput): ScorecardCheck[] {
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
export function classifyName(name: string): NamingStyle | "both" | "neither" {
  if (/^[a-z][a-z0-9]*$/.test(name)) return "both";
  if (/^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(name)) return "snake_case";
  if (/^[a-z][a-z0-9]*([A-Z][a-z0-9]*)+$/.test(name)) return "camelCase";
  return "neither";
}

export function describeNamingFailure(fields: QualifiedField[]): string | null {
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

export function lastSegment(path: string): string {
  const segments = path.split(".");
  return (segments[segments.length - 1] ?? "").replace(/(\[\]|\{\})+$/g, "");
}
