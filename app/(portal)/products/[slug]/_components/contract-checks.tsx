"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { actOnIncident, fetchPortChecks, type PortChecks } from "@/lib/monitor/api-client";
import { monitorKeys } from "@/lib/monitor/query-keys";
import { timeAgo } from "@/lib/core/time";
import { ContractHistory } from "./contract-history";

const STATUS_TEXT = { PASSING: "passing", FAILING: "failing", NOT_EVALUATED: "not evaluated" } as const;
const STATUS_CLASS = {
  PASSING: "status-ok",
  FAILING: "status-error",
  NOT_EVALUATED: "status-pending",
} as const;

function RuleChart({ checks, rule }: { checks: PortChecks; rule: string }) {
  const points = checks.series.find((s) => s.rule === rule)?.points ?? [];
  if (points.length === 0) return <p className="small muted">No windows in the last 24 hours yet.</p>;
  const data = points.map((p) => ({
    time: new Date(p.windowStart).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }),
    failing: p.failures,
    passing: Math.max(0, p.sampleSize - p.failures),
  }));
  return (
    <figure data-testid="rule-chart" aria-label={`Events per window for ${rule}, last 24 hours`}>
      <div style={{ width: "100%", height: 160 }}>
        <ResponsiveContainer>
          <BarChart data={data} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="time" tick={{ fontSize: 11 }} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={36} />
            <Tooltip />
            <Bar
              dataKey="passing"
              name="Events passing"
              stackId="a"
              fill="#2b8a3e"
              isAnimationActive={false}
            />
            <Bar
              dataKey="failing"
              name="Events failing"
              stackId="a"
              fill="#c92a2a"
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="small muted">
        Events per {points[0]!.windowSeconds / 60}-minute window, last 24 hours
      </figcaption>
    </figure>
  );
}

/**
 * The port's contract as checked on the live stream: overall status, each rule's latest window
 * (measured value, sample, first failing example), a 24-hour chart per rule, and incidents the
 * owners acknowledge and resolve.
 */
export function ContractChecks({ portId }: { portId: string }) {
  const queryClient = useQueryClient();
  const [chartRule, setChartRule] = useState<string | null>(null);
  const { data, error, isPending } = useQuery({
    queryKey: monitorKeys.checks(portId),
    queryFn: ({ signal }) => fetchPortChecks(portId, signal),
    refetchInterval: 60_000,
  });
  const act = useMutation({
    mutationFn: (v: { id: string; action: "acknowledge" | "resolve" }) =>
      actOnIncident(portId, v.id, v.action),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: monitorKeys.checks(portId) }),
  });

  if (isPending)
    return (
      <p className="status status-pending small" data-testid="contract-checks">
        Loading contract checks…
      </p>
    );
  if (error)
    return (
      <p className="status status-error small" data-testid="contract-checks">
        Contract checks unavailable: {error.message}
      </p>
    );
  const open = data.incidents.filter((i) => i.state !== "RESOLVED");
  const shown =
    chartRule ?? data.rules.find((r) => r.status === "FAILING")?.rule ?? data.rules[0]?.rule ?? null;
  return (
    <details className="stack contract-checks" data-testid="contract-checks" open={data.status === "FAILING"}>
      <summary>
        Contract checks{" "}
        <span className={`status ${STATUS_CLASS[data.status]}`} data-testid="contract-status">
          {STATUS_TEXT[data.status]}
        </span>{" "}
        <span className="small muted">
          contract <code>{data.contractId}</code> v{data.contractVersion} ({data.contractStatus.toLowerCase()}
          ){data.checkedAt ? `, checked ${timeAgo(data.checkedAt)}` : ""}
        </span>{" "}
        <a className="small" href={`/api/v1/ports/${portId}/contract`} download>
          Download ODCS
        </a>
      </summary>
      <ContractHistory portId={portId} />
      {!data.monitored && <p className="small muted">Not checked on the stream: {data.reason}.</p>}
      {open.length > 0 && (
        <ul className="stack" aria-label="Open incidents">
          {open.map((i) => (
            <li key={i.id} className="alert alert-error small" data-testid="incident">
              <strong>{i.state === "ACKNOWLEDGED" ? "Acknowledged" : "Open"} incident</strong> since{" "}
              {timeAgo(i.openedAt)}: {i.message}
              {i.acknowledgedBy && ` (acknowledged by ${i.acknowledgedBy})`}
              {data.canHandleIncidents && (
                <span className="row">
                  {i.state === "OPEN" && (
                    <button
                      type="button"
                      className="btn"
                      disabled={act.isPending}
                      onClick={() => act.mutate({ id: i.id, action: "acknowledge" })}
                    >
                      Acknowledge
                    </button>
                  )}
                  <button
                    type="button"
                    className="btn"
                    disabled={act.isPending}
                    onClick={() => act.mutate({ id: i.id, action: "resolve" })}
                  >
                    Resolve
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {act.error && (
        <p className="alert alert-error small" role="alert">
          {act.error.message}
        </p>
      )}
      <table className="table small" aria-label="Contract rules">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Status</th>
            <th scope="col">Latest window</th>
          </tr>
        </thead>
        <tbody>
          {data.rules.map((r) => (
            <tr key={r.rule} data-testid="contract-rule" data-rule={r.rule}>
              <td>
                <button type="button" className="link-button" onClick={() => setChartRule(r.rule)}>
                  {r.title}
                </button>
              </td>
              <td>
                <span className={`status ${STATUS_CLASS[r.status]}`}>{STATUS_TEXT[r.status]}</span>
              </td>
              <td>
                {r.detail}
                {r.seen > r.sampleSize && ` · sampled ${r.sampleSize} of ${r.seen}`}
                {r.example !== null && (
                  <details>
                    <summary>First failing event</summary>
                    <pre className="code small">{JSON.stringify(r.example, null, 2)}</pre>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown && (
        <div>
          <p className="small">
            <strong>{data.rules.find((r) => r.rule === shown)?.title}</strong>
          </p>
          <RuleChart checks={data} rule={shown} />
        </div>
      )}
    </details>
  );
}
