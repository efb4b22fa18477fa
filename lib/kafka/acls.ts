import "server-only";
import { z } from "zod";
import { withKafkaAdmin } from "./admin";
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
  type AclEntry,
} from "./client-config";

/**
 * One ACL binding as plain data (what a grant or a provisioned port stores, so that revoking
 * removes exactly it): READ for consumers, WRITE and DESCRIBE for the owner team's producers.
 */
export const AclBindingSchema = z.object({
  resourceType: z.enum(["TOPIC", "GROUP"]),
  resourceName: z.string(),
  patternType: z.enum(["LITERAL", "PREFIXED"]),
  principal: z.string(),
  host: z.literal("*"),
  operation: z.enum(["READ", "WRITE", "DESCRIBE"]),
  permission: z.literal("ALLOW"),
});
export type AclBinding = z.infer<typeof AclBindingSchema>;

function toKafka(a: AclBinding): AclEntry {
  return {
    resourceType: a.resourceType === "TOPIC" ? AclResourceTypes.TOPIC : AclResourceTypes.GROUP,
    resourceName: a.resourceName,
    resourcePatternType:
      a.patternType === "LITERAL" ? ResourcePatternTypes.LITERAL : ResourcePatternTypes.PREFIXED,
    principal: a.principal,
    host: a.host,
    operation: AclOperationTypes[a.operation],
    permissionType: AclPermissionTypes.ALLOW,
  };
}

/** Creates the bindings on the broker. Idempotent: creating an existing binding is a no-op. */
export async function createAcls(bindings: AclBinding[]): Promise<void> {
  if (bindings.length === 0) return;
  await withKafkaAdmin((admin) => admin.createAcls({ acl: bindings.map(toKafka) }));
}

/** Deletes exactly these bindings (literal filters, nothing wider); deleting an absent one is a no-op. */
export async function deleteAcls(bindings: AclBinding[]): Promise<void> {
  if (bindings.length === 0) return;
  await withKafkaAdmin((admin) => admin.deleteAcls({ filters: bindings.map(toKafka) }));
}

/** Every ACL binding the broker has for `principal` (what tests check a grant against). */
export async function describeGrantAcls(
  principal: string,
): Promise<{ resourceName: string; resourceType: number; patternType: number }[]> {
  return withKafkaAdmin(async (admin) => {
    const res = await admin.describeAcls({
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      principal,
      host: "*",
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    return res.resources.map((r) => ({
      resourceName: r.resourceName,
      resourceType: r.resourceType,
      patternType: r.resourcePatternType,
    }));
  });
}
