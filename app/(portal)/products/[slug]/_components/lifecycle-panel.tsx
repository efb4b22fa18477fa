"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError } from "@/lib/api/fetch-json";
import { addDays, isoDate } from "@/lib/core/time";
import type { PolicyReport } from "@/lib/governance/dto";
import { POLICY_LABELS } from "@/lib/governance/policy-set";
import { changeLifecycle } from "@/lib/publishing/api-client";
import type { LifecycleChange } from "@/lib/publishing/schemas";

interface Props {
  slug: string;
  lifecycle: "DRAFT" | "EXPERIMENTAL" | "ACTIVE" | "DEPRECATED" | "RETIRED";
  sunsetAt: string | null;
  isAdmin: boolean;
}

type Violation = PolicyReport["violations"][number];

/** The owners' lifecycle controls: publish (violations listed when refused), deprecate, retire. */
export function LifecyclePanel({ slug, lifecycle, sunsetAt, isAdmin }: Props) {
  const router = useRouter();
  const [deprecating, setDeprecating] = useState(false);
  const [sunset, setSunset] = useState(isoDate(addDays(Date.now(), 90)));
  const [message, setMessage] = useState("");
  const [successor, setSuccessor] = useState("");
  const change = useMutation({
    mutationFn: (c: LifecycleChange) => changeLifecycle(slug, c),
    onSuccess: () => {
      setDeprecating(false);
      router.refresh();
    },
  });
  const violations =
    change.error instanceof ApiError && change.error.code === "policy_violation"
      ? (change.error.details as Violation[])
      : [];
  const sunsetPassed = sunsetAt !== null && new Date(sunsetAt).getTime() <= Date.now();
  return (
    <div className="stack small" data-testid="lifecycle-panel">
      {lifecycle === "DRAFT" && (
        <>
          <p>
            A draft: only the owner team and admins see it. Publishing checks every mesh policy, then creates
            each Kafka topic with the team&apos;s write access.
          </p>
          <button
            type="button"
            className="btn btn-primary"
            disabled={change.isPending}
            onClick={() => change.mutate({ to: "ACTIVE" })}
          >
            {change.isPending ? "Publishing… (provisioning on the broker)" : "Publish"}
          </button>
        </>
      )}
      {lifecycle === "EXPERIMENTAL" && (
        <button
          type="button"
          className="btn btn-primary"
          disabled={change.isPending}
          onClick={() => change.mutate({ to: "ACTIVE" })}
        >
          Promote to active
        </button>
      )}
      {(lifecycle === "ACTIVE" || lifecycle === "EXPERIMENTAL") && !deprecating && (
        <button type="button" className="btn" onClick={() => setDeprecating(true)}>
          Deprecate…
        </button>
      )}
      {deprecating && (
        <form
          className="stack"
          aria-label="Deprecate"
          onSubmit={(e) => {
            e.preventDefault();
            change.mutate({
              to: "DEPRECATED",
              sunsetAt: new Date(`${sunset}T00:00:00Z`).toISOString(),
              message,
              ...(successor.trim() ? { successor: successor.trim() } : {}),
            });
          }}
        >
          <label>
            Sunset{" "}
            <input
              type="date"
              value={sunset}
              min={isoDate(addDays(Date.now(), 1))}
              onChange={(e) => setSunset(e.target.value)}
              required
            />
          </label>
          <label>
            Message to consumers
            <textarea value={message} onChange={(e) => setMessage(e.target.value)} rows={2} required />
          </label>
          <label>
            Successor (a product&apos;s slug, optional){" "}
            <input
              value={successor}
              onChange={(e) => setSuccessor(e.target.value)}
              placeholder="order-events"
            />
          </label>
          <p className="muted">
            New access requests are refused from now on; existing grants end at the sunset at the latest.
          </p>
          <div className="row">
            <button type="submit" className="btn btn-primary" disabled={change.isPending}>
              Deprecate
            </button>
            <button type="button" className="btn" onClick={() => setDeprecating(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {lifecycle === "DEPRECATED" && (
        <div className="row">
          <button
            type="button"
            className="btn"
            disabled={change.isPending || (!sunsetPassed && !isAdmin)}
            title={!sunsetPassed && !isAdmin ? "Retire at or after the sunset" : undefined}
            onClick={() => {
              if (
                window.confirm(
                  "Retire this product? Every grant is revoked and your team's write access removed.",
                )
              )
                change.mutate({ to: "RETIRED" });
            }}
          >
            Retire{!sunsetPassed && isAdmin ? " now (admin)" : ""}
          </button>
          <button
            type="button"
            className="btn"
            disabled={change.isPending}
            onClick={() => change.mutate({ to: "ACTIVE" })}
          >
            Withdraw the deprecation
          </button>
        </div>
      )}
      {lifecycle === "RETIRED" && (
        <p className="muted">Retired: kept for history and lineage; its topics still hold the data.</p>
      )}
      {change.error && (
        <div className="alert alert-error" role="alert" data-testid="lifecycle-error">
          {violations.length > 0 ? (
            <>
              <p>
                Publishing is refused: {violations.length} mesh{" "}
                {violations.length === 1 ? "policy" : "policies"} to fix first.
              </p>
              <ul className="checks">
                {violations.map((v) => (
                  <li key={`${v.policy}:${v.where}`}>
                    {POLICY_LABELS[v.policy]} — <code>{v.where}</code>: {v.message}. <em>Fix:</em> {v.fix}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            change.error.message
          )}
        </div>
      )}
    </div>
  );
}
