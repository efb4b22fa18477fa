import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/server";
import { canManageWebhooks, canSeeWebhooks } from "@/lib/notify/permissions";
import { WebhooksManager } from "./_components/webhooks-manager";

export const metadata: Metadata = { title: "Team webhooks" };

/** A team's webhooks: its members see them and their delivery logs; its owners (and admins) manage them. */
export default async function TeamWebhooksPage({ params }: { params: Promise<{ slug: string }> }) {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  const { slug } = await params;
  const team = await (
    await db()
  ).team.findUnique({ where: { slug }, select: { id: true, slug: true, name: true } });
  if (!team) notFound();
  const allowed = canSeeWebhooks(user, team.id);
  return (
    <article className="stack">
      <nav className="small muted" aria-label="Breadcrumb">
        <Link href="/admin/teams">Teams</Link> / {team.name}
      </nav>
      <h1>Webhooks of {team.name}</h1>
      <p className="muted">
        Meshport posts the events you choose to your URL as CloudEvents (structured JSON), signed per{" "}
        <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>: verify{" "}
        <code>webhook-signature</code> with the secret, dedupe by <code>webhook-id</code>. Failed deliveries
        are retried with backoff for 24 hours; a webhook that keeps failing is turned off and the team&apos;s
        owners are told.
      </p>
      {allowed ? (
        <WebhooksManager
          team={{ slug: team.slug, name: team.name }}
          canManage={canManageWebhooks(user, team.id)}
        />
      ) : (
        <p className="alert alert-error">Only the members of {team.name} see its webhooks.</p>
      )}
    </article>
  );
}
