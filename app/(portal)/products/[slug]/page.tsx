import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { KindBadge, LifecycleBadge } from "@/components/catalog/badges";
import { InlineCode } from "@/components/inline-code";
import { toProductDto, type ProductDto } from "@/lib/catalog/dto";
import { renderMarkdown } from "@/lib/catalog/markdown";
import { getDataProductOrThrow } from "@/lib/catalog/queries";
import { PORT_TYPE_LABELS, ProductSlugParams } from "@/lib/catalog/schemas";
import { AppError } from "@/lib/core/errors";
import { db } from "@/lib/db/server";
import { getProductAccess, listProductAudit } from "@/lib/access/queries";
import { productScorecard } from "@/lib/catalog/datsis";
import { productPolicyReport } from "@/lib/governance/product-report";
import { env } from "@/lib/core/env";
import { canEditProduct } from "@/lib/catalog/permissions";
import { getCurrentUser } from "@/lib/auth/session";
import { isMemberOf } from "@/lib/auth/types";
import { canTail } from "@/lib/tail/permissions";
import { auditLabel } from "@/lib/events/labels";
import { WatchButton } from "./_components/watch-button";
import { ProductConsumers } from "@/components/access/grant-usage";
import { ContractChecks } from "./_components/contract-checks";
import { ContractPanel } from "./_components/contract-panel";
import { DocsEditor } from "./_components/docs-editor";
import { RequestAccess } from "./_components/request-access";
import { SchemaPanel } from "./_components/schema-panel";
import { PolicyReport } from "./_components/policy-report";
import { Scorecard } from "./_components/scorecard";
import { LiveTail } from "./_components/live-tail";
import { TopicFactsPanel } from "./_components/topic-facts";
import { LifecyclePanel } from "./_components/lifecycle-panel";
import { AddPort } from "./_components/add-port";
import { PortAdmin } from "./_components/port-admin";
import { DeclareInput } from "./_components/declare-input";
import { getPolicySet } from "@/lib/governance/queries";
import { isAdmin } from "@/lib/auth/types";
import { utcMinute } from "@/lib/core/time";

type Props = { params: Promise<{ slug: string }> };

