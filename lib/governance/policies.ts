/**
 * Evaluates the mesh-wide policy set against one product: every violation at once, each naming
 * the rule, where it is and how to fix it. One pure function for create, update, publish and the
 * governance page, so what a form warns about, what publishing refuses and what the page counts
 * are the same rules.
 */
import type {
  Classification,
  CleanupPolicy,
  Compatibility,
  PortType,
  ProductKind,
} from "@/lib/generated/prisma/enums";
import { POLICY_LABELS, topicPattern, type PolicyId, type PolicySet } from "./policy-set";

export interface PolicyField {
  path: string;
  classification: Classification;
  description: string;
}

export interface PolicyPort {
  name: string;
  type: PortType;
  /** Kafka topic, `db.schema.table` or file location. */
  address: string;
  partitions?: number;
  /** Milliseconds; -1 keeps data forever. Absent: the broker's default applies (not checked). */
  retentionMs?: number;
  cleanupPolicy?: "delete" | "compact";
  schema: { compatibility: Compatibility; fields: PolicyField[] } | null;
}

export interface PolicyInput {
  kind: ProductKind;
  /** The domain's slug (topic names start with it by default). */
  domain: string;
  /** Markdown docs. */
  description: string;
  serviceLevels: Record<string, unknown>;
  ownerTeamMembers: number;
  ports: PolicyPort[];
}

const HOUR_MS = 3_600_000;

/** A topic's retention in milliseconds from hours (-1: kept forever). */
export function retentionMs(hours: number): number {
  return hours < 0 ? -1 : hours * HOUR_MS;
}

/** A port as the catalog stores it: topic settings (null where the broker decides) and its current fields. */
export interface PortSettings {
  name: string;
  type: PortType;
  address: string;
  partitions: number | null;
  retentionHours: number | null;
  cleanupPolicy: CleanupPolicy | null;
  compatibility: Compatibility;
  /** The current schema's fields; null without a schema. */
  fields: readonly PolicyField[] | null;
}

/** The engine's view of a stored port. */
export function toPolicyPort(p: PortSettings): PolicyPort {
  return {
    name: p.name,
    type: p.type,
    address: p.address,
    ...(p.partitions !== null ? { partitions: p.partitions } : {}),
    ...(p.retentionHours !== null ? { retentionMs: retentionMs(p.retentionHours) } : {}),
    ...(p.cleanupPolicy !== null
      ? { cleanupPolicy: p.cleanupPolicy === "COMPACT" ? ("compact" as const) : ("delete" as const) }
      : {}),
    schema: p.fields && {
      compatibility: p.compatibility,
      fields: p.fields.map(({ path, classification, description }) => ({
        path,
        classification,
        description,
      })),
    },
  };
}

export interface PolicyViolation {
  policy: PolicyId;
  /** Where, as a path a form can point at: `ports.order-events.partitions`, `description`. */
  where: string;
  message: string;
  fix: string;
}

type Rule = (input: PolicyInput, set: PolicySet) => Omit<PolicyViolation, "policy">[];

const kafkaPorts = (input: PolicyInput) => input.ports.filter((p) => p.type === "KAFKA_TOPIC");

