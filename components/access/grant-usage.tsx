"use client";

import { useQuery } from "@tanstack/react-query";
import { relativeTime } from "@/components/notify/relative-time";
import { fetchGrants } from "@/lib/access/api-client";
import type { GrantItem } from "@/lib/access/dto";
import { accessKeys } from "@/lib/access/query-keys";

const seconds = (s: number | null) =>
  s === null
    ? "age unknown"
    : s < 60
      ? `${s} s`
      : s < 3600
        ? `${Math.round(s / 60)} min`
        : `${Math.round(s / 3600)} h`;

/** One active grant's consumers in a line (and per group on demand): lag in messages and time, last commit. */
export function UsageSummary({ grant }: { grant: Pick<GrantItem, "usage" | "usageError" | "team"> }) {
  if (grant.usage === undefined) return <span className="muted">—</span>;
  if (grant.usage === null)
    return (
      <span className="muted" title={grant.usageError ?? ""} data-testid="usage">
        lag unknown (Kafka unavailable)
      </span>
    );
  const u = grant.usage;
  return (
    <div data-testid="usage">
      {u.unusedSince && (
        <span className="status status-error" data-testid="usage-unused">
          unused since {u.unusedSince.slice(0, 10)}
        </span>
      )}{" "}
      {u.groups.length === 0 ? (
        <span className="muted">no consumer group of {grant.team.name} reads it yet</span>
      ) : (
        <details>
          <summary>
            {u.groups.length} group{u.groups.length === 1 ? "" : "s"} · lag {u.lag.toLocaleString()} msg
            {u.lag > 0 ? ` (${seconds(u.lagSeconds)})` : ""}
            {u.lastCommitAt ? ` · last commit ${relativeTime(u.lastCommitAt)}` : ""}
          </summary>
          <ul className="small">
            {u.groups.map((g) => (
              <li key={g.groupId} data-testid="usage-group">
                <code>{g.groupId}</code>: lag {g.lag.toLocaleString()}
                {g.lag > 0 ? ` (${seconds(g.lagSeconds)})` : ""}
                {g.lastCommitAt ? ` · last commit ${relativeTime(g.lastCommitAt)}` : ""}
                <span className="muted">
                  {" "}
                  · partitions {g.partitions.map((p) => `${p.partition}: ${p.lag}`).join(", ")}
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** The product page's "Teams with access": teams with an active grant, their groups and lag (what the viewer may see). */
export function ProductConsumers({ slug }: { slug: string }) {
  const grants = useQuery({
    queryKey: accessKeys.grants({ product: slug }),
    queryFn: ({ signal }) => fetchGrants({ product: slug }, signal),
    refetchInterval: 15_000,
  });
  const active = grants.data?.items.filter((g) => g.status === "active") ?? [];
  return (
    <section className="card" aria-labelledby="usage-title">
      <h2 id="usage-title" className="section-title">
        Teams with access ({grants.data ? active.length : "…"})
      </h2>
      {grants.isPending && <p className="muted small">Reading consumer groups…</p>}
      {grants.error && <p className="alert alert-error small">{grants.error.message}</p>}
      {grants.data && active.length === 0 && (
        <p className="muted small">No team you can see holds an active grant on this product.</p>
      )}
      {active.length > 0 && (
        <ul className="link-list small" data-testid="product-consumers">
          {active.map((g) => (
            <li key={g.id}>
              <strong>{g.team.name}</strong> <span className="muted">on {g.port.name}</span>
              <UsageSummary grant={g} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
