import type { Metadata } from "next";
import { LineageCanvas } from "@/components/lineage/lineage-canvas";

export const metadata: Metadata = { title: "Mesh lineage" };

export default function MeshLineagePage() {
  return (
    <article className="stack">
      <h1>Mesh lineage</h1>
      <p className="muted small">
        Every data product and what it reads, by domain (on big meshes domains start collapsed: click one to
        expand it). Click a product to open it or focus its lineage.
      </p>
      <LineageCanvas />
    </article>
  );
}
