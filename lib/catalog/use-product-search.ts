"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { fetchProducts } from "./api-client";
import { catalogKeys } from "./query-keys";
import type { ProductSearch } from "./schemas";

/** Search results for a search state; the previous page stays visible while the next loads. */
export function useProductSearch(search: ProductSearch) {
  return useQuery({
    queryKey: catalogKeys.search(search),
    queryFn: ({ signal }) => fetchProducts(search, signal),
    placeholderData: keepPreviousData,
  });
}
