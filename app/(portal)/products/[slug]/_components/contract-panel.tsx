"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { importContract, type ContractImportResult } from "@/lib/catalog/api-client";
import { AsyncApiImport } from "./asyncapi-import";

const MATCHED_BY = {
  "contract-id": "its contract id",
  address: "the topic / physical name it names",
  chosen: "your choice",
  "new-port": "a new port",
} as const;

/**
 * Data contracts in and out, one per output port: download every port's ODCS contract; import an
 * ODCS v3 or DCS document by upload or paste, see which port it goes onto and what changes (a dry
 * run on the server), choose the port when nothing matches, then confirm.
 */
export function ContractPanel({
  slug,
  canEdit,
  ports,
}: {
  slug: string;
  canEdit: boolean;
  ports: { id: string; name: string }[];
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [yaml, setYaml] = useState("");
  const [port, setPort] = useState("");
  const [preview, setPreview] = useState<ContractImportResult["preview"] | null>(null);
  const dryRun = useMutation({
    mutationFn: (choice: string) => importContract(slug, yaml, true, choice || undefined),
    onSuccess: (r) => setPreview(r.preview),
  });
  const apply = useMutation({
    mutationFn: () => importContract(slug, yaml, false, port || undefined),
    onSuccess: () => {
      setOpen(false);
      setPreview(null);
      setYaml("");
      setPort("");
      router.refresh();
    },
  });
  const error = dryRun.error ?? apply.error;
  const nothingChanges =
    preview && preview.match && preview.contract.length === 0 && preview.port?.action === "unchanged";
  const reset = () => {
    setPreview(null);
    setPort("");
  };

  return (
    <div className="stack" data-testid="contract-panel">
      <div className="row">
        <a
          className="btn"
          href={`/api/v1/products/${slug}/contract?format=odcs`}
          download={`${slug}.odcs.yaml`}
        >
          Export all contracts (ODCS v3)
        </a>
        <a
          className="btn"
          href={`/api/v1/products/${slug}?format=asyncapi`}
          download={`${slug}.asyncapi.yaml`}
        >
          AsyncAPI 3.0
        </a>
        <a className="btn" href={`/api/v1/products/${slug}?format=odps`} download={`${slug}.odps.yaml`}>
          ODPS 1.0
        </a>
        {canEdit && !open && (
          <button type="button" className="btn" onClick={() => setOpen(true)}>
            Import a contract…
          </button>
        )}
      </div>
      {canEdit && !open && <AsyncApiImport slug={slug} />}
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
                  reset();
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
              reset();
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
                {preview.format === "odcs" ? "ODCS" : "Data Contract Specification"}
                {preview.contractId ? ` ${preview.contractId}` : ""} — what will change
              </strong>
              {preview.match ? (
                <p data-testid="contract-match">
                  Goes onto{" "}
                  {preview.match.by === "new-port" ? (
                    <>
                      a <strong>new port {preview.match.portName}</strong> at{" "}
                      <code>{preview.match.address}</code>
                    </>
                  ) : (
                    <>
                      port <strong>{preview.match.portName}</strong> (<code>{preview.match.address}</code>)
                    </>
                  )}
                  , found by {MATCHED_BY[preview.match.by]}.
                </p>
              ) : (
                <p>
                  No port of this product has the contract&apos;s id or names its topic or table: choose one.
                </p>
              )}
              {(!preview.match || preview.match.by === "chosen" || preview.match.by === "new-port") && (
                <label>
                  Port{" "}
                  <select
                    aria-label="Port for the contract"
                    value={port}
                    onChange={(e) => {
                      setPort(e.target.value);
                      dryRun.mutate(e.target.value);
                    }}
                  >
                    <option value="">Choose…</option>
                    {ports.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>
                    ))}
                    <option value="new">A new port (from the contract)</option>
                  </select>
                </label>
              )}
              {nothingChanges && <p>Nothing: the contract matches the port.</p>}
              {preview.contract.length > 0 && (
                <ul aria-label="Contract changes">
                  {preview.contract.map((c) => (
                    <li key={c.field}>
                      <code>{c.field}</code>: {c.before.slice(0, 80)} → {c.after.slice(0, 80)}
                    </li>
                  ))}
                </ul>
              )}
              {preview.port && (
                <p>
                  Port: {preview.port.action}
                  {preview.port.changes.length > 0 && ` (${preview.port.changes.join("; ")})`}
                  {preview.port.schema.toVersion !== preview.port.schema.fromVersion &&
                    ` · schema v${preview.port.schema.toVersion}`}
                </p>
              )}
              {preview.port && preview.port.schema.changes.length > 0 && (
                <ul>
                  {preview.port.schema.changes.map((c) => (
                    <li key={`${c.kind}:${c.path}`}>
                      <code>{c.path}</code> {c.kind} {c.details.join("; ")}
                    </li>
                  ))}
                </ul>
              )}
              {/* Without a match the chooser above says what to do; the rest are refusals. */}
              {(preview.match ? preview.violations : preview.violations.slice(1)).map((v) => (
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
              onClick={() => dryRun.mutate(port)}
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
