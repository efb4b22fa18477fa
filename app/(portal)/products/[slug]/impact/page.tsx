import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { AppError } from "@/lib/core/errors";
import { getImpact } from "@/lib/lineage/queries";
import { getCurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/server";

export const metadata: Metadata = { title: "Impact analysis" };

const Search = z.object({ port: z.uuid(), field: z.string().max(300).optional().catch(undefined) });

export default async function ImpactPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const parsed = Search.safeParse(await searchParams);
  if (!parsed.success) notFound();
  const prisma = await db();
  const field = parsed.data.field || undefined;
  let impact;
  try {
    const user = await getCurrentUser();
    if (!user) notFound();
    impact = await getImpact(prisma, user, parsed.data.port, field);
  } catch (err) {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  }
  if (impact.port.product.slug !== slug) notFound();
  const downstream = impact.items.filter((i) => i.depth > 0);
  const fields = await prisma.schemaField.findMany({
    where: { schemaVersion: { portId: impact.port.id } },
    distinct: ["path"],
    select: { path: true },
    orderBy: { path: "asc" },
  });
  return (
    <article className="stack">
      <nav className="small muted" aria-label="Breadcrumb">
        <Link href={`/products/${slug}`}>{impact.port.product.name}</Link> / {impact.port.name} / impact
      </nav>
      <h1>Impact of changing {impact.port.name}</h1>
      <form className="row small" method="get">
        <input type="hidden" name="port" value={impact.port.id} />
        <label>
          Schema field{" "}
          <select name="field" defaultValue={field ?? ""}>
            <option value="">— the whole port —</option>
            {fields.map((f) => (
              <option key={f.path} value={f.path}>
                {f.path}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn">
          Analyse
        </button>
      </form>
      <p>
        {downstream.length} downstream product{downstream.length === 1 ? "" : "s"}
        {impact.externalDatasets > 0 &&
          `, ${impact.externalDatasets} external dataset${impact.externalDatasets === 1 ? "" : "s"}`}{" "}
        ·{" "}
        <a
          href={`/api/v1/lineage/impact?port=${impact.port.id}${field ? `&field=${encodeURIComponent(field)}` : ""}&format=csv`}
          download
        >
          Download CSV
        </a>
      </p>
      <table className="small" data-testid="impact">
        <thead>
          <tr>
            <th>Depth</th>
            <th>Product</th>
            <th>Domain</th>
            <th>Owner</th>
            <th>Ports</th>
            <th>Teams with grants</th>
            {field && <th>Uses {field}</th>}
          </tr>
        </thead>
        <tbody>
          {impact.items.map((r) => (
            <tr key={r.product.slug}>
              <td>{r.depth === 0 ? "this port" : r.depth}</td>
              <td>
                <Link href={`/products/${r.product.slug}`}>{r.product.name}</Link>
              </td>
              <td>{r.product.domain}</td>
              <td>{r.product.owner}</td>
              <td>{r.ports.join(", ")}</td>
              <td>{r.grantTeams.join(", ") || "—"}</td>
              {field && (
                <td>
                  {r.fieldUse
                    ? `${r.fieldUse.kind}${r.fieldUse.fields.length ? `: ${r.fieldUse.fields.join(", ")}` : ""}`
                    : "the port itself"}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}
