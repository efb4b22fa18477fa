import "server-only";
import type { CurrentUser } from "@/lib/auth/types";
import { AppError } from "@/lib/core/errors";
import { recordChange } from "@/lib/events/record";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { PolicySetItem } from "./dto";
import { canEditPolicies } from "./permissions";
import { getPolicySet } from "./queries";
import type { PolicySetUpdate } from "./schemas";

/**
 * Admins replace the policy set with a new version. Optimistic: the edit names the version it
 * started from; a stale one is 409 and writes nothing (two admins saving at once: one wins, as the
 * version is the primary key). Audited and on the outbox.
 */
export async function updatePolicySet(
  prisma: PrismaClient,
  user: CurrentUser,
  input: PolicySetUpdate,
): Promise<PolicySetItem> {
  if (!canEditPolicies(user)) throw AppError.forbidden("Only platform admins may change the mesh's policies");
  await prisma.$transaction(async (tx) => {
    const newest = await tx.policySetVersion.findFirst({
      orderBy: { version: "desc" },
      select: { version: true },
    });
    const current = newest?.version ?? 0;
    if (input.version !== current) {
      throw AppError.conflict(
        `The policies changed since you opened them (version ${current}, you edited ${input.version}); reload and apply your change again`,
      );
    }
    const version = current + 1;
    await tx.policySetVersion.create({
      data: { version, rules: input.rules, note: input.note, createdById: user.id },
    });
    await recordChange(tx, {
      actorId: user.id,
      action: "policy_set.updated",
      subjectType: "policy_set",
      subjectId: String(version),
      productId: null,
      data: { version, note: input.note, rules: input.rules },
    });
  });
  return getPolicySet(prisma);
}
