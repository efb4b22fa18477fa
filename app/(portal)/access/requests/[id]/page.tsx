import type { Metadata } from "next";
import { FiledVia } from "@/components/access/filed-via";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getAccessRequest } from "@/lib/access/queries";
import { IdParams } from "@/lib/access/schemas";
import { AppError } from "@/lib/core/errors";
import { getCurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/server";
import { auditLabel } from "@/lib/events/labels";
import { GRANT_EXPOSURE } from "@/lib/access/exposure";
import { utcMinute } from "@/lib/core/time";

export const metadata: Metadata = { title: "Access request" };

export default async function AccessRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const parsed = IdParams.safeParse(await params);
  const user = await getCurrentUser();
  if (!parsed.success || !user) notFound();
  let request;
  try {
    request = await getAccessRequest(await db(), user, parsed.data.id);
  } catch (err) {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  }
  return (
    <article className="stack">
      <nav className="small muted" aria-label="Breadcrumb">
        <Link href="/access?tab=mine">Access</Link> / request
      </nav>
      <h1>
        {request.team.name} → {request.product.name} / {request.port.name}
      </h1>
      <p>
        <span className="status">{request.status}</span> · requested by {request.requester.name} · until{" "}
        {request.expiresAt.slice(0, 10)} <FiledVia via={request.filedVia} name={request.requester.name} />
      </p>
      <p>{request.purpose}</p>
      {request.justification && <p className="muted">{request.justification}</p>}
      {request.decisionReason && (
        <p data-testid="decision-reason">
          Reason given by {request.decidedBy}: “{request.decisionReason}”
        </p>
      )}
      {request.grant && (
        <>
          <p>
            Grant <span className="status">{request.grant.status}</span>
            {request.grant.error && ` — ${request.grant.error}`}
          </p>
          <p className="small muted" data-testid="grant-exposure">
            {GRANT_EXPOSURE}
          </p>
        </>
      )}
      <section className="card">
        <h2 className="section-title">Audit trail</h2>
        <ol className="audit small" data-testid="audit-trail">
          {request.audit.map((a, i) => (
            <li key={i}>
              <time dateTime={a.at}>{utcMinute(a.at)}</time> · {a.actor} · {auditLabel(a.action)}{" "}
              <code className="muted">{a.action}</code>
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
