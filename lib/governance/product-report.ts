import "server-only";
import { toProductDto, type ProductDto } from "@/lib/catalog/dto";
import { getDataProductOrThrow } from "@/lib/catalog/queries";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { PolicyReport } from "./dto";
import { evaluatePolicies, type PolicyInput } from "./policies";
import { getPolicySet } from "./queries";

/**
 * A product as the policy engine reads it, from its catalog shape: docs, SLAs, owner team size
 * and each port with its current schema. Topic configuration (partitions, retention) is not in
 * the catalog yet, so those two rules have nothing to check until ports are provisioned by the portal.
 */
export function policyInputOf(product: ProductDto): PolicyInput {
  return {
    kind: product.kind,
    domain: product.domain.slug,
    description: product.description,
    serviceLevels: (product.serviceLevels ?? {}) as Record<string, unknown>,
    ownerTeamMembers: product.ownerTeam.members.length,
    ports: product.outputPorts.map((port) => ({
      name: port.name,
      type: port.type,
      address: port.address,
      schema: port.schema && {
        compatibility: port.compatibility,
        fields: port.schema.fields.map(({ path, classification, description }) => ({
          path,
          classification,
          description,
        })),
      },
    })),
  };
}

/** A loaded product against the policies in force (the product page has it already). */
export async function productPolicyReport(prisma: PrismaClient, product: ProductDto): Promise<PolicyReport> {
  const policies = await getPolicySet(prisma);
  return {
    policyVersion: policies.version,
    violations: evaluatePolicies(policies.rules, policyInputOf(product)),
  };
}

/** How a product stands against the policies in force (any signed-in user may ask, as for the product). */
export async function getProductPolicyReport(prisma: PrismaClient, slug: string): Promise<PolicyReport> {
  return productPolicyReport(prisma, toProductDto(await getDataProductOrThrow(prisma, slug)));
}
