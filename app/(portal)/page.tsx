import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { findDataProducts } from "@/lib/catalog/search";
import { catalogKeys } from "@/lib/catalog/query-keys";
import { ProductSearchSchema } from "@/lib/catalog/schemas";
import { db } from "@/lib/db/server";
import { getCurrentUser } from "@/lib/auth/session";
import { ANY_USER } from "@/lib/catalog/permissions";
import { CatalogSearch } from "./_components/catalog-search";

export const metadata: Metadata = { title: "Catalog" };

export default async function CatalogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const parsed = ProductSearchSchema.safeParse(await searchParams);
  // A hand-edited URL with bad values falls back to a clean search instead of an error page.
  const search = parsed.success ? parsed.data : ProductSearchSchema.parse({});
  const queryClient = new QueryClient();
  const user = await getCurrentUser();
  await queryClient.prefetchQuery({
    queryKey: catalogKeys.search(search),
    queryFn: async () => findDataProducts(await db(), user ?? ANY_USER, search),
  });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <CatalogSearch initialSearch={search} invalidUrl={!parsed.success} />
    </HydrationBoundary>
  );
}
