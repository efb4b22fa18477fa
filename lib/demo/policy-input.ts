import type { FieldSpec } from "@/lib/catalog/field-spec";
import { effectiveClassification } from "@/lib/catalog/schema-generate";
import type { PolicyField, PolicyInput } from "@/lib/governance/policies";
import type { DemoProduct } from "./mesh-types";

function policyFields(fields: readonly FieldSpec[], prefix = ""): PolicyField[] {
  return fields.flatMap((f) => [
    { path: `${prefix}${f.name}`, classification: effectiveClassification(f), description: f.description },
    ...policyFields(f.fields ?? [], `${prefix}${f.name}.`),
  ]);
}

/** A demo product as the policy engine reads it (tests and the policies benchmark). */
export function demoPolicyInput(p: DemoProduct, ownerTeamMembers: number): PolicyInput {
  return {
    kind: p.kind,
    domain: p.domain,
    description: p.description,
    serviceLevels: p.serviceLevels,
    ownerTeamMembers,
    ports: p.outputPorts.map((o) => ({
      name: o.name,
      type: o.type,
      address: o.address,
      schema: { compatibility: o.compatibility ?? "BACKWARD", fields: policyFields(o.fields) },
    })),
  };
}
