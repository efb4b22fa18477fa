"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { ClassificationBadge } from "@/components/catalog/badges";
import { InlineCode } from "@/components/inline-code";
import { addSchemaVersion, fetchSchemaVersions } from "@/lib/catalog/api-client";
import { catalogKeys } from "@/lib/catalog/query-keys";
import { diffFields } from "@/lib/catalog/schema-compat";
import type { FlatField } from "@/lib/catalog/schema-fields";
import { localDateTime } from "@/lib/core/time";
import type { SchemaFormat } from "@/lib/generated/prisma/enums";

interface Props {
  portId: string;
  compatibility: string;
  currentVersion: number | null;
  /** The current version's fields, rendered on the server so the table needs no request. */
  fields: FlatField[];
  canEdit: boolean;
}

function FieldsTable({ fields }: { fields: FlatField[] }) {
  return (
    <table className="schema-table small">
      <thead>
        <tr>
          <th>Field</th>
          <th>Type</th>
          <th>Description</th>
          <th>Class</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => (
          <tr key={f.path}>
            <td>
              {f.path}
              {f.required && <span title="required"> *</span>}
            </td>
            <td>{f.type}</td>
            <td>
              <InlineCode text={f.description} />
            </td>
            <td>
              <ClassificationBadge classification={f.classification} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A port's schema: the current fields, the version history with a readable diff between any two
 * versions, and for owners a form to add a version (refused when it breaks the compatibility mode).
 */
export function SchemaPanel({ portId, compatibility, currentVersion, fields, canEdit }: Props) {
  const [view, setView] = useState<"fields" | "history" | "new">("fields");
  const history = useQuery({
    queryKey: catalogKeys.schemaVersions(portId),
    queryFn: ({ signal }) => fetchSchemaVersions(portId, signal),
    enabled: view !== "fields",
  });
  const versions = history.data?.versions ?? [];
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const fromV = versions.find((v) => v.version === (from ?? versions[1]?.version ?? versions[0]?.version));
  const toV = versions.find((v) => v.version === (to ?? versions[0]?.version));
  const diff = useMemo(() => (fromV && toV ? diffFields(fromV.fields, toV.fields) : []), [fromV, toV]);

  return (
    <div className="schema-panel" data-testid="schema-panel">
      <div className="row small">
        <span>
          {currentVersion ? `Schema v${currentVersion}` : "No schema"} · compatibility{" "}
          <strong>{compatibility.toLowerCase()}</strong>
        </span>
        <div className="tabs" role="tablist" aria-label="Schema">
          <button
            type="button"
            role="tab"
            className="tab"
            aria-selected={view === "fields"}
            onClick={() => setView("fields")}
          >
            Fields
          </button>
          <button
            type="button"
            role="tab"
            className="tab"
            aria-selected={view === "history"}
            onClick={() => setView("history")}
          >
            History & diff
          </button>
          {canEdit && (
            <button
              type="button"
              role="tab"
              className="tab"
              aria-selected={view === "new"}
              onClick={() => setView("new")}
            >
              New version
            </button>
          )}
        </div>
      </div>
      {view === "fields" &&
        (fields.length > 0 ? (
          <FieldsTable fields={fields} />
        ) : (
          <p className="muted small">No schema registered.</p>
        ))}
      {view !== "fields" && history.isPending && <p className="muted small">Loading versions…</p>}
      {view !== "fields" && history.isError && (
        <p className="alert alert-error small" role="alert">
          {history.error.message}
        </p>
      )}
      {view === "history" && history.data && (
        <div className="stack">
          <ol className="versions small" data-testid="schema-versions">
            {versions.map((v) => (
              <li key={v.version}>
                <strong>v{v.version}</strong> · {localDateTime(v.createdAt)}
                {v.createdBy ? ` · ${v.createdBy}` : ""}{" "}
                {v.changeNote && <span className="muted">— {v.changeNote}</span>}
              </li>
            ))}
          </ol>
          {versions.length > 1 ? (
            <>
              <div className="row small">
                <VersionSelect
                  label="Compare"
                  ariaLabel="From version"
                  versions={versions}
                  value={fromV?.version}
                  onChange={setFrom}
                />
                <VersionSelect
                  label="with"
                  ariaLabel="To version"
                  versions={versions}
                  value={toV?.version}
                  onChange={setTo}
                />
              </div>
              {diff.length === 0 ? (
                <p className="muted small">No field differs.</p>
              ) : (
                <ul className="diff small" data-testid="schema-diff">
                  {diff.map((c) => (
                    <li key={`${c.kind}:${c.path}`} className={`diff-${c.kind}`}>
                      <code>
                        {c.kind === "added" ? "+" : c.kind === "removed" ? "−" : "~"} {c.path}
                      </code>{" "}
                      {c.details.join("; ")}
                    </li>
                  ))}
                </ul>
              )}
            </>
          ) : (
            <p className="muted small">Only one version so far.</p>
          )}
        </div>
      )}
      {view === "new" && history.data && (
        <NewVersionForm portId={portId} latest={versions[0]} onDone={() => setView("history")} />
      )}
    </div>
  );
}

function VersionSelect(props: {
  label: string;
  ariaLabel: string;
  versions: { version: number }[];
  value: number | undefined;
  onChange: (v: number) => void;
}) {
  return (
    <label>
      {props.label}{" "}
      <select
        aria-label={props.ariaLabel}
        value={props.value}
        onChange={(e) => props.onChange(Number(e.target.value))}
      >
        {props.versions.map((v) => (
          <option key={v.version} value={v.version}>
            v{v.version}
          </option>
        ))}
      </select>
    </label>
  );
}

function NewVersionForm({
  portId,
  latest,
  onDone,
}: {
  portId: string;
  latest: { format: SchemaFormat; definition: unknown } | undefined;
  onDone: () => void;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [format, setFormat] = useState<SchemaFormat>(latest?.format ?? "JSON_SCHEMA");
  const [text, setText] = useState(
    latest ? JSON.stringify(latest.definition, null, 2) : '{\n  "type": "object",\n  "properties": {}\n}',
  );
  const [changeNote, setChangeNote] = useState("");
  const [parseError, setParseError] = useState<string | null>(null);
  const submit = useMutation({
    mutationFn: (definition: Record<string, unknown>) =>
      addSchemaVersion(portId, { format, definition, changeNote }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: catalogKeys.schemaVersions(portId) });
      router.refresh();
      onDone();
    },
  });

  function onSubmit() {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
        throw new Error("The schema must be a JSON object");
      setParseError(null);
      submit.mutate(parsed as Record<string, unknown>);
    } catch (err) {
      setParseError(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <label className="small">
        Format{" "}
        <select value={format} onChange={(e) => setFormat(e.target.value as SchemaFormat)}>
          <option value="JSON_SCHEMA">JSON Schema</option>
          <option value="AVRO">Avro</option>
        </select>
      </label>
      <textarea
        aria-label="Schema definition (JSON)"
        className="editor"
        rows={14}
        value={text}
        onChange={(e) => setText(e.target.value)}
        spellCheck={false}
      />
      <input
        aria-label="Change note"
        placeholder="What changed (optional)"
        value={changeNote}
        onChange={(e) => setChangeNote(e.target.value)}
      />
      {(parseError ?? submit.error) && (
        <p className="alert alert-error small" role="alert" data-testid="schema-error">
          {parseError ?? submit.error?.message}
        </p>
      )}
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={submit.isPending}>
          {submit.isPending ? "Checking compatibility…" : "Add version"}
        </button>
      </div>
    </form>
  );
}
