import { fetchJson } from "@/lib/api/fetch-json";
import type { Graph } from "./graph";

export type Depth = number | "all";

export function fetchLineage(
  params: { product?: string; upstream: Depth; downstream: Depth },
  signal?: AbortSignal,
): Promise<Graph> {
  const qs = new URLSearchParams();
  if (params.product) qs.set("product", params.product);
  qs.set("upstream", String(params.upstream));
  qs.set("downstream", String(params.downstream));
  return fetchJson(`/api/v1/lineage?${qs}`, { signal });
}

export const lineageKeys = {
  all: ["lineage"] as const,
  graph: (params: { product?: string; upstream: Depth; downstream: Depth }) =>
    [...lineageKeys.all, params] as const,
};
