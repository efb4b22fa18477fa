/**
 * The mesh policies as publishing applies them: the whole product on publish, one port when it
 * is added to or changed on a live product. Pure: the rules are `evaluatePolicies`.
 */
import {
  evaluatePolicies,
  toPolicyPort,
  type PolicyViolation,
  type PortSettings,
} from "@/lib/governance/policies";

export type { PortSettings };
import type { PolicySet } from "@/lib/governance/policy-set";

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
