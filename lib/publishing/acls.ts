/**
 * The bindings provisioning creates for the owner team on its topic, as plain data (stored on the
 * port, so retiring removes exactly those). Pure.
 */
import type { AclBinding } from "@/lib/kafka/acls";
import { retentionMs } from "@/lib/governance/policies";

/**
 * WRITE and DESCRIBE on the topic (literal). That is all an idempotent producer needs on Kafka
 * 3+/4: InitProducerId is allowed with WRITE on any topic (KIP-679), no cluster-wide right.
 */
export function ownerAcls(principal: string, topic: string): AclBinding[] {
  const common = {
    resourceType: "TOPIC",
    resourceName: topic,
    patternType: "LITERAL",
    principal,
    host: "*",
    permission: "ALLOW",
  } as const;
  return [
    { ...common, operation: "WRITE" },
    { ...common, operation: "DESCRIBE" },
  ];
}

/** Topic configuration from a port's settings (every key the portal manages, always all of them). */
export function topicConfig(port: {
  retentionHours: number | null;
  cleanupPolicy: "DELETE" | "COMPACT" | null;
}): Record<string, string> {
  const compact = port.cleanupPolicy === "COMPACT";
  return {
    "cleanup.policy": compact ? "compact" : "delete",
    ...(port.retentionHours !== null ? { "retention.ms": String(retentionMs(port.retentionHours)) } : {}),
  };
}
