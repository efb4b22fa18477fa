import { fetchJson } from "@/lib/api/fetch-json";
import { searchToParams, type ProductSearch, type ProductSearchResult } from "./schemas";

export interface TopicFacts {
  topic: string;
  partitions: number;
  retainedMessages: number;
}

export function fetchProducts(search: ProductSearch, signal?: AbortSignal): Promise<ProductSearchResult> {
  return fetchJson<ProductSearchResult>(`/api/v1/products?${searchToParams(search).toString()}`, { signal });
}

export function fetchTopicFacts(portId: string, signal?: AbortSignal): Promise<TopicFacts> {
  return fetchJson<TopicFacts>(`/api/v1/ports/${encodeURIComponent(portId)}/kafka`, { signal });
}
