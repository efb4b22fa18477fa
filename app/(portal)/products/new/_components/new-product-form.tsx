"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createProduct } from "@/lib/publishing/api-client";
import { slugify } from "@/lib/publishing/schemas";

interface Props {
  domains: { slug: string; name: string }[];
  teams: { slug: string; name: string; domain: string | null }[];
  kinds: { value: string; label: string }[];
  initialDomain: string;
}

const DOCS_TEMPLATE = `## Purpose
What the product is for and who should use it.

## Semantics
What one record means, keys, and how late data is handled.
`;

/** Name, domain, kind, owner team, summary, docs and tags; the slug follows the name until edited. */
export function NewProductForm({ domains, teams, kinds, initialDomain }: Props) {
  const router = useRouter();
  const firstTeam = teams.find((t) => t.domain === initialDomain) ?? teams[0]!;
  const [name, setName] = useState("");
  const [slug, setSlug] = useState<string | null>(null);
  const [domain, setDomain] = useState(initialDomain || firstTeam.domain || domains[0]?.slug || "");
  const [team, setTeam] = useState(firstTeam.slug);
  const [kind, setKind] = useState(kinds[0]!.value);
  const [summary, setSummary] = useState("");
  const [description, setDescription] = useState(DOCS_TEMPLATE);
  const [tags, setTags] = useState("");
  const effectiveSlug = slug ?? slugify(name);
  const create = useMutation({
    mutationFn: () =>
      createProduct({
        name,
        slug: effectiveSlug,
        domain,
        kind: kind as "AGGREGATE",
        ownerTeam: team,
        summary,
        description,
        tags: tags
          .split(",")
          .map((t) => t.trim().toLowerCase())
          .filter(Boolean),
      }),
    onSuccess: (created) => router.push(`/products/${created.slug}?created=1`),
  });
  return (
    <form
      className="stack card"
      aria-label="New data product"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <label className="field">
        Name
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          minLength={3}
          maxLength={80}
          autoFocus
        />
      </label>
      <label className="field">
        Slug <span className="muted small">(its address: /products/{effectiveSlug || "…"})</span>
        <input
          value={effectiveSlug}
          onChange={(e) => setSlug(e.target.value)}
          pattern="[a-z0-9][a-z0-9-]*"
          required
        />
      </label>
      <div className="row">
        <label className="field">
          Domain
          <select value={domain} onChange={(e) => setDomain(e.target.value)} required>
            {domains.map((d) => (
              <option key={d.slug} value={d.slug}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Owner team
          <select value={team} onChange={(e) => setTeam(e.target.value)} required>
            {teams.map((t) => (
              <option key={t.slug} value={t.slug}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            {kinds.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="field">
        Summary <span className="muted small">(one line, shown in search results)</span>
        <input value={summary} onChange={(e) => setSummary(e.target.value)} required maxLength={300} />
      </label>
      <label className="field">
        Documentation (markdown)
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={8} />
      </label>
      <label className="field">
        Tags <span className="muted small">(comma-separated)</span>
        <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder="orders, returns" />
      </label>
      {create.error && (
        <p className="alert alert-error" role="alert">
          {create.error.message}
        </p>
      )}
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create draft"}
        </button>
      </div>
    </form>
  );
}
