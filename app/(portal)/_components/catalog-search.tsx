"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { KindBadge, LifecycleBadge } from "@/components/catalog/badges";
import { searchParamsToObject } from "@/lib/api/search-params";
import { useProductSearch } from "@/lib/catalog/use-product-search";
import {
  COUNT_CAP,
  FACET_KEYS,
  HIGHLIGHT_END,
  HIGHLIGHT_START,
  ProductSearchSchema,
  SORTS,
  searchToParams,
  type FacetKey,
  type ProductSearch,
} from "@/lib/catalog/schemas";

const FACET_TITLES: Record<FacetKey, string> = {
  domain: "Domain",
  kind: "Kind",
  owner: "Owner team",
  tag: "Tag",
  portType: "Port type",
};
const SORT_LABELS: Record<(typeof SORTS)[number], string> = {
  relevance: "Relevance",
  name: "Name",
  updated: "Recently updated",
};
const DEBOUNCE_MS = 200;

/** Text with the server's highlight markers shown as <mark>; everything stays text (no HTML). */
function Highlighted({ text }: { text: string }) {
  const parts = text.split(new RegExp(`(${HIGHLIGHT_START}[^${HIGHLIGHT_END}]*${HIGHLIGHT_END})`, "u"));
  return (
    <>
      {parts.map((part, i) =>
        part.startsWith(HIGHLIGHT_START) ? <mark key={i}>{part.slice(1, -1)}</mark> : part,
      )}
    </>
  );
}

function searchFromUrl(): ProductSearch {
  const parsed = ProductSearchSchema.safeParse(
    searchParamsToObject(new URLSearchParams(window.location.search)),
  );
  return parsed.success ? parsed.data : ProductSearchSchema.parse({});
}

