"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { importAsyncApi } from "@/lib/publishing/api-client";

/** Owners turn an AsyncAPI 3.0 document's Kafka channels into new ports: preview, then confirm. */
export function AsyncApiImport({ slug }: { slug: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const plan = useMutation({ mutationFn: () => importAsyncApi(slug, text, true) });
  const apply = useMutation({
    mutationFn: () => importAsyncApi(slug, text, false),
    onSuccess: () => router.refresh(),
  });
  const result = apply.data ?? plan.data;
  const error = plan.error ?? apply.error;
  if (!open)
    return (
      <button type="button" className="btn" onClick={() => setOpen(true)}>
        Import AsyncAPI channels…
      </button>
    );
  return (
    <div className="stack" data-testid="asyncapi-import">
      <textarea
        aria-label="AsyncAPI 3.0 document (YAML or JSON)"
        className="editor"
        rows={10}
        placeholder="Paste an AsyncAPI 3.0 document: each Kafka channel becomes a new port of this product"
        value={text}
        spellCheck={false}
        onChange={(e) => {
          setText(e.target.value);
          plan.reset();
          apply.reset();
        }}
      />
      {error && (
        <p className="alert alert-error small" role="alert">
          {error.message}
        </p>
      )}
      {result && (
        <ul className="small" aria-label="Channels">
          {result.channels.map((c) => (
            <li key={c.channel}>
              <code>{c.topic}</code> → {c.action === "skip" ? "skipped" : `port ${c.port}`} ({c.action}):{" "}
              {c.detail}
            </li>
          ))}
        </ul>
      )}
      <div className="row">
        <button
          type="button"
          className="btn"
          disabled={!text.trim() || plan.isPending}
          onClick={() => plan.mutate()}
        >
          {plan.isPending ? "Checking…" : "Preview ports"}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={
            !plan.data ||
            !plan.data.channels.some((c) => c.action === "create") ||
            apply.isPending ||
            Boolean(apply.data)
          }
          onClick={() => apply.mutate()}
        >
          {apply.isPending ? "Creating ports…" : "Create the ports"}
        </button>
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
    </div>
  );
}
