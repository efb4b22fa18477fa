"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { updatePolicySet, type PolicySetItem } from "@/lib/governance/api-client";
import { POLICY_LABELS, type PolicyId, type PolicySet } from "@/lib/governance/policy-set";

interface Props {
  policies: PolicySetItem;
  canEdit: boolean;
}

type NumberKey = "min" | "max";

/** One row per policy: on/off and its parameters; admins save a new version with a note. */
export function PolicyEditor({ policies, canEdit }: Props) {
  const router = useRouter();
  const [rules, setRules] = useState<PolicySet>(policies.rules);
  const [note, setNote] = useState("");
  const save = useMutation({
    mutationFn: () => updatePolicySet({ version: policies.version, rules, note }),
    onSuccess: () => {
      setNote("");
      router.refresh();
    },
  });
  const set = <K extends PolicyId>(id: K, patch: Partial<PolicySet[K]>) =>
    setRules((r) => ({ ...r, [id]: { ...r[id], ...patch } }));
  const number = (id: "partitions" | "retentionHours" | "ownerTeamSize", key: NumberKey, label: string) => {
    const rule = rules[id] as Record<string, unknown>;
    if (!(key in rule)) return null;
    return (
      <label>
        {label}{" "}
        <input
          type="number"
          value={Number(rule[key])}
          min={0}
          disabled={!canEdit}
          onChange={(e) => set(id, { [key]: Number(e.target.value) } as Partial<PolicySet[typeof id]>)}
          style={{ width: "6em" }}
        />
      </label>
    );
  };
  return (
    <form
      className="stack card small"
      aria-label="Mesh policies"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <ul className="stack" style={{ listStyle: "none", padding: 0 }}>
        {(Object.keys(POLICY_LABELS) as PolicyId[]).map((id) => (
          <li key={id} className="row" data-testid="policy-rule">
            <label>
              <input
                type="checkbox"
                checked={rules[id].enabled}
                disabled={!canEdit}
                onChange={(e) => set(id, { enabled: e.target.checked })}
              />{" "}
              {POLICY_LABELS[id]}
            </label>
            {id === "topicNaming" && (
              <label>
                pattern{" "}
                <input
                  value={rules.topicNaming.template}
                  disabled={!canEdit}
                  onChange={(e) => set("topicNaming", { template: e.target.value })}
                />
              </label>
            )}
            {id === "partitions" && (
              <>
                {number("partitions", "min", "from")}
                {number("partitions", "max", "to")}
              </>
            )}
            {id === "retentionHours" && (
              <>
                {number("retentionHours", "min", "from (h)")}
                {number("retentionHours", "max", "to (h)")}
              </>
            )}
            {id === "ownerTeamSize" && number("ownerTeamSize", "min", "at least")}
          </li>
        ))}
      </ul>
      {canEdit && (
        <>
          <label className="field">
            Why (kept with the version)
            <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
          </label>
          {save.error && (
            <p className="alert alert-error" role="alert">
              {save.error.message}
            </p>
          )}
          {save.isSuccess && (
            <p className="alert alert-info" role="status">
              Saved as version {save.data.version}.
            </p>
          )}
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            Save a new version
          </button>
        </>
      )}
      {!canEdit && <p className="muted">Admins change the policies.</p>}
    </form>
  );
}
