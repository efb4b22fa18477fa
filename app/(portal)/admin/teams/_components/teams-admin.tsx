"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { addMember, createDomain, createTeam, removeMember, type TeamItem } from "@/lib/org/api-client";

interface Props {
  teams: TeamItem[];
  domains: { slug: string; name: string; description: string }[];
  admin: boolean;
  userId: string;
}

function useRefreshing<A>(fn: (args: A) => Promise<unknown>) {
  const router = useRouter();
  return useMutation({ mutationFn: fn, onSuccess: () => router.refresh() });
}

function NewDomain() {
  const [slug, setSlug] = useState("");
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const create = useRefreshing(() => createDomain({ slug, name, description }));
  return (
    <form
      className="stack card small"
      aria-label="New domain"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(undefined);
      }}
    >
      <h3>New domain</h3>
      <div className="row">
        <label className="field">
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required minLength={2} />
        </label>
        <label className="field">
          Slug
          <input
            value={slug}
            onChange={(e) => setSlug(e.target.value)}
            required
            pattern="[a-z0-9][a-z0-9-]*"
          />
        </label>
      </div>
      <label className="field">
        Description
        <input value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      {create.error && <p className="alert alert-error">{create.error.message}</p>}
      <button type="submit" className="btn btn-primary" disabled={create.isPending}>
        Create domain
      </button>
    </form>
  );
}

function NewTeam({ domains }: { domains: Props["domains"] }) {
  const [slug, setSlug] = useState("");
  const [name, setName] = useState("");
  const [principal, setPrincipal] = useState<string | null>(null);
  const [domain, setDomain] = useState(domains[0]?.slug ?? "");
  const [description, setDescription] = useState("");
  const kafkaPrincipal = principal ?? `User:${slug}`;
  const create = useRefreshing(() =>
    createTeam({ slug, name, kafkaPrincipal, description, ...(domain ? { domain } : {}) }),
  );
  return (
    <form
      className="stack card small"
      aria-label="New team"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(undefined);
      }}
    >
      <h3>New team</h3>
      <div className="row">
        <label className="field">
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required minLength={2} />
        </label>
        <label className="field">
          Slug
          <input
            value={slug}
            onChange={(e) => setSlug(e.target.value)}
            required
            pattern="[a-z0-9][a-z0-9-]*"
          />
        </label>
        <label className="field">
          Domain
          <select value={domain} onChange={(e) => setDomain(e.target.value)}>
            <option value="">(none)</option>
            {domains.map((d) => (
              <option key={d.slug} value={d.slug}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="field">
        Kafka principal <span className="muted">(what its applications authenticate as)</span>
        <input value={kafkaPrincipal} onChange={(e) => setPrincipal(e.target.value)} required />
      </label>
      <label className="field">
        Description
        <input value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      {create.error && <p className="alert alert-error">{create.error.message}</p>}
      <button type="submit" className="btn btn-primary" disabled={create.isPending}>
        Create team
      </button>
    </form>
  );
}

function TeamCard({ team, userId }: { team: TeamItem; userId: string }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<"MEMBER" | "OWNER">("MEMBER");
  const add = useRefreshing(() => addMember(team.slug, { email, role }));
  const remove = useRefreshing((userId: string) => removeMember(team.slug, userId));
  const error = add.error ?? remove.error;
  return (
    <section className="card stack small" aria-label={`Team ${team.name}`} data-testid="team">
      <h2 className="section-title">
        {team.name} <code className="muted">{team.kafkaPrincipal}</code>
      </h2>
      <p className="muted">
        {team.domain ? `Domain ${team.domain.name}. ` : ""}
        {team.description}
      </p>
      {(team.canManage || team.members.some((m) => m.userId === userId)) && (
        <p>
          <Link href={`/teams/${team.slug}/webhooks`}>Webhooks →</Link>
        </p>
      )}
      <ul className="link-list" data-testid="team-members">
        {team.members.length === 0 && <li className="muted">No members yet.</li>}
        {team.members.map((m) => (
          <li key={m.userId} className="row">
            <span>
              {m.name} <span className="muted">{m.email}</span>
              {m.role === "OWNER" && <span className="badge">owner</span>}
              {!m.signedIn && <span className="muted"> · not signed in yet</span>}
            </span>
            {team.canManage && (
              <button
                type="button"
                className="btn btn-ghost"
                aria-label={`Remove ${m.name} from ${team.name}`}
                disabled={remove.isPending}
                onClick={() => remove.mutate(m.userId)}
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {team.canManage && (
        <form
          className="row"
          aria-label={`Add a member to ${team.name}`}
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate(undefined, { onSuccess: () => setEmail("") });
          }}
        >
          <label>
            Email <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
          </label>
          <label>
            Role{" "}
            <select value={role} onChange={(e) => setRole(e.target.value as typeof role)}>
              <option value="MEMBER">member</option>
              <option value="OWNER">team owner</option>
            </select>
          </label>
          <button type="submit" className="btn" disabled={add.isPending}>
            Add member
          </button>
        </form>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error.message}
        </p>
      )}
    </section>
  );
}

/** The administration page's islands: new domain and team (admins), members per team (owners, admins). */
export function TeamsAdmin({ teams, domains, admin, userId }: Props) {
  return (
    <div className="stack">
      {admin && (
        <div className="product-grid">
          <NewTeam domains={domains} />
          <NewDomain />
        </div>
      )}
      {teams.map((t) => (
        <TeamCard key={t.slug} team={t} userId={userId} />
      ))}
    </div>
  );
}
