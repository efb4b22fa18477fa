import "server-only";
import { toProductDto, type ProductDto } from "@/lib/catalog/dto";
import { getDataProductOrThrow } from "@/lib/catalog/queries";
import type { ProductViewer } from "@/lib/catalog/permissions";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { PolicyReport } from "./dto";
import { evaluatePolicies, toPolicyPort, type PolicyInput } from "./policies";
import { getPolicySet } from "./queries";

/**
 * A product as the policy engine reads it, from its catalog shape: docs, SLAs, owner team size
 * and each port with its current schema and topic configuration. Ports retired with their
 * product are history, not checked; a linked topic's configuration is the broker's (not checked).
 */
export function policyInputOf(product: ProductDto): PolicyInput {
  return {
    kind: product.kind,
    domain: product.domain.slug,
    description: product.description,
    serviceLevels: (product.serviceLevels ?? {}) as Record<string, unknown>,
    ownerTeamMembers: product.ownerTeam.members.length,
    ports: product.outputPorts
      .filter((port) => port.state !== "RETIRED" && port.state !== "RETIRING")
      .map((port) => toPolicyPort({ ...port, fields: port.schema?.fields ?? null })),
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
export async function getProductPolicyReport(
  prisma: PrismaClient,
  viewer: ProductViewer,
  slug: string,
): Promise<PolicyReport> {
  return productPolicyReport(prisma, toProductDto(await getDataProductOrThrow(prisma, viewer, slug)));
}
