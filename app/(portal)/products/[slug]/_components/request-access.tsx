"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createAccessRequest } from "@/lib/access/api-client";
import { GRANT_EXPOSURE } from "@/lib/access/exposure";
import { addDays, isoDate } from "@/lib/core/time";

interface Props {
  portId: string;
  portName: string;
  /** The viewer's teams that could request (not the owner team). */
  teams: { slug: string; name: string }[];
  grants: { id: string; status: string; team: { slug: string; name: string }; expiresAt: string }[];
  pending: { id: string; team: { slug: string; name: string } }[];
  /** The viewer's teams' requests denied lately (newest first). */
  denied?: { id: string; team: { slug: string; name: string }; reason: string; decidedAt: string }[];
  isOwner: boolean;
  maxDays: number;
  /** The port takes no requests (a draft, deprecated or retired product, a port not live yet). */
  closed?: boolean;
}

const inDays = (days: number) => isoDate(addDays(Date.now(), days));

/** Per output port: who has access, pending requests, and a form to request access for one's team. */
export function RequestAccess({
  portId,
  portName,
  teams,
  grants,
  pending,
  denied = [],
  isOwner,
  maxDays,
  closed = false,
}: Props) {
  const router = useRouter();
  const requestable = teams.filter(
    (t) => !grants.some((g) => g.team.slug === t.slug) && !pending.some((p) => p.team.slug === t.slug),
  );
  const [open, setOpen] = useState(false);
  const [team, setTeam] = useState(requestable[0]?.slug ?? "");
  const [purpose, setPurpose] = useState("");
  const [justification, setJustification] = useState("");
  const [expires, setExpires] = useState(inDays(90));
  const submit = useMutation({
    mutationFn: () =>
      createAccessRequest({
        portId,
        teamSlug: team,
        purpose,
        justification,
        expiresAt: new Date(`${expires}T23:59:59Z`).toISOString(),
      }),
    onSuccess: () => {
      setOpen(false);
      router.refresh();
    },
  });

  return (
    <div className="access small" data-testid="port-access" id={`access-${portId}`}>
      {grants.map((g) => (
        <span
          key={g.id}
          className={`status ${g.status === "active" ? "status-ok" : g.status === "failed" ? "status-error" : "status-pending"}`}
          data-testid="grant-status"
        >
          {g.team.name}: access {g.status} until {g.expiresAt.slice(0, 10)}
        </span>
      ))}
      {pending.map((p) => (
        <span key={p.id} className="status status-pending" data-testid="pending-request">
          {p.team.name}: request pending — <Link href={`/access/requests/${p.id}`}>view</Link>
        </span>
      ))}
      {/* A denial stays visible to the team until it asks again (one line per team, the latest). */}
      {denied
        .filter(
          (d, i) =>
            denied.findIndex((x) => x.team.slug === d.team.slug) === i &&
            requestable.some((t) => t.slug === d.team.slug),
        )
        .map((d) => (
          <span key={d.id} className="status status-error" data-testid="denied-request">
            {d.team.name}: request denied on {d.decidedAt.slice(0, 10)}
            {d.reason && <> — “{d.reason}”</>} — <Link href={`/access/requests/${d.id}`}>view</Link>
          </span>
        ))}
      {!isOwner && closed && requestable.length > 0 && (
        <span className="muted">Takes no access requests now.</span>
      )}
      {!isOwner && !closed && requestable.length > 0 && !open && (
        <button type="button" className="btn" onClick={() => setOpen(true)}>
          Request access…
        </button>
      )}
      {!isOwner && teams.length === 0 && <span className="muted">Join a team to request access.</span>}
      {open && (
        <form
          className="stack card"
          aria-label={`Request access to ${portName}`}
          onSubmit={(e) => {
            e.preventDefault();
            submit.mutate();
          }}
        >
          <label>
            For team{" "}
            <select value={team} onChange={(e) => setTeam(e.target.value)}>
              {requestable.map((t) => (
                <option key={t.slug} value={t.slug}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Purpose
            <textarea
              value={purpose}
              onChange={(e) => setPurpose(e.target.value)}
              rows={2}
              required
              minLength={10}
              placeholder="What will your team use it for?"
            />
          </label>
          <label>
            Justification (optional)
            <textarea value={justification} onChange={(e) => setJustification(e.target.value)} rows={2} />
          </label>
          <label>
            Access until{" "}
            <input
              type="date"
              value={expires}
              min={inDays(1)}
              max={inDays(maxDays)}
              onChange={(e) => setExpires(e.target.value)}
              required
            />
          </label>
          <p className="small muted" data-testid="grant-exposure">
            {GRANT_EXPOSURE}
          </p>
          {submit.error && (
            <p className="alert alert-error" role="alert">
              {submit.error.message}
            </p>
          )}
          <div className="row">
            <button type="submit" className="btn btn-primary" disabled={submit.isPending}>
              {submit.isPending ? "Sending…" : "Send request"}
            </button>
            <button type="button" className="btn" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
