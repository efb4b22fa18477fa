import type { PolicyReport as PolicyReportData } from "@/lib/governance/dto";
import { POLICY_LABELS } from "@/lib/governance/policy-set";

/** How the product stands against the mesh-wide policies in force: each violation, where, and the fix. */
export function PolicyReport({ report }: { report: PolicyReportData }) {
  const { violations, policyVersion } = report;
  return (
    <div className="stack small" data-testid="policy-report">
      {violations.length === 0 ? (
        <p className="check-pass">✓ Meets every mesh policy in force.</p>
      ) : (
        <>
          <p>
            {violations.length} {violations.length === 1 ? "policy violation" : "policy violations"}:
          </p>
          <ul className="checks">
            {violations.map((v) => (
              <li key={`${v.policy}:${v.where}`} className="check-fail">
                ✗ {POLICY_LABELS[v.policy]} — <code>{v.where}</code>: {v.message}
                <div className="muted">Fix: {v.fix}</div>
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="muted">
        {policyVersion === 0 ? "The mesh's default policies." : `Policy set version ${policyVersion}.`}
      </p>
    </div>
  );
}
