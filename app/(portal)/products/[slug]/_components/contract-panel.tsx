"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { importContract, type ContractImportResult } from "@/lib/catalog/api-client";

/**
 * Data contract in and out: export as ODCS v3; import ODCS v3 or DCS by upload or paste, see
 * what would change (a dry run on the server), then confirm.
 */
export function ContractPanel({ slug, canEdit }: { slug: string; canEdit: boolean }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [yaml, setYaml] = useState("");
  const [preview, setPreview] = useState<ContractImportResult["preview"] | null>(null);
  const dryRun = useMutation({
    mutationFn: () => importContract(slug, yaml, true),
    onSuccess: (r) => setPreview(r.preview),
  });
  const apply = useMutation({
    mutationFn: () => importContract(slug, yaml, false),
    onSuccess: () => {
      setOpen(false);
      setPreview(null);
      setYaml("");
      router.refresh();
    },
  });
  const error = dryRun.error ?? apply.error;
  const nothingChanges =
    preview && preview.product.length === 0 && preview.ports.every((p) => p.action === "unchanged");

  return (
    <div className="stack" data-testid="contract-panel">
      <div className="row">
        <a
          className="btn"
          href={`/api/v1/products/${slug}/contract?format=odcs`}
          download={`${slug}.odcs.yaml`}
        >
          Export ODCS v3
        </a>
        {canEdit && !open && (
          <button type="button" className="btn" onClick={() => setOpen(true)}>
            Import a contract…
          </button>
        )}
      </div>
      {open && (
        <div className="stack">
          <label className="small">
            Upload a YAML file (ODCS v3 or Data Contract Specification){" "}
            <input
              type="file"
              accept=".yaml,.yml,application/yaml,text/yaml"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                if (file) {
                  setYaml(await file.text());
                  setPreview(null);
                }
              }}
            />
          </label>
          <textarea
            aria-label="Contract (YAML)"
            className="editor"
            rows={12}
            placeholder="…or paste it here"
            value={yaml}
            spellCheck={false}
            onChange={(e) => {
              setYaml(e.target.value);
              setPreview(null);
            }}
          />
          {error && (
            <p className="alert alert-error small" role="alert" data-testid="contract-error">
              {error.message}
            </p>
          )}
          {preview && (
            <div className="card small" data-testid="contract-preview">
              <strong>
                {preview.format === "odcs" ? "ODCS" : "Data Contract Specification"} — what will change
              </strong>
              {nothingChanges && <p>Nothing: the contract matches the product.</p>}
              {preview.product.length > 0 && (
                <ul>
                  {preview.product.map((c) => (
                    <li key={c.field}>{c.field} changes</li>
                  ))}
                </ul>
              )}
              <ul>
                {preview.ports.map((p) => (
                  <li key={p.name}>
                    Port <strong>{p.name}</strong>: {p.action}
                    {p.changes.length > 0 && ` (${p.changes.join("; ")})`}
                    {p.schema.toVersion !== p.schema.fromVersion && ` · schema v${p.schema.toVersion}`}
                    {p.schema.changes.length > 0 && (
                      <ul>
                        {p.schema.changes.map((c) => (
                          <li key={`${c.kind}:${c.path}`}>
                            <code>{c.path}</code> {c.kind} {c.details.join("; ")}
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ul>
              {preview.violations.map((v) => (
                <p key={v} className="alert alert-error" role="alert">
                  {v}
                </p>
              ))}
            </div>
          )}
          <div className="row">
            <button
              type="button"
              className="btn"
              disabled={!yaml.trim() || dryRun.isPending}
              onClick={() => dryRun.mutate()}
            >
              {dryRun.isPending ? "Checking…" : "Preview changes"}
            </button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={
                !preview || preview.violations.length > 0 || Boolean(nothingChanges) || apply.isPending
              }
              onClick={() => apply.mutate()}
            >
              {apply.isPending ? "Importing…" : "Confirm import"}
            </button>
            <button type="button" className="btn" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
