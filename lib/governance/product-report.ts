import "server-only";
import { currentSchemaVersion } from "@/lib/catalog/queries";
import { AppError } from "@/lib/core/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { PolicyReport } from "./dto";
import { evaluatePolicies, type PolicyInput } from "./policies";
import { getPolicySet } from "./queries";

/**
 * A product as the policy engine reads it, from the catalog: its docs, SLAs, owner team size and
 * each port with its current schema. Topic configuration (partitions, retention) is not in the
 * catalog yet, so those two rules have nothing to check until ports are provisioned by the portal.
 */
export async function policyInputOf(prisma: PrismaClient, slug: string): Promise<PolicyInput> {
  const product = await prisma.dataProduct.findUnique({
    where: { slug },
    include: {
      domain: { select: { slug: true } },
      ownerTeam: { select: { _count: { select: { memberships: true } } } },
      outputPorts: {
        orderBy: { name: "asc" },
        include: {
          schemaVersions: currentSchemaVersion,
        },
      },
    },
  });
  if (!product) throw AppError.notFound(`Data product "${slug}"`);
  return {
    kind: product.kind,
    domain: product.domain.slug,
    description: product.description,
    serviceLevels: (product.serviceLevels ?? {}) as Record<string, unknown>,
    ownerTeamMembers: product.ownerTeam._count.memberships,
    ports: product.outputPorts.map((port) => {
      const current = port.schemaVersions[0];
      return {
        name: port.name,
        type: port.type,
        address: port.address,
        schema: current
          ? {
              compatibility: port.compatibility,
              fields: current.fields.map((f) => ({
                path: f.path,
                classification: f.classification,
                description: f.description,
              })),
            }
          : null,
      };
    }),
  };
}

/** How a product stands against the policies in force (any signed-in user may ask, as for the product). */
export async function getProductPolicyReport(prisma: PrismaClient, slug: string): Promise<PolicyReport> {
  const [input, policies] = await Promise.all([policyInputOf(prisma, slug), getPolicySet(prisma)]);
  return { policyVersion: policies.version, violations: evaluatePolicies(policies.rules, input) };
}
