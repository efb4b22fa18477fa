"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { createToken, fetchTokenActivity, fetchTokens, revokeToken } from "@/lib/auth/api-client";
import { accessKeys } from "@/lib/access/query-keys";
import {
  DEFAULT_TOKEN_SCOPES,
  isTokenScope,
  SCOPE_LABELS,
  TOKEN_SCOPES,
  type TokenScope,
} from "@/lib/auth/scopes";
import { utcMinute } from "@/lib/core/time";

/** The scopes an AI assistant needs to search, read and sample events (add Request access to let it file requests). */
const ASSISTANT_SCOPES: TokenScope[] = ["mcp", "read"];

export function TokenManager({ mcpUrl }: { mcpUrl: string }) {
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: accessKeys.tokens(), queryFn: ({ signal }) => fetchTokens(signal) });
  const [name, setName] = useState("");
  const [days, setDays] = useState(90);
  const [scopes, setScopes] = useState<TokenScope[]>([...DEFAULT_TOKEN_SCOPES]);
  const [created, setCreated] = useState<{ id: string; token: string; mcp: boolean } | null>(null);
  const create = useMutation({
    mutationFn: () => createToken(name, days, scopes),
    onSuccess: async (t) => {
      setCreated({ id: t.id, token: t.token, mcp: t.scopes.includes("mcp") });
      setName("");
      setScopes([...DEFAULT_TOKEN_SCOPES]);
      await queryClient.invalidateQueries({ queryKey: accessKeys.tokens() });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => revokeToken(id),
    onSuccess: (_, id) => setCreated((c) => (c?.id === id ? null : c)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accessKeys.tokens() }),
  });

  return (
    <div className="stack">
      <form
        className="row card"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <input
          aria-label="Token name"
          placeholder="e.g. nightly export script"
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
        />
        <label className="small">
          valid for{" "}
          <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {[7, 30, 90, 365].map((d) => (
              <option key={d} value={d}>
                {d} days
              </option>
            ))}
          </select>
        </label>
        <fieldset className="token-scopes">
          <legend className="small">
            What may it do?{" "}
            <span className="muted">Pick only what the script needs. No token can create tokens.</span>
          </legend>
          {TOKEN_SCOPES.map((scope) => (
            <label key={scope} className="small" title={SCOPE_LABELS[scope].description}>
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(e) =>
                  setScopes((list) => (e.target.checked ? [...list, scope] : list.filter((s) => s !== scope)))
                }
              />{" "}
              {SCOPE_LABELS[scope].label} <span className="muted">— {SCOPE_LABELS[scope].description}</span>
            </label>
          ))}
        </fieldset>
        <button
          type="button"
          className="btn"
          title="Read and MCP scopes: search, read products and lineage, sample events you may see"
          onClick={() => {
            setScopes([...ASSISTANT_SCOPES]);
            if (!name.trim()) setName("AI assistant");
          }}
        >
          For an AI assistant
        </button>
        <button type="submit" className="btn btn-primary" disabled={create.isPending || scopes.length === 0}>
          Create token
        </button>
      </form>
      {create.error && (
        <p className="alert alert-error" role="alert">
          {create.error.message}
        </p>
      )}
      {created && (
        <div className="alert alert-info" role="status">
          <p>Copy it now — it will not be shown again:</p>
          <code data-testid="new-token">{created.token}</code>{" "}
          <button
            type="button"
            className="btn"
            onClick={() => void navigator.clipboard?.writeText(created.token)}
          >
            Copy
          </button>
          {created.mcp && (
            <div className="stack small" data-testid="mcp-setup">
              <p>
                Point your assistant&apos;s MCP client at <code>{mcpUrl}</code> (Streamable HTTP) with this
                token as a bearer token, e.g. in its configuration:
              </p>
              <pre>
                {JSON.stringify(
                  {
                    mcpServers: {
                      meshport: {
                        type: "http",
                        url: mcpUrl,
                        headers: { Authorization: `Bearer ${created.token}` },
                      },
                    },
                  },
                  null,
                  2,
                )}
              </pre>
            </div>
          )}
        </div>
      )}
      {tokens.isPending && <div className="skeleton" />}
      {tokens.data && tokens.data.items.length === 0 && <p className="muted">No tokens yet.</p>}
      {tokens.data && tokens.data.items.length > 0 && (
        <div className="scroll-x">
          <table className="small" data-testid="tokens">
            <thead>
              <tr>
                <th>Name</th>
                <th>Starts with</th>
                <th>Scopes</th>
                <th>Expires</th>
                <th>Last used</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {tokens.data.items.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td data-testid="token-scopes">
                    {t.scopes.map((s) => (isTokenScope(s) ? SCOPE_LABELS[s].label : s)).join(", ")}
                  </td>
                  <td>{t.expiresAt?.slice(0, 10) ?? "never"}</td>
                  <td>{t.lastUsedAt ? utcMinute(t.lastUsedAt) : "—"}</td>
                  <td>
                    {t.revoked ? (
                      <span className="muted">revoked</span>
                    ) : (
                      <button
                        type="button"
                        className="btn"
                        onClick={() => {
                          if (window.confirm(`Revoke “${t.name}”? Scripts using it stop working at once.`))
                            revoke.mutate(t.id);
                        }}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AssistantActivity />
    </div>
  );
}

/** What AI assistants did with these tokens: the audit of MCP calls, newest first. */
function AssistantActivity() {
  const activity = useQuery({
    queryKey: [...accessKeys.tokens(), "activity"],
    queryFn: ({ signal }) => fetchTokenActivity(signal),
  });
  return (
    <section className="stack" aria-labelledby="assistant-activity">
      <h2 id="assistant-activity">AI assistant activity</h2>
      <p className="muted small">
        Every call an assistant makes with one of your tokens is recorded: it acts as you, so you answer for
        it.
      </p>
      {activity.isPending && <div className="skeleton" />}
      {activity.error && (
        <p className="alert alert-error" role="alert">
          {activity.error.message}
        </p>
      )}
      {activity.data && activity.data.items.length === 0 && (
        <p className="muted">No assistant has used your tokens yet.</p>
      )}
      {activity.data && activity.data.items.length > 0 && (
        <div className="scroll-x">
          <table className="small" data-testid="assistant-activity">
            <thead>
              <tr>
                <th>When</th>
                <th>Token</th>
                <th>Call</th>
                <th>Arguments</th>
                <th>Outcome</th>
              </tr>
            </thead>
            <tbody>
              {activity.data.items.map((a, i) => (
                <tr key={`${a.at}-${i}`}>
                  <td className="nowrap">{utcMinute(a.at)}</td>
                  <td>
                    {a.token.name} <code>{a.token.prefix}…</code>
                  </td>
                  <td>
                    <code>{a.name}</code>
                  </td>
                  <td>
                    <code className="docs">{JSON.stringify(a.arguments)}</code>
                  </td>
                  <td className="nowrap">
                    <span className={a.outcome === "ok" ? "" : "muted"}>{a.outcome}</span> · {a.ms} ms
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