// cache(): metadata and page share one database read per request.
const loadProduct = cache(async (rawSlug: string): Promise<ProductDto> => {
  const parsed = ProductSlugParams.safeParse({ slug: rawSlug });
  if (!parsed.success) notFound();
  // The layout has already sent anyone signed out to the sign-in page.
  const user = await getCurrentUser();
  if (!user) notFound();
  try {
    return toProductDto(await getDataProductOrThrow(await db(), user, parsed.data.slug));
  } catch (err) {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const product = await loadProduct((await params).slug);
  return { title: product.name, description: product.summary };
}

const SLA_LABELS: Record<string, string> = {
  freshness: "Freshness",
  availability: "Availability",
  retention: "Retention",
  latency: "Latency",
};

export default async function ProductPage({ params }: Props) {
  const [product, user] = await Promise.all([loadProduct((await params).slug), getCurrentUser()]);
  // The layout has already sent anyone signed out to the sign-in page.
  const canEdit = user !== null && canEditProduct(user, { ownerTeamId: product.ownerTeam.id });
  const prisma = await db();
  const [access, audit, policyReport, policies, readers] = user
    ? await Promise.all([
        getProductAccess(prisma, user, product.id, canEdit),
        listProductAudit(prisma, product.id),
        productPolicyReport(prisma, product),
        getPolicySet(prisma),
        // The viewer's teams' products that could declare a port of this one as an input.
        prisma.dataProduct.findMany({
          where: {
            ownerTeamId: { in: user.teams.map((t) => t.id), not: product.ownerTeam.id },
            lifecycle: { not: "RETIRED" },
          },
          orderBy: { name: "asc" },
          select: { slug: true, name: true },
        }),
      ])
    : [{ grants: [], pending: [], denied: [] }, [], null, null, []];
  // Only a published product's live ports take requests (the server says why otherwise).
  const requestsClosed =
    product.lifecycle === "DRAFT" || product.lifecycle === "DEPRECATED" || product.lifecycle === "RETIRED";
  // The panel's hint only: the stream itself authorizes on the server, at connect and while open.
  const isOwnerTeam = user !== null && isMemberOf(user, product.ownerTeam.id);
  const mayTail = (portId: string) =>
    user !== null &&
    canTail(
      user,
      { ownerTeamId: product.ownerTeam.id },
      access.grants.filter((g) => g.portId === portId),
    ).allowed;
  const requestTeams = (user?.teams ?? [])
    .filter((t) => t.slug !== product.ownerTeam.slug)
    .map((t) => ({ slug: t.slug, name: t.name }));
  const scorecard = productScorecard(product);
  const freshnessSla =
    typeof (product.serviceLevels as Record<string, unknown> | null)?.freshness === "string"
      ? (product.serviceLevels as Record<string, string>).freshness
      : undefined;
  const sla = Object.entries((product.serviceLevels ?? {}) as Record<string, unknown>).filter(
    ([, v]) => typeof v === "string",
  );
  const consumers = product.outputPorts.flatMap((p) => p.consumers.map((c) => ({ ...c, port: p.name })));

  return (
    <article>
      <nav className="small muted" aria-label="Breadcrumb">
        <Link href="/">Catalog</Link> /{" "}
        <Link href={`/?domain=${product.domain.slug}`}>{product.domain.name}</Link>
      </nav>
      <header className="product-header">
        <h1>{product.name}</h1>
        <div className="row">
          <KindBadge kind={product.kind} />
          <LifecycleBadge lifecycle={product.lifecycle} />
          <span className="muted small">
            Domain <Link href={`/?domain=${product.domain.slug}`}>{product.domain.name}</Link> · owned by{" "}
            <Link href={`/?owner=${product.ownerTeam.slug}`}>{product.ownerTeam.name}</Link>
          </span>
          {product.tags.map((t) => (
            <Link key={t} href={`/?tag=${encodeURIComponent(t)}`} className="tag">
              {t}
            </Link>
          ))}
        </div>
        <p className="muted">{product.summary}</p>
        {product.lifecycle === "DRAFT" && (
          <p className="banner banner-draft small" data-testid="draft-banner">
            <strong>Draft.</strong> Only {product.ownerTeam.name} and admins see this product until it is
            published.
          </p>
        )}
        {product.deprecation && product.lifecycle === "DEPRECATED" && (
          <div className="banner banner-deprecated small" role="status" data-testid="deprecation-banner">
            <strong>
              Deprecated
              {product.deprecation.sunsetAt
                ? ` — retired on ${product.deprecation.sunsetAt.slice(0, 10)}`
                : ""}
              .
            </strong>{" "}
            {product.deprecation.message}
            {product.deprecation.successor && (
              <>
                {" "}
                Move to{" "}
                <Link href={`/products/${product.deprecation.successor.slug}`}>
                  {product.deprecation.successor.name}
                </Link>
                .
              </>
            )}{" "}
            New access requests are refused; existing grants end at the sunset.
          </div>
        )}
        {product.lifecycle === "RETIRED" && (
          <p className="banner banner-retired small" data-testid="retired-banner">
            <strong>Retired{product.retiredAt ? ` on ${product.retiredAt.slice(0, 10)}` : ""}.</strong> Kept
            for history and lineage; nobody reads or writes its topics any more.
          </p>
        )}
        <p className="row small">
          <Link href={`/products/${product.slug}/lineage`}>View lineage →</Link>
          {user && product.lifecycle !== "RETIRED" && <WatchButton slug={product.slug} />}
        </p>
      </header>

      <div className="product-grid">
        <div className="stack">
          <section className="card docs" aria-labelledby="docs-title">
            <h2 id="docs-title" className="section-title">
              Documentation
            </h2>
            <DocsEditor
              slug={product.slug}
              html={renderMarkdown(product.description)}
              markdown={product.description}
              revision={product.revision}
              canEdit={canEdit}
            />
          </section>

          <section className="card" aria-labelledby="ports-title">
            <h2 id="ports-title" className="section-title">
              Output ports
            </h2>
            {product.outputPorts.length === 0 && (
              <p className="muted">
                This product has no output ports yet
                {canEdit ? ": add a Kafka topic, a table or a file, then publish." : "."}
              </p>
            )}
            {canEdit && policies && product.lifecycle !== "DEPRECATED" && product.lifecycle !== "RETIRED" && (
              <AddPort
                slug={product.slug}
                topicTemplate={policies.rules.topicNaming.template}
                domain={product.domain.slug}
                live={product.lifecycle === "ACTIVE" || product.lifecycle === "EXPERIMENTAL"}
              />
            )}
            {product.outputPorts.map((port) => (
              <div key={port.id} className="port" data-testid="output-port">
                <div className="row">
                  <h3>{port.name}</h3>
                  <span className="badge">{PORT_TYPE_LABELS[port.type]}</span>
                  <span className="address">{port.address}</span>
                  <span className="badge">{port.format}</span>
                  <Link className="small" href={`/products/${product.slug}/impact?port=${port.id}`}>
                    Impact analysis
                  </Link>
                </div>
                {port.description && (
                  <p className="small">
                    <InlineCode text={port.description} />
                  </p>
                )}
                <PortAdmin
                  slug={product.slug}
                  port={port}
                  canEdit={canEdit}
                  isAdmin={user !== null && isAdmin(user)}
                />
                {port.type === "KAFKA_TOPIC" && port.state !== "DRAFT" && (
                  <TopicFactsPanel portId={port.id} freshnessSla={freshnessSla} />
                )}
                <ContractChecks portId={port.id} />
                {!canEdit && port.state === "ACTIVE" && product.lifecycle !== "RETIRED" && (
                  <DeclareInput portId={port.id} portName={port.name} readers={readers} />
                )}
                <RequestAccess
                  closed={requestsClosed || port.state !== "ACTIVE"}
                  portId={port.id}
                  portName={port.name}
                  teams={requestTeams}
                  grants={access.grants.filter((g) => g.portId === port.id)}
                  pending={access.pending.filter((r) => r.portId === port.id)}
                  denied={access.denied.filter((r) => r.portId === port.id)}
                  isOwner={canEdit}
                  maxDays={env().MESHPORT_MAX_GRANT_DAYS}
                />
                {port.type === "KAFKA_TOPIC" && port.state !== "DRAFT" && (
                  <LiveTail
                    portId={port.id}
                    entitled={mayTail(port.id)}
                    masked={!isOwnerTeam}
                    requestHref={`#access-${port.id}`}
                  />
                )}
                <SchemaPanel
                  portId={port.id}
                  compatibility={port.compatibility}
                  currentVersion={port.schema?.version ?? null}
                  fields={port.schema?.fields.map((f, position) => ({ ...f, position })) ?? []}
                  canEdit={canEdit}
                />
              </div>
            ))}
          </section>
        </div>

        <aside className="stack">
          <section className="card" aria-labelledby="owners-title">
            <h2 id="owners-title" className="section-title">
              Owners — {product.ownerTeam.name}
            </h2>
            <ul className="link-list">
              {product.ownerTeam.members.length === 0 && <li className="muted">No members yet</li>}
              {product.ownerTeam.members.map((m) => (
                <li key={m.email}>
                  {m.name} <span className="muted small">{m.role === "OWNER" ? "· owner" : ""}</span>
                  <br />
                  <a href={`mailto:${m.email}`} className="small">
                    {m.email}
                  </a>
                </li>
              ))}
            </ul>
          </section>

          <section className="card" aria-labelledby="scorecard-title">
            <h2 id="scorecard-title" className="section-title">
              DATSIS scorecard
            </h2>
            <Scorecard scorecard={scorecard} />
          </section>

          {canEdit && (
            <section className="card" aria-labelledby="lifecycle-title">
              <h2 id="lifecycle-title" className="section-title">
                Lifecycle — {product.lifecycle.toLowerCase()}
              </h2>
              <LifecyclePanel
                slug={product.slug}
                lifecycle={product.lifecycle}
                sunsetAt={product.deprecation?.sunsetAt ?? null}
                isAdmin={user !== null && isAdmin(user)}
              />
            </section>
          )}

          {policyReport && (
            <section className="card" aria-labelledby="policies-title">
              <h2 id="policies-title" className="section-title">
                Mesh policies
              </h2>
              <PolicyReport report={policyReport} />
            </section>
          )}

          <section className="card" aria-labelledby="contract-title">
            <h2 id="contract-title" className="section-title">
              Data contract
            </h2>
            <ContractPanel
              slug={product.slug}
              canEdit={canEdit}
              ports={product.outputPorts.map((p) => ({ id: p.id, name: p.name }))}
            />
          </section>

          <section className="card" aria-labelledby="consumes-title">
            <h2 id="consumes-title" className="section-title">
              Consumes ({product.consumes.length})
            </h2>
            {product.consumes.length === 0 ? (
              <p className="muted small">Reads no other data product.</p>
            ) : (
              <ul className="link-list" data-testid="consumes">
                {product.consumes.map((c) => (
                  <li key={c.port.id}>
                    <Link href={`/products/${c.product.slug}`}>{c.product.name}</Link>
                    <span className="muted small"> · {c.product.domain.name}</span>
                    <br />
                    <span className="address">{c.port.address}</span>
                    {c.flag && (
                      <span className="status status-error" data-testid="input-flag">
                        {" "}
                        {c.flag.reason} on {c.flag.at.slice(0, 10)}: request access again or remove this input
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>

          {user && product.outputPorts.some((p) => p.type === "KAFKA_TOPIC") && (
            <ProductConsumers slug={product.slug} />
          )}

          <section className="card" aria-labelledby="consumers-title">
            <h2 id="consumers-title" className="section-title">
              Read by products ({consumers.length})
            </h2>
            {consumers.length === 0 ? (
              <p className="muted small">No data product reads this one yet.</p>
            ) : (
              <ul className="link-list" data-testid="consumed-by">
                {consumers.map((c) => (
                  <li key={`${c.slug}/${c.port}`}>
                    <Link href={`/products/${c.slug}`}>{c.name}</Link>
                    <span className="muted small">
                      {" "}
                      · {c.domain.name} · via {c.port}
                    </span>
                    {c.flagged && (
                      <span className="status status-error small" data-testid="consumer-flag">
                        {" "}
                        grant ended
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="card" aria-labelledby="sla-title">
            <h2 id="sla-title" className="section-title">
              Service levels & terms
            </h2>
            {sla.length > 0 ? (
              <dl className="kv">
                {sla.map(([k, v]) => (
                  <div key={k} style={{ display: "contents" }}>
                    <dt>{SLA_LABELS[k] ?? k}</dt>
                    <dd>{String(v)}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p className="muted small">No service levels declared.</p>
            )}
            {product.termsOfUse && <p className="small">{product.termsOfUse}</p>}
          </section>

          <section className="card" aria-labelledby="audit-title">
            <h2 id="audit-title" className="section-title">
              Audit trail
            </h2>
            {audit.length === 0 ? (
              <p className="muted small">No changes recorded yet.</p>
            ) : (
              <ol className="audit small" data-testid="audit-trail">
                {audit.map((e) => (
                  <li key={e.id}>
                    <time dateTime={e.at}>{utcMinute(e.at)}</time> · {e.actor} · {auditLabel(e.action)}{" "}
                    <code className="muted">{e.action}</code>
                  </li>
                ))}
              </ol>
            )}
          </section>
        </aside>
      </div>
    </article>
  );
}