export function CatalogSearch({
  initialSearch,
  invalidUrl,
}: {
  initialSearch: ProductSearch;
  invalidUrl: boolean;
}) {
  const router = useRouter();
  const [search, setSearch] = useState<ProductSearch>(initialSearch);
  const [text, setText] = useState(initialSearch.q);
  const [active, setActive] = useState(-1);
  const inputRef = useRef<HTMLInputElement>(null);
  const { data, isFetching, isPlaceholderData, isError, error, refetch } = useProductSearch(search);

  // URL holds the state: replace it (no server round trip) whenever the search changes.
  useEffect(() => {
    const qs = searchToParams(search).toString();
    const url = qs ? `/?${qs}` : "/";
    if (url !== window.location.pathname + window.location.search) window.history.replaceState(null, "", url);
  }, [search]);

  // Typing updates the search after a short pause; a new text starts again at page 1.
  useEffect(() => {
    if (text.trim() === search.q) return;
    const timer = setTimeout(() => setSearch((s) => ({ ...s, q: text.trim(), page: 1 })), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, search.q]);

  useEffect(() => {
    const onPop = () => {
      const s = searchFromUrl();
      setSearch(s);
      setText(s.q);
    };
    const onKey = (e: globalThis.KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key === "/" && target?.tagName !== "INPUT" && target?.tagName !== "TEXTAREA") {
        e.preventDefault();
        inputRef.current?.focus();
      }
    };
    window.addEventListener("popstate", onPop);
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("popstate", onPop);
      window.removeEventListener("keydown", onKey);
    };
  }, []);

  useEffect(() => setActive(-1), [data]);

  const items = data?.items ?? [];
  const total = data?.total ?? 0;
  const totalLabel = data?.totalCapped ? `${COUNT_CAP.toLocaleString("en")}+` : String(total);
  const pages = Math.max(1, Math.ceil(total / (data?.pageSize ?? 20)));
  const filtersActive = FACET_KEYS.some((k) => search[k].length > 0);

  function toggleFacet(key: FacetKey, value: string) {
    setSearch((s) => {
      const current = s[key] as string[];
      const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
      return { ...s, [key]: next, page: 1 };
    });
  }

  function clearFilters() {
    setSearch((s) => ({ ...s, domain: [], kind: [], owner: [], tag: [], portType: [], page: 1 }));
  }

  function onSearchKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((i) => Math.min(items.length - 1, i + 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((i) => Math.max(-1, i - 1));
    } else if (e.key === "Enter") {
      const target = items[active];
      if (target) router.push(`/products/${target.slug}`);
      else setSearch((s) => ({ ...s, q: text.trim(), page: 1 }));
    } else if (e.key === "Escape") {
      setText("");
    }
  }

  return (
    <div className="catalog">
      <aside className="facets card" aria-label="Filters">
        {FACET_KEYS.map((key) => {
          const buckets = data?.facets[key] ?? [];
          return (
            <fieldset key={key} className="facet">
              <legend>{FACET_TITLES[key]}</legend>
              {buckets.length === 0 && <span className="muted small">—</span>}
              {buckets.slice(0, key === "tag" ? 12 : 20).map((b) => {
                const checked = (search[key] as string[]).includes(b.value);
                return (
                  <label key={b.value} className={b.count === 0 && !checked ? "empty" : undefined}>
                    <input
                      type="checkbox"
                      checked={checked}
                      onChange={() => toggleFacet(key, b.value)}
                      data-facet={key}
                      value={b.value}
                    />
                    {b.label}
                    <span className="count">{b.count}</span>
                  </label>
                );
              })}
            </fieldset>
          );
        })}
        {filtersActive && (
          <button type="button" className="btn" onClick={clearFilters}>
            Clear filters
          </button>
        )}
        {data?.facetsApproximate && (
          <p className="muted small" data-testid="facets-approximate">
            Counts from the first {COUNT_CAP.toLocaleString("en")} matches.
          </p>
        )}
      </aside>

      <section aria-label="Data products">
        <div className="search-bar" role="search">
          <input
            ref={inputRef}
            type="search"
            aria-label="Search data products"
            placeholder="Search data products, tags, fields…  (press / to focus)"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onSearchKey}
            aria-controls="results"
            aria-activedescendant={active >= 0 ? `result-${active}` : undefined}
            autoFocus
          />
          <label className="muted small" htmlFor="sort">
            Sort
          </label>
          <select
            id="sort"
            value={search.sort ?? (search.q ? "relevance" : "name")}
            onChange={(e) =>
              setSearch((s) => ({ ...s, sort: e.target.value as ProductSearch["sort"], page: 1 }))
            }
          >
            {SORTS.map((s) => (
              <option key={s} value={s} disabled={s === "relevance" && !search.q}>
                {SORT_LABELS[s]}
              </option>
            ))}
          </select>
          <label className="muted small">
            <input
              type="checkbox"
              checked={search.retired}
              onChange={(e) => setSearch((s) => ({ ...s, retired: e.target.checked, page: 1 }))}
            />{" "}
            Retired too
          </label>
          <Link
            className="btn btn-primary"
            href={`/products/new${search.domain.length === 1 ? `?domain=${search.domain[0]}` : ""}`}
          >
            New data product
          </Link>
        </div>
        {isFetching ? <div className="loading-bar" aria-hidden /> : <div style={{ height: 2 }} />}
        {invalidUrl && (
          <p className="alert alert-error small">Some filters in the link were not valid and were ignored.</p>
        )}
        <div className="results-meta" aria-live="polite">
          {data && isPlaceholderData && <span>Searching…</span>}
          {data && !isPlaceholderData && (
            <span data-testid="result-count">
              {total === 0 ? "No data products" : `${totalLabel} data product${total === 1 ? "" : "s"}`}
              {search.q && ` for “${data.didYouMean ?? search.q}”`}
            </span>
          )}
        </div>
        {data?.mode === "fuzzy" && data.didYouMean && (
          <p className="alert alert-info small" data-testid="did-you-mean">
            Nothing matches “{search.q}”. Showing results for <strong>“{data.didYouMean}”</strong>.{" "}
            <button type="button" className="btn-link" onClick={() => setText(data.didYouMean ?? "")}>
              Search for “{data.didYouMean}” instead
            </button>
          </p>
        )}

        {isError && (
          <div className="alert alert-error" role="alert">
            Search failed: {error.message}{" "}
            <button type="button" className="btn" onClick={() => void refetch()}>
              Try again
            </button>
          </div>
        )}
        {!data && !isError && [0, 1, 2, 3].map((i) => <div key={i} className="skeleton" />)}

        {data && items.length === 0 && (
          <div className="empty-state card">
            <p>
              <strong>
                Nothing matches{search.q ? ` “${search.q}”` : ""}
                {filtersActive ? " with these filters" : ""}.
              </strong>
            </p>
            <div className="row" style={{ justifyContent: "center" }}>
              {filtersActive && (
                <button type="button" className="btn" onClick={clearFilters}>
                  Clear filters
                </button>
              )}
              {search.q && (
                <button type="button" className="btn" onClick={() => setText("")}>
                  Clear the search text
                </button>
              )}
            </div>
            <p className="small">
              Search matches names, tags, domains, owner teams, documentation and schema field names; the last
              word may be a prefix.
            </p>
          </div>
        )}

        <ul
          id="results"
          className="result-list"
          role="listbox"
          aria-label="Results"
          aria-busy={isPlaceholderData}
        >
          {items.map((p, i) => (
            <li key={p.id} role="presentation">
              <Link
                id={`result-${i}`}
                role="option"
                aria-selected={i === active}
                href={`/products/${p.slug}`}
                className="result"
                data-testid="product-result"
              >
                <h2>{p.highlight ? <Highlighted text={p.highlight.name} /> : p.name}</h2>
                <div className="row small">
                  <KindBadge kind={p.kind} />
                  <LifecycleBadge lifecycle={p.lifecycle} />
                  {p.checks !== "not_evaluated" && (
                    <span
                      className={`badge badge-check-${p.checks}`}
                      data-testid="result-checks"
                      title="Its contracts, checked on the live stream"
                    >
                      {p.checks === "failing" ? "✗ contract failing" : "✓ contract passing"}
                    </span>
                  )}
                  <span className="muted">
                    {p.domain.name} · owned by {p.ownerTeam.name}
                  </span>
                </div>
                {p.lifecycle === "DEPRECATED" && (
                  <p className="small deprecation-note" data-testid="result-deprecation">
                    Deprecated{p.sunsetAt ? ` — sunset ${p.sunsetAt.slice(0, 10)}` : ""}: take no new
                    dependency on it.
                  </p>
                )}
                <p>
                  {p.highlight?.snippet.includes(HIGHLIGHT_START) ? (
                    <Highlighted text={p.highlight.snippet} />
                  ) : (
                    p.summary
                  )}
                </p>
                <div className="row">
                  {p.tags.map((t) => (
                    <span key={t} className="tag">
                      {t}
                    </span>
                  ))}
                </div>
              </Link>
            </li>
          ))}
        </ul>

        {pages > 1 && (
          <nav className="pager" aria-label="Pages">
            <button
              type="button"
              className="btn"
              disabled={search.page <= 1}
              onClick={() => setSearch((s) => ({ ...s, page: s.page - 1 }))}
            >
              ← Previous
            </button>
            <span className="muted small">
              Page {search.page} of {pages}
            </span>
            <button
              type="button"
              className="btn"
              disabled={search.page >= pages}
              onClick={() => setSearch((s) => ({ ...s, page: s.page + 1 }))}
            >
              Next →
            </button>
          </nav>
        )}
      </section>
    </div>
  );
}
