/**
 * npm run bench -- policies: the mesh-wide policy engine over 10,000 products (what the
 * governance page computes), target ≤ 200 ms. Products are the demo mesh's, repeated with
 * variations so that a share of them break each policy (the engine's work depends on it).
 */
import { DEMO_PRODUCTS } from "@/lib/demo/mesh";
import { demoPolicyInput } from "@/lib/demo/policy-input";
import { evaluatePolicies, type PolicyInput } from "@/lib/governance/policies";
import { DEFAULT_POLICIES } from "@/lib/governance/policy-set";
import { measure, printTimings } from "./stats";

const DAY = 86_400_000;

function syntheticProducts(count: number): PolicyInput[] {
  return Array.from({ length: count }, (_, i) => {
    const p = DEMO_PRODUCTS[i % DEMO_PRODUCTS.length]!;
    const demo = demoPolicyInput(p, 1 + (i % 4));
    return {
      ...demo,
      description: i % 7 === 0 ? p.description.replace("## Purpose", "## Background") : p.description,
      serviceLevels: i % 11 === 0 ? {} : p.serviceLevels,
      ports: demo.ports.map((o, j) => ({
        ...o,
        address: i % 13 === 0 ? `${o.address}-${i}` : o.address,
        partitions: 1 + ((i + j) % 16),
        retentionMs: ((i % 40) + 1) * DAY,
        cleanupPolicy: i % 5 === 0 ? ("compact" as const) : ("delete" as const),
      })),
    };
  });
}

export async function benchPolicies(): Promise<void> {
  const products = syntheticProducts(10_000);
  const fields = products.reduce(
    (n, p) => n + p.ports.reduce((m, o) => m + (o.schema?.fields.length ?? 0), 0),
    0,
  );
  let violations = 0;
  const timing = await measure(
    "evaluate every policy, 10,000 products",
    async () => {
      violations = 0;
      for (const p of products) violations += evaluatePolicies(DEFAULT_POLICIES, p).length;
    },
    20,
    3,
  );
  printTimings("Mesh-wide policies (target: ≤ 200 ms for 10,000 products)", [timing]);
  const ports = products.reduce((n, p) => n + p.ports.length, 0);
  console.log(
    `  ${ports.toLocaleString("en")} ports, ${fields.toLocaleString("en")} fields, ${violations.toLocaleString("en")} violations found per pass`,
  );
}
