"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { fetchContractDiff, fetchContractVersions } from "@/lib/catalog/api-client";
import { catalogKeys } from "@/lib/catalog/query-keys";

const show = (v: unknown) =>
  v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v);

/** A port's contract versions, and what changed between any two of them. */
export function ContractHistory({ portId }: { portId: string }) {
  const [open, setOpen] = useState(false);
  const versions = useQuery({
    queryKey: catalogKeys.contractVersions(portId),
    queryFn: ({ signal }) => fetchContractVersions(portId, signal),
    enabled: open,
  });
  const list = versions.data?.versions ?? [];
  const [pair, setPair] = useState<{ from: number; to: number } | null>(null);
  const from = pair?.from ?? list[1]?.revision ?? null;
  const to = pair?.to ?? list[0]?.revision ?? null;
  const diff = useQuery({
    queryKey: catalogKeys.contractDiff(portId, from ?? 0, to ?? 0),
    queryFn: ({ signal }) => fetchContractDiff(portId, from!, to!, signal),
    enabled: open && from !== null && to !== null && from !== to,
  });
  return (
    <details className="small" data-testid="contract-history" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Contract history</summary>
      {versions.isPending && open && <p className="status status-pending">Loading versions…</p>}
      {versions.error && <p className="status status-error">{versions.error.message}</p>}
      {list.length > 0 && (
        <>
          <ol className="stack" aria-label="Contract versions">
            {list.map((v) => (
              <li key={v.revision}>
                <strong>#{v.revision}</strong> v{v.version} · {v.status.toLowerCase()}
                {v.schemaVersion !== null && ` · schema v${v.schemaVersion}`} · {v.changeNote}
                {v.createdBy && ` · ${v.createdBy}`} · {v.createdAt.slice(0, 16).replace("T", " ")}
              </li>
            ))}
          </ol>
          {list.length > 1 && (
            <div className="row">
              <label>
                Compare{" "}
                <select
                  aria-label="From version"
                  value={from ?? ""}
                  onChange={(e) => setPair({ from: Number(e.target.value), to: to ?? list[0]!.revision })}
                >
                  {list.map((v) => (
                    <option key={v.revision} value={v.revision}>
                      #{v.revision}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                with{" "}
                <select
                  aria-label="To version"
                  value={to ?? ""}
                  onChange={(e) => setPair({ from: from ?? list[1]!.revision, to: Number(e.target.value) })}
                >
                  {list.map((v) => (
                    <option key={v.revision} value={v.revision}>
                      #{v.revision}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          )}
          {diff.data && (
            <ul aria-label="Changes between the versions" data-testid="contract-diff">
              {diff.data.changes.length === 0 && <li>No differences.</li>}
              {diff.data.changes.map((c) => (
                <li key={c.path}>
                  <code>{c.path}</code>: {show(c.before).slice(0, 120)} → {show(c.after).slice(0, 120)}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </details>
  );
}
