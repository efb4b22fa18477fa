"use client";

import { UsageSummary } from "@/components/access/grant-usage";
import { FiledVia } from "@/components/access/filed-via";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import {
  decide,
  fetchAccessRequests,
  fetchGrants,
  retryGrant,
  revokeGrant,
  type AccessRequestItem,
  type GrantItem,
} from "@/lib/access/api-client";
import { accessKeys } from "@/lib/access/query-keys";

type Tab = "inbox" | "mine" | "grants";
const TABS: { id: Tab; label: string }[] = [
  { id: "inbox", label: "Inbox" },
  { id: "mine", label: "My requests" },
  { id: "grants", label: "Grants" },
];

/** The owner inbox, the requester's view and the grants, as tabs kept in the URL (?tab=). */
export function AccessCenter() {
  const params = useSearchParams();
  const router = useRouter();
  const tab = (TABS.find((t) => t.id === params.get("tab"))?.id ?? "inbox") as Tab;
  return (
    <div className="stack">
      <div className="tabs" role="tablist" aria-label="Access">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            className="tab"
            aria-selected={tab === t.id}
            onClick={() => router.replace(`/access?tab=${t.id}`)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tab === "inbox" && <Requests as="owner" />}
      {tab === "mine" && <Requests as="requester" />}
      {tab === "grants" && <Grants />}
    </div>
  );
}

const STATUS_CLASS: Record<string, string> = {
  pending: "status-pending",
  approved: "status-ok",
  active: "status-ok",
  denied: "status-error",
  failed: "status-error",
  cancelled: "",
  provisioning: "status-pending",
  revoking: "status-pending",
  revoked: "",
  expired: "",
};

function Requests({ as }: { as: "owner" | "requester" }) {
  const query = useQuery({
    queryKey: accessKeys.requests(as),
    queryFn: ({ signal }) => fetchAccessRequests(as, signal),
    refetchInterval: 10_000,
  });
  if (query.isPending) return <div className="skeleton" />;
  if (query.isError)
    return (
      <p className="alert alert-error" role="alert">
        {query.error.message}
      </p>
    );
  const items = query.data.items;
  if (items.length === 0) {
    return (
      <p className="empty-state card">
        {as === "owner"
          ? "No requests for your team's products."
          : "No requests yet. Open a product and request access to one of its ports."}
      </p>
    );
  }
  return (
    <ul className="link-list" data-testid={as === "owner" ? "inbox" : "my-requests"}>
      {items.map((r) => (
        <RequestRow key={r.id} request={r} as={as} />
      ))}
    </ul>
  );
}

function RequestRow({ request: r, as }: { request: AccessRequestItem; as: "owner" | "requester" }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const act = useMutation({
    mutationFn: (action: "approve" | "deny" | "cancel") => decide(r.id, action, reason || undefined),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accessKeys.all }),
  });
  return (
    <li className="card stack" data-testid="access-request">
      <div className="row">
        <span className={`status ${STATUS_CLASS[r.status]}`}>{r.status}</span>
        <strong>
          {r.team.name} → <Link href={`/products/${r.product.slug}`}>{r.product.name}</Link> / {r.port.name}
        </strong>
        <FiledVia via={r.filedVia} name={r.requester.name} />
        <span className="muted small">
          by {r.requester.name} · until {r.expiresAt.slice(0, 10)} ·{" "}
          <Link href={`/access/requests/${r.id}`}>details</Link>
        </span>
      </div>
      <p className="small">{r.purpose}</p>
      {r.decisionReason && (
        <p className="small" data-testid="decision-reason">
          {r.status === "denied" ? "Denied" : "Decided"} by {r.decidedBy}: “{r.decisionReason}”
        </p>
      )}
      {r.grant && (
        <p className="small">
          Grant:{" "}
          <span className={`status ${STATUS_CLASS[r.grant.status]}`} data-testid="request-grant-status">
            {r.grant.status}
          </span>
          {r.grant.error && <span className="muted"> — {r.grant.error}</span>}
        </p>
      )}
      {r.status === "pending" && as === "owner" && (
        <div className="row">
          <label className="small">
            Reason{" "}
            <span className="muted">(optional to approve, needed to deny — the requester sees it)</span>
            <input aria-label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button
            type="button"
            className="btn btn-primary"
            disabled={act.isPending}
            onClick={() => act.mutate("approve")}
          >
            Approve
          </button>
          <button
            type="button"
            className="btn"
            disabled={act.isPending || !reason.trim()}
            title={reason.trim() ? undefined : "Write a reason first: the requester sees it"}
            onClick={() => act.mutate("deny")}
          >
            Deny
          </button>
        </div>
      )}
      {r.status === "pending" && as === "requester" && (
        <div className="row">
          <button type="button" className="btn" disabled={act.isPending} onClick={() => act.mutate("cancel")}>
            Cancel request
          </button>
        </div>
      )}
      {act.error && (
        <p className="alert alert-error small" role="alert">
          {act.error.message}
        </p>
      )}
    </li>
  );
}

