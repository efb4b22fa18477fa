import "server-only";
/**
 * The governance page's numbers: per domain, the DATSIS averages and the policy compliance of its
 * published products (active and experimental), each product with what to fix. A policy added
 * after a product was published lists it here; it does not block the product.
 */
import { productScorecard } from "@/lib/catalog/datsis";
import { toProductDto } from "@/lib/catalog/dto";
import { listProductDetails } from "@/lib/catalog/queries";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { GovernanceOverview } from "./dto";
import { evaluatePolicies } from "./policies";
import type { PolicyId } from "./policy-set";
import { policyInputOf } from "./product-report";
import { getPolicySet } from "./queries";

const mean = (values: number[]) =>
  values.length === 0 ? 0 : Math.round(values.reduce((a, b) => a + b, 0) / values.length);

export async function getGovernanceOverview(prisma: PrismaClient): Promise<GovernanceOverview> {
  const [policies, products] = await Promise.all([
    getPolicySet(prisma),
    listProductDetails(prisma, { lifecycle: { in: ["ACTIVE", "EXPERIMENTAL"] } }),
  ]);
  const rows = products.map((row) => {
    const product = toProductDto(row);
    const scorecard = productScorecard(product);
    return {
      slug: product.slug,
      name: product.name,
      domain: product.domain,
      ownerTeam: product.ownerTeam.name,
      datsis: scorecard.overall,
      contracts: product.outputPorts.some((p) => p.contract?.checkStatus === "FAILING")
        ? ("failing" as const)
        : product.outputPorts.some((p) => p.contract?.checkStatus === "PASSING")
          ? ("passing" as const)
          : ("not_evaluated" as const),
      dimensions: Object.fromEntries(scorecard.dimensions.map((d) => [d.dimension, d.score])),
      violations: evaluatePolicies(policies.rules, policyInputOf(product)).map(
        ({ policy, where, message }) => ({
          policy,
          where,
          message,
        }),
      ),
    };
  });
  const domains = [...new Map(rows.map((r) => [r.domain.slug, r.domain])).values()].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  return {
    policyVersion: policies.version,
    domains: domains.map((domain) => {
      const own = rows.filter((r) => r.domain.slug === domain.slug);
      const byPolicy: Partial<Record<PolicyId, number>> = {};
      for (const r of own)
        for (const policy of new Set(r.violations.map((v) => v.policy)))
          byPolicy[policy] = (byPolicy[policy] ?? 0) + 1;
      return {
        ...domain,
        products: own.length,
        compliant: own.filter((r) => r.violations.length === 0).length,
        datsis: mean(own.map((r) => r.datsis)),
        dimensions: Object.fromEntries(
          Object.keys(own[0]?.dimensions ?? {}).map((d) => [d, mean(own.map((r) => r.dimensions[d] ?? 0))]),
        ),
        byPolicy,
        failingContracts: own.filter((r) => r.contracts === "failing").length,
        rows: own.map(({ domain: _domain, dimensions: _dimensions, ...r }) => r),
      };
    }),
  };
}
