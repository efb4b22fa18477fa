import "server-only";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { PolicySetItem } from "./dto";
import { DEFAULT_POLICIES, PolicySetSchema } from "./policy-set";

/** The policy set in force: the newest version, or the defaults (version 0) before any edit. */
export async function getPolicySet(prisma: PrismaClient | Prisma.TransactionClient): Promise<PolicySetItem> {
  const newest = await prisma.policySetVersion.findFirst({
    orderBy: { version: "desc" },
    include: { createdBy: { select: { name: true } } },
  });
  if (!newest) return { version: 0, rules: DEFAULT_POLICIES, note: "", createdAt: null, createdBy: null };
  // Stored rules were validated on write; a rule added since then takes its default.
  const rules = PolicySetSchema.parse({ ...DEFAULT_POLICIES, ...(newest.rules as object) });
  return {
    version: newest.version,
    rules,
    note: newest.note,
    createdAt: newest.createdAt.toISOString(),
    createdBy: newest.createdBy?.name ?? null,
  };
}
