/**
 * The mesh policies as publishing applies them: the whole product on publish, one port when it
 * is added to or changed on a live product. Pure: the rules are `evaluatePolicies`.
 */
import type { FlatField } from "@/lib/catalog/schema-fields";
import { evaluatePolicies, type PolicyPort, type PolicyViolation } from "@/lib/governance/policies";
import type { PolicySet } from "@/lib/governance/policy-set";
import type { CleanupPolicy, Compatibility, PortType } from "@/lib/generated/prisma/enums";

export interface PortSettings {
  name: string;
  type: PortType;
  address: string;
  partitions: number | null;
  retentionHours: number | null;
  cleanupPolicy: CleanupPolicy | null;
  compatibility: Compatibility;
  /** The current schema's fields; null without a schema. */
  fields: readonly Pick<FlatField, "path" | "classification" | "description">[] | null;
}

export function toPolicyPort(p: PortSettings): PolicyPort {
  return {
    name: p.name,
    type: p.type,
    address: p.address,
    ...(p.partitions !== null ? { partitions: p.partitions } : {}),
    ...(p.retentionHours !== null
      ? { retentionMs: p.retentionHours < 0 ? -1 : p.retentionHours * 3_600_000 }
      : {}),
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

/** The violations of one port's own rules (naming, partitions, retention, schema, PII descriptions). */
export function portViolations(set: PolicySet, domain: string, port: PortSettings): PolicyViolation[] {
  const prefix = `ports.${port.name}.`;
  return evaluatePolicies(set, {
    kind: "AGGREGATE",
    domain,
    description: "",
    serviceLevels: {},
    ownerTeamMembers: 0,
    ports: [toPolicyPort(port)],
  }).filter((v) => v.where.startsWith(prefix));
}
