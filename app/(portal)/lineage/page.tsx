import type { Metadata } from "next";
import { LineageCanvas } from "@/components/lineage/lineage-canvas";
import { MeshExpand } from "@/lib/lineage/schemas";

export const metadata: Metadata = { title: "Mesh lineage" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MeshLineagePage({ searchParams }: Props) {
  // A shareable view: ?expand=orders,payments (or `all`; empty: every domain collapsed). A bad
  // value falls back to the default: a small mesh expanded, a big one at the domain level.
  const expand = MeshExpand.optional()
    .catch(undefined)
    .parse((await searchParams).expand);
  return (
    <article className="stack">
      <h1>Mesh lineage</h1>
      <p className="muted small">
        Every data product and what it reads, by domain. A big mesh opens at the domain level, with the flows
        between domains (the number on an edge and its thickness say how many): click a domain (or pick it
        under Domains) to draw its products. Click a product to open it or focus its lineage.
      </p>
      <LineageCanvas initialExpand={expand} />
    </article>
  );
}
