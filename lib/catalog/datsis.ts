/**
 * DATSIS scorecard: how far a data product is Discoverable, Addressable, Trustworthy,
 * Self-describing, Interoperable and Secure, judged from its catalog metadata alone (no broker or
 * database access), so the product page, the API and the seed can all compute it cheaply.
 *
 * Each dimension has a few concrete checks; a failed check carries a fix that names the port or
 * fields to change. A dimension's score is the weighted share of passed checks; the overall score
 * is the mean of the six. Design choices:
 *
 * - One missing thing fails one check. "Every port …" checks pass vacuously for ports that do not
 *   exist and field checks for fields that do not exist; the exceptions are "ports have
 *   addresses" and "ports have schemas", which fail for a product without any port, because
 *   a product nobody can read is neither addressable nor self-describing.
 * - Compatibility ≠ NONE counts once, under Trustworthy (breaking changes are blocked); Interoperable
 *   checks instead that every field has a type a consumer can map (no unresolved `unknown`).
 * - "Looks like PII" goes by the field's name (email, phone, address, ip, birth date, a person's
 *   name …) and flags only fields left at INTERNAL, the default: PUBLIC or CONFIDENTIAL is a
 *   decision someone made, INTERNAL on an `email` most likely is not.
 */
import {
  DATSIS_LABELS,
  DATSIS_ORDER,
  type DatsisDimension,
  type DimensionScore,
  type Scorecard,
  type ScorecardCheck,
  type ScorecardInput,
} from "./datsis-model";
import {
  checkAddressable,
  checkDiscoverable,
  checkInteroperable,
  checkSelfDescribing,
  checkTrustworthy,
} from "./datsis-checks";
import { checkSecure } from "./datsis-secure";
import type { ProductDto } from "./dto";

export * from "./datsis-model";

export function computeScorecard(input: ScorecardInput): Scorecard {
  const builders: Record<DatsisDimension, (input: ScorecardInput) => ScorecardCheck[]> = {
    discoverable: checkDiscoverable,
    addressable: checkAddressable,
    trustworthy: checkTrustworthy,
    selfDescribing: checkSelfDescribing,
    interoperable: checkInteroperable,
    secure: checkSecure,
  };
  const dimensions = DATSIS_ORDER.map((dimension): DimensionScore => {
    const checks = builders[dimension](input);
    return { dimension, label: DATSIS_LABELS[dimension], score: scoreChecks(checks), checks };
  });
  const overall = Math.round(dimensions.reduce((sum, d) => sum + d.score, 0) / dimensions.length);
  return { overall, dimensions };
}

function scoreChecks(checks: ScorecardCheck[]): number {
  const total = checks.reduce((sum, c) => sum + c.weight, 0);
  if (total === 0) return 100;
  const passed = checks.reduce((sum, c) => sum + (c.passed ? c.weight : 0), 0);
  return Math.round((100 * passed) / total);
}

/** The scorecard of a product as the API shows it (the product page and the governance page). */
export function productScorecard(product: ProductDto): Scorecard {
  return computeScorecard({
    name: product.name,
    summary: product.summary,
    description: product.description,
    tags: product.tags,
    lifecycle: product.lifecycle,
    domain: product.domain.slug,
    ownerTeam: product.ownerTeam.slug,
    ownerMembers: product.ownerTeam.members.length,
    serviceLevels: (product.serviceLevels ?? {}) as Record<string, unknown>,
    termsOfUse: product.termsOfUse,
    outputPorts: product.outputPorts.map((p) => ({
      ...p,
      schema: p.schema && { versions: p.schema.versions, fields: p.schema.fields },
      ...(p.contract ? { checkStatus: p.contract.checkStatus } : {}),
    })),
    accessPolicy: true,
  });
}
