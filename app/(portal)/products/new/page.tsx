import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { isAdmin } from "@/lib/auth/types";
import { db } from "@/lib/db/server";
import { PRODUCT_KINDS, KIND_LABELS } from "@/lib/catalog/schemas";
import { NewProductForm } from "./_components/new-product-form";

export const metadata: Metadata = { title: "New data product" };

/** The publishing wizard's first step: what the product is and who owns it. Ports come next, on its page. */
export default async function NewProductPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  const prisma = await db();
  const [domains, teams] = await Promise.all([
    prisma.domain.findMany({ orderBy: { name: "asc" }, select: { slug: true, name: true } }),
    isAdmin(user)
      ? prisma.team.findMany({
          orderBy: { name: "asc" },
          select: { slug: true, name: true, domain: { select: { slug: true } } },
        })
      : prisma.team.findMany({
          where: { id: { in: user.teams.map((t) => t.id) } },
          orderBy: { name: "asc" },
          select: { slug: true, name: true, domain: { select: { slug: true } } },
        }),
  ]);
  const requested = (await searchParams).domain;
  const domain = typeof requested === "string" && domains.some((d) => d.slug === requested) ? requested : "";
  return (
    <article className="stack narrow">
      <nav className="small muted" aria-label="Breadcrumb">
        <Link href="/">Catalog</Link> / New data product
      </nav>
      <h1>New data product</h1>
      <p className="muted">
        It starts as a <strong>draft</strong>: only its team and admins see it. Add output ports on its page,
        then publish — the mesh policies are checked first, and Kafka topics with your team&apos;s write
        access are provisioned on the broker.
      </p>
      {teams.length === 0 ? (
        <p className="alert alert-info" role="status">
          You are in no team yet: ask a team owner or an admin to add you, then create products for that team.
        </p>
      ) : (
        <NewProductForm
          domains={domains}
          teams={teams.map((t) => ({ slug: t.slug, name: t.name, domain: t.domain?.slug ?? null }))}
          kinds={PRODUCT_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
          initialDomain={domain}
        />
      )}
    </article>
  );
}
