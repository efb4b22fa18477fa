import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LineageCanvas } from "@/components/lineage/lineage-canvas";
import { ProductSlugParams } from "@/lib/catalog/schemas";
import { db } from "@/lib/server/db";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Lineage — ${(await params).slug}` };
}

export default async function ProductLineagePage({ params }: Props) {
  const parsed = ProductSlugParams.safeParse(await params);
  if (!parsed.success) notFound();
  const product = await (await db()).dataProduct.findUnique({ where: { slug: parsed.data.slug }, select: { slug: true, name: true } });
  if (!product) notFound();
  return (
    <article className="stack">
      <nav className="small muted" aria-label="Breadcrumb">
        <Link href="/">Catalog</Link> / <Link href={`/products/${product.slug}`}>{product.name}</Link> / lineage
      </nav>
      <h1>Lineage of {product.name}</h1>
      <LineageCanvas product={product.slug} productName={product.name} />
    </article>
  );
}