const RULES: { [K in PolicyId]: Rule } = {
  topicNaming: (input, { topicNaming }) => {
    const pattern = topicPattern(topicNaming.template, input.domain);
    return kafkaPorts(input)
      .filter((p) => !pattern.test(p.address))
      .map((p) => ({
        where: `ports.${p.name}.address`,
        message: `Topic "${p.address}" does not follow ${topicNaming.template}`,
        fix: `Name it like ${topicNaming.template.replaceAll("{domain}", input.domain)}`,
      }));
  },
  partitions: (input, { partitions }) =>
    kafkaPorts(input)
      .filter(
        (p) => p.partitions !== undefined && (p.partitions < partitions.min || p.partitions > partitions.max),
      )
      .map((p) => ({
        where: `ports.${p.name}.partitions`,
        message: `${p.partitions} partitions; the mesh allows ${partitions.min}–${partitions.max}`,
        fix: `Choose between ${partitions.min} and ${partitions.max} partitions`,
      })),
  retentionHours: (input, { retentionHours }) =>
    kafkaPorts(input)
      .filter((p) => p.cleanupPolicy !== "compact" && p.retentionMs !== undefined)
      .filter(
        (p) =>
          p.retentionMs! < 0 ||
          p.retentionMs! < retentionHours.min * HOUR_MS ||
          p.retentionMs! > retentionHours.max * HOUR_MS,
      )
      .map((p) => ({
        where: `ports.${p.name}.retention`,
        message:
          p.retentionMs! < 0
            ? "Kept forever, but the topic is not compacted"
            : `Retention of ${formatHours(p.retentionMs! / HOUR_MS)}; the mesh allows ${formatHours(retentionHours.min)}–${formatHours(retentionHours.max)}`,
        fix: `Set a retention within ${formatHours(retentionHours.min)}–${formatHours(retentionHours.max)}, or compact the topic`,
      })),
  schemaCompatibility: (input) =>
    kafkaPorts(input)
      .filter((p) => p.schema === null || p.schema.compatibility === "NONE")
      .map((p) => ({
        where: `ports.${p.name}.schema`,
        message: p.schema === null ? "No schema" : "Compatibility NONE lets any change break consumers",
        fix: p.schema === null ? "Add a JSON Schema or Avro schema" : "Choose BACKWARD, FORWARD or FULL",
      })),
  piiDescribed: (input) =>
    input.ports.flatMap((p) =>
      (p.schema?.fields ?? [])
        .filter((f) => f.classification === "PII" && f.description.trim() === "")
        .map((f) => ({
          where: `ports.${p.name}.fields.${f.path}`,
          message: `PII field ${f.path} has no description`,
          fix: "Say what the field holds, so consumers know what they are asking for",
        })),
    ),
  docsPurpose: (input) =>
    /^#{1,6}\s*purpose\b/im.test(input.description)
      ? []
      : [
          {
            where: "description",
            message: "The docs have no Purpose section",
            fix: "Add a section headed “Purpose”: what the product is for and who should use it",
          },
        ],
  sourceFreshness: (input) =>
    input.kind !== "SOURCE_ALIGNED" ||
    (typeof input.serviceLevels.freshness === "string" && input.serviceLevels.freshness.trim() !== "")
      ? []
      : [
          {
            where: "serviceLevels.freshness",
            message: "A source-aligned product without a freshness SLA",
            fix: "State how fresh the data is, e.g. “< 5 s” or “hourly”",
          },
        ],
  ownerTeamSize: (input, { ownerTeamSize }) =>
    input.ownerTeamMembers >= ownerTeamSize.min
      ? []
      : [
          {
            where: "ownerTeam",
            message: `The owner team has ${input.ownerTeamMembers} member${input.ownerTeamMembers === 1 ? "" : "s"}; the mesh asks for ${ownerTeamSize.min}`,
            fix: `Add members to the owner team (at least ${ownerTeamSize.min})`,
          },
        ],
};

function formatHours(hours: number): string {
  return hours >= 48 && hours % 24 === 0 ? `${hours / 24} d` : `${Math.round(hours * 10) / 10} h`;
}

/** Every violation of the enabled policies, in the policy set's order. */
export function evaluatePolicies(set: PolicySet, input: PolicyInput): PolicyViolation[] {
  return (Object.keys(RULES) as PolicyId[])
    .filter((id) => set[id].enabled)
    .flatMap((policy) => RULES[policy](input, set).map((v) => ({ policy, ...v })));
}

/** Violations grouped for a 422 message: one line per violation, naming the rule. */
export function describeViolations(violations: readonly PolicyViolation[]): string {
  return violations.map((v) => `${v.where}: ${v.message} (${POLICY_LABELS[v.policy]}). ${v.fix}`).join("\n");
}
