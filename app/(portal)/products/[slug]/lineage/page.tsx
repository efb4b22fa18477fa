import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { LineageCanvas } from "@/components/lineage/lineage-canvas";
import { ProductSlugParams } from "@/lib/catalog/schemas";
import { db } from "@/lib/db/server";
import { getCurrentUser } from "@/lib/auth/session";
import { canSeeProduct } from "@/lib/catalog/permissions";

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const Depth = z
  .union([z.literal("all"), z.coerce.number().int().min(0).max(50)])
  .optional()
  .catch(undefined);
const ViewParams = z.object({ up: Depth, down: Depth, expand: z.literal("all").optional().catch(undefined) });

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Lineage — ${(await params).slug}` };
}

export default async function ProductLineagePage({ params, searchParams }: Props) {
  const parsed = ProductSlugParams.safeParse(await params);
  // A shareable view: ?up=2&down=all&expand=all (bad values fall back to the defaults).
  const view = ViewParams.parse(await searchParams);
  if (!parsed.success) notFound();
  const [product, user] = await Promise.all([
    (await db()).dataProduct.findUnique({
      where: { slug: parsed.data.slug },
      select: { slug: true, name: true, lifecycle: true, ownerTeamId: true },
    }),
    getCurrentUser(),
  ]);
  if (!product || !user || !canSeeProduct(user, product)) notFound();
  return (
    <article className="stack">
      <nav className="small muted" aria-label="Breadcrumb">
        <Link href="/">Catalog</Link> / <Link href={`/products/${product.slug}`}>{product.name}</Link> /
        lineage
      </nav>
      <h1>Lineage of {product.name}</h1>
      <LineageCanvas
        product={product.slug}
        productName={product.name}
        initialUpstream={view.up}
        initialDownstream={view.down}
        expandAll={view.expand === "all"}
      />
    </article>
  );
}
