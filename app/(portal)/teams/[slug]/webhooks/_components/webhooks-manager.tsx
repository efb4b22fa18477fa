"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { relativeTime } from "@/components/notify/relative-time";
import {
  createWebhook,
  deleteWebhook,
  fetchDeliveries,
  fetchWebhooks,
  sendTestEvent,
  updateWebhook,
  type WebhookCreated,
  type WebhookItem,
} from "@/lib/notify/api-client";
import { NOTIFICATION_KIND_KEYS, NOTIFICATION_KINDS } from "@/lib/notify/kinds";
import { notifyKeys } from "@/lib/notify/query-keys";

// Kinds a team can hear (all but the per-person ones are team events too).
const TEAM_KINDS = NOTIFICATION_KIND_KEYS;

function NewWebhook({ team, onCreated }: { team: string; onCreated: (w: WebhookCreated) => void }) {
  const qc = useQueryClient();
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [kinds, setKinds] = useState<string[]>(["access.request_new", "contract.failing"]);
  const create = useMutation({
    mutationFn: () => createWebhook(team, { url, description, kinds }),
    onSuccess: (w) => {
      setUrl("");
      setDescription("");
      onCreated(w);
      void qc.invalidateQueries({ queryKey: notifyKeys.webhooks(team) });
    },
  });
  return (
    <form
      className="card stack small"
      aria-label="New webhook"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <h2 className="section-title">New webhook</h2>
      <label className="field">
        URL
        <input
          type="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://hooks.example.com/meshport"
          required
        />
      </label>
      <label className="field">
        Description
        <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={200} />
      </label>
      <fieldset>
        <legend>Events</legend>
        {TEAM_KINDS.map((k) => (
          <label key={k} className="row" style={{ gap: "0.3rem" }}>
            <input
              type="checkbox"
              checked={kinds.includes(k)}
              onChange={(e) => setKinds((ks) => (e.target.checked ? [...ks, k] : ks.filter((x) => x !== k)))}
            />
            {NOTIFICATION_KINDS[k].label} <span className="muted">— {NOTIFICATION_KINDS[k].description}</span>
          </label>
        ))}
      </fieldset>
      {create.error && (
        <p className="alert alert-error" role="alert">
          {create.error.message}
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={create.isPending || kinds.length === 0}>
        {create.isPending ? "Adding…" : "Add webhook"}
      </button>
    </form>
  );
}

function DeliveryLog({ team, hook }: { team: string; hook: WebhookItem }) {
  const log = useQuery({
    queryKey: notifyKeys.deliveries(team, hook.id),
    queryFn: ({ signal }) => fetchDeliveries(team, hook.id, signal),
    refetchInterval: 3000,
    staleTime: 0,
  });
  if (log.isPending) return <p className="muted small">Loading deliveries…</p>;
  if (log.error) return <p className="alert alert-error small">{log.error.message}</p>;
  if (log.data.items.length === 0)
    return <p className="muted small">No deliveries yet. Send a test event.</p>;
  return (
    <table className="small" data-testid="delivery-log">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Event</th>
          <th scope="col">Status</th>
          <th scope="col">Attempts</th>
          <th scope="col">Answers</th>
        </tr>
      </thead>
      <tbody>
        {log.data.items.map((d) => (
          <tr key={d.id} data-testid="delivery">
            <td>{relativeTime(d.createdAt)}</td>
            <td>
              <code>{d.kind}</code>
            </td>
            <td>
              {d.status === "DELIVERED" ? "delivered" : d.status === "FAILED" ? "failed" : "pending"}
              {d.nextAttemptAt && d.attempts > 0 && (
                <span className="muted"> · next try {new Date(d.nextAttemptAt).toLocaleTimeString()}</span>
              )}
            </td>
            <td>{d.attempts}</td>
            <td>
              {d.log.map((a, i) => (
                <span key={i} className="muted" title={a.error ?? ""}>
                  {i > 0 ? ", " : ""}
                  {a.statusCode ?? "no answer"} in {a.durationMs} ms
                </span>
              ))}
              {d.lastError && d.status !== "DELIVERED" && <div className="muted">{d.lastError}</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function WebhookCard({ team, hook, canManage }: { team: string; hook: WebhookItem; canManage: boolean }) {
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: notifyKeys.webhooks(team) });
    void qc.invalidateQueries({ queryKey: notifyKeys.deliveries(team, hook.id) });
  };
  const test = useMutation({ mutationFn: () => sendTestEvent(team, hook.id), onSuccess: refresh });
  const toggle = useMutation({
    mutationFn: () => updateWebhook(team, hook.id, { enabled: !hook.enabled }),
    onSuccess: refresh,
  });
  const remove = useMutation({ mutationFn: () => deleteWebhook(team, hook.id), onSuccess: refresh });
  const error = test.error ?? toggle.error ?? remove.error;
  return (
    <section className="card stack small" aria-label={`Webhook ${hook.url}`} data-testid="webhook">
      <div className="row">
        <code>{hook.url}</code>
        <span className={hook.enabled ? "badge badge-active" : "badge badge-retired"}>
          {hook.enabled ? "on" : "off"}
        </span>
        {hook.description && <span className="muted">{hook.description}</span>}
      </div>
      {!hook.enabled && hook.disabledReason && (
        <p className="alert alert-error">Turned off: {hook.disabledReason}</p>
      )}
      <p className="muted">
        Events:{" "}
        {hook.kinds
          .map((k) => NOTIFICATION_KINDS[k as keyof typeof NOTIFICATION_KINDS]?.label ?? k)
          .join(", ")}
        {hook.consecutiveFailures > 0 && ` · ${hook.consecutiveFailures} failed attempts in a row`}
      </p>
      {canManage && (
        <div className="row">
          <button type="button" className="btn" disabled={test.isPending} onClick={() => test.mutate()}>
            {test.isPending ? "Sending…" : "Send test event"}
          </button>
          <button type="button" className="btn" disabled={toggle.isPending} onClick={() => toggle.mutate()}>
            {hook.enabled ? "Turn off" : "Turn on"}
          </button>
          <button
            type="button"
            className="btn btn-ghost"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(`Delete the webhook to ${hook.url} and its delivery log?`)) remove.mutate();
            }}
          >
            Delete
          </button>
        </div>
      )}
      {test.isSuccess && (
        <p className="muted" role="status">
          Test event queued; it shows in the log below within seconds.
        </p>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error.message}
        </p>
      )}
      <details open>
        <summary>Delivery log</summary>
        <DeliveryLog team={team} hook={hook} />
      </details>
    </section>
  );
}

export function WebhooksManager({
  team,
  canManage,
}: {
  team: { slug: string; name: string };
  canManage: boolean;
}) {
  const [created, setCreated] = useState<WebhookCreated | null>(null);
  const hooks = useQuery({
    queryKey: notifyKeys.webhooks(team.slug),
    queryFn: ({ signal }) => fetchWebhooks(team.slug, signal),
    refetchInterval: 10_000,
  });
  return (
    <div className="stack">
      {created && (
        <div className="alert alert-info" role="status" data-testid="webhook-secret">
          <p>
            Webhook added. Its signing secret is shown <strong>once</strong> — store it with your receiver:
          </p>
          <code>{created.secret}</code>
          <p>
            <button type="button" className="btn btn-ghost" onClick={() => setCreated(null)}>
              I have stored it
            </button>
          </p>
        </div>
      )}
      {hooks.isPending && <p className="muted">Loading webhooks…</p>}
      {hooks.error && <p className="alert alert-error">{hooks.error.message}</p>}
      {hooks.data && hooks.data.items.length === 0 && (
        <p className="muted">{team.name} has no webhooks yet.</p>
      )}
      {hooks.data?.items.map((h) => (
        <WebhookCard key={h.id} team={team.slug} hook={h} canManage={canManage} />
      ))}
      {canManage && <NewWebhook team={team.slug} onCreated={setCreated} />}
    </div>
  );
}
