import type { Metadata } from "next";
import Link from "next/link";
import { db } from "@/lib/db/server";
import { getGovernanceOverview } from "@/lib/governance/overview";
import { POLICY_LABELS, type PolicyId } from "@/lib/governance/policy-set";
import { GovernanceCharts } from "./_components/governance-charts";

export const metadata: Metadata = { title: "Governance" };

/** Federated governance, computed: per domain, how its published products score and meet the mesh policies. */
export default async function GovernancePage() {
  const overview = await getGovernanceOverview(await db());
  const total = overview.domains.reduce((n, d) => n + d.products, 0);
  const compliant = overview.domains.reduce((n, d) => n + d.compliant, 0);
  return (
    <article className="stack">
      <h1>Governance</h1>
      <p className="muted">
        {total} published data products; {compliant} meet every mesh policy in force (
        {overview.policyVersion === 0
          ? "the default policies"
          : `policy set version ${overview.policyVersion}`}{" "}
        — <Link href="/admin/policies">see the policies</Link>). A policy added after a product was published
        is listed here; it does not block the product.
      </p>
      {overview.domains.length === 0 ? (
        <p className="empty-state card">No published data products yet.</p>
      ) : (
        <GovernanceCharts
          domains={overview.domains.map((d) => ({
            name: d.name,
            compliance: d.products === 0 ? 0 : Math.round((100 * d.compliant) / d.products),
            datsis: d.datsis,
          }))}
        />
      )}
      {overview.domains.map((d) => (
        <section
          key={d.slug}
          className="card stack small"
          aria-labelledby={`domain-${d.slug}`}
          data-testid="governance-domain"
        >
          <h2 id={`domain-${d.slug}`} className="section-title">
            {d.name} — {d.compliant} of {d.products} compliant · DATSIS {d.datsis}
            {d.failingContracts > 0 && ` · ${d.failingContracts} failing contract checks`}
          </h2>
          {Object.keys(d.byPolicy).length > 0 && (
            <p className="muted">
              Most often broken:{" "}
              {(Object.entries(d.byPolicy) as [PolicyId, number][])
                .sort((a, b) => b[1] - a[1])
                .map(([p, n]) => `${POLICY_LABELS[p]} (${n})`)
                .join(" · ")}
            </p>
          )}
          <table>
            <thead>
              <tr>
                <th>Product</th>
                <th>Owner</th>
                <th>DATSIS</th>
                <th>Contracts on the stream</th>
                <th>To fix</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.slug}>
                  <td>
                    <Link href={`/products/${r.slug}#policies-title`}>{r.name}</Link>
                  </td>
                  <td>{r.ownerTeam}</td>
                  <td>{r.datsis}</td>
                  <td data-testid="governance-contracts">
                    {r.contracts === "failing" ? (
                      <span className="check-fail">✗ failing</span>
                    ) : r.contracts === "passing" ? (
                      <span className="check-pass">✓ passing</span>
                    ) : (
                      <span className="muted">not evaluated</span>
                    )}
                  </td>
                  <td>
                    {r.violations.length === 0 ? (
                      <span className="check-pass">✓ compliant</span>
                    ) : (
                      <ul className="checks">
                        {r.violations.map((v) => (
                          <li key={`${v.policy}:${v.where}`} className="check-fail">
                            {v.message} <code className="muted">{v.where}</code>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </article>
  );
}
