/**
 * The Kafka ACL bindings a grant creates, as plain data (stored on the grant, so revocation can
 * remove exactly those). Pure: the mapping to kafkajs' numeric enums lives in lib/kafka/acls.ts.
 */
import type { AclBinding } from "@/lib/kafka/acls";

/** READ on the topic (literal) and READ on the consumer team's groups `<team-slug>.` (prefixed). */
export function grantAcls(principal: string, teamSlug: string, topic: string): AclBinding[] {
  const common = { principal, host: "*", operation: "READ", permission: "ALLOW" } as const;
  return [
    { resourceType: "TOPIC", resourceName: topic, patternType: "LITERAL", ...common },
    { resourceType: "GROUP", resourceName: `${teamSlug}.`, patternType: "PREFIXED", ...common },
  ];
}

export const aclKey = (a: AclBinding): string =>
  [a.resourceType, a.patternType, a.resourceName, a.principal, a.operation, a.permission].join("|");

/**
 * What revoking a grant may delete: its bindings that no other live grant still needs (the
 * team's group prefix is shared by all its grants). Nothing wider, nothing another grant uses.
 */
export function aclsToDelete(revoked: AclBinding[], stillLive: AclBinding[][]): AclBinding[] {
  const needed = new Set(stillLive.flat().map(aclKey));
  return revoked.filter((a) => !needed.has(aclKey(a)));
}

/** Reads bindings stored as JSON, ignoring anything that is not one. */
export function parseAcls(value: unknown): AclBinding[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (a): a is AclBinding =>
      typeof a === "object" &&
      a !== null &&
      typeof (a as AclBinding).resourceName === "string" &&
      typeof (a as AclBinding).principal === "string",
  );
}
