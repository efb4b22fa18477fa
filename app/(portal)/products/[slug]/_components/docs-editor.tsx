"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError } from "@/lib/api/fetch-json";
import { fetchProductRevision, previewMarkdown, updateProduct } from "@/lib/catalog/api-client";

interface Props {
  slug: string;
  /** Sanitized HTML of the saved docs, rendered on the server. */
  html: string;
  markdown: string;
  revision: number;
  canEdit: boolean;
}

/**
 * The product's documentation, and for its owners an editor with a preview. A save carries the
 * revision the editor started from; when a colleague saved in between, the server answers 409
 * and the user's text stays in the box, next to their colleague's version.
 */
export function DocsEditor({ slug, html, markdown, revision, canEdit }: Props) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [tab, setTab] = useState<"write" | "preview">("write");
  const [text, setText] = useState(markdown);
  const [baseRevision, setBaseRevision] = useState(revision);
  const [preview, setPreview] = useState<string | null>(null);
  const [theirs, setTheirs] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: () => updateProduct(slug, { revision: baseRevision, description: text }),
    onSuccess: () => {
      setEditing(false);
      setTheirs(null);
      router.refresh();
    },
    onError: async (err) => {
      if (err instanceof ApiError && err.status === 409) {
        const latest = await fetchProductRevision(slug).catch(() => null);
        if (latest) setTheirs(latest.description);
      }
    },
  });
  const showPreview = useMutation({
    mutationFn: () => previewMarkdown(text),
    onSuccess: (r) => setPreview(r.html),
  });

  function start() {
    setText(markdown);
    setBaseRevision(revision);
    setTheirs(null);
    save.reset();
    setTab("write");
    setEditing(true);
  }

  async function overwriteTheirs() {
    const latest = await fetchProductRevision(slug);
    setBaseRevision(latest.revision);
    setTheirs(null);
    save.reset();
  }

  if (!editing) {
    return (
      <>
        {markdown ? (
          <div data-testid="product-docs" dangerouslySetInnerHTML={{ __html: html }} />
        ) : (
          <p className="muted">No documentation yet.{canEdit ? " Owners can write it here." : ""}</p>
        )}
        {canEdit && (
          <button type="button" className="btn" onClick={start}>
            Edit documentation
          </button>
        )}
      </>
    );
  }

  const conflict = save.error instanceof ApiError && save.error.status === 409;
  return (
    <div className="stack" data-testid="docs-editor">
      <div className="tabs" role="tablist" aria-label="Editor">
        <button
          type="button"
          role="tab"
          aria-selected={tab === "write"}
          className="tab"
          onClick={() => setTab("write")}
        >
          Write
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === "preview"}
          className="tab"
          onClick={() => {
            setTab("preview");
            showPreview.mutate();
          }}
        >
          Preview
        </button>
      </div>
      {tab === "write" ? (
        <textarea
          aria-label="Documentation (markdown)"
          className="editor"
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={18}
          onKeyDown={(e) => {
            if ((e.ctrlKey || e.metaKey) && e.key === "Enter") save.mutate();
          }}
        />
      ) : (
        <div className="preview" data-testid="docs-preview">
          {showPreview.isPending ? (
            <p className="muted">Rendering…</p>
          ) : (
            <div dangerouslySetInnerHTML={{ __html: preview ?? "" }} />
          )}
        </div>
      )}
      {conflict && (
        <div className="alert alert-error" role="alert" data-testid="docs-conflict">
          <p>{save.error?.message}</p>
          {theirs !== null && (
            <details>
              <summary>Their version</summary>
              <pre className="small">{theirs}</pre>
            </details>
          )}
          <button type="button" className="btn" onClick={() => void overwriteTheirs()}>
            Keep my text and save over theirs
          </button>
        </div>
      )}
      {save.error && !conflict && (
        <p className="alert alert-error" role="alert">
          {save.error.message}
        </p>
      )}
      <div className="row">
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => save.mutate()}
          disabled={save.isPending || conflict}
        >
          {save.isPending ? "Saving…" : "Save"}
        </button>
        <button type="button" className="btn" onClick={() => setEditing(false)}>
          Cancel
        </button>
        <span className="muted small">Markdown · Ctrl+Enter saves · raw HTML is removed when shown</span>
      </div>
    </div>
  );
}