function Grants() {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: accessKeys.grants({}),
    queryFn: ({ signal }) => fetchGrants({}, signal),
    refetchInterval: 10_000,
  });
  const act = useMutation({
    mutationFn: ({ grant, action }: { grant: GrantItem; action: "revoke" | "retry" }) =>
      action === "revoke" ? revokeGrant(grant.id) : retryGrant(grant.id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accessKeys.all }),
  });
  if (query.isPending) return <div className="skeleton" />;
  if (query.isError)
    return (
      <p className="alert alert-error" role="alert">
        {query.error.message}
      </p>
    );
  if (query.data.items.length === 0)
    return <p className="empty-state card">No grants for your teams or on your products.</p>;
  return (
    <table className="small" data-testid="grants">
      <thead>
        <tr>
          <th>Team</th>
          <th>Product / port</th>
          <th>Status</th>
          <th>Until</th>
          <th>Consumers</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {query.data.items.map((g) => (
          <tr key={g.id}>
            <td>
              {g.team.name} <code className="muted">{g.principal}</code>
            </td>
            <td>
              <Link href={`/products/${g.product.slug}`}>{g.product.name}</Link> / {g.port.name}
              {g.product.deprecation && (
                <div className="small deprecation-note" data-testid="grant-deprecation">
                  Deprecated
                  {g.product.deprecation.sunsetAt
                    ? `: access ends at the sunset on ${g.product.deprecation.sunsetAt.slice(0, 10)}`
                    : ""}
                  . {g.product.deprecation.message}
                  {g.product.deprecation.successor && (
                    <>
                      {" "}
                      Move to{" "}
                      <Link href={`/products/${g.product.deprecation.successor.slug}`}>
                        {g.product.deprecation.successor.name}
                      </Link>
                      .
                    </>
                  )}
                </div>
              )}
            </td>
            <td>
              <span className={`status ${STATUS_CLASS[g.status]}`}>{g.status}</span>
              {g.error && <div className="muted">{g.error}</div>}
            </td>
            <td>{g.expiresAt.slice(0, 10)}</td>
            <td>
              <UsageSummary grant={g} />
            </td>
            <td className="row">
              {g.status === "failed" && (
                <button
                  type="button"
                  className="btn"
                  onClick={() => act.mutate({ grant: g, action: "retry" })}
                >
                  Retry
                </button>
              )}
              {["active", "failed", "provisioning"].includes(g.status) && (
                <button
                  type="button"
                  className="btn"
                  onClick={() => act.mutate({ grant: g, action: "revoke" })}
                >
                  Revoke
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
      {act.error && (
        <caption className="alert alert-error" role="alert">
          {act.error.message}
        </caption>
      )}
    </table>
  );
}
