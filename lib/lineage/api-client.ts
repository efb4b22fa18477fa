import { fetchJson } from "@/lib/api/fetch-json";
import type { Graph } from "./graph";

export type Depth = number | "all";

/** A product's neighbourhood (`product` and depths), or the mesh map (`expand`: domains drawn product by product). */
export interface LineageParams {
  product?: string;
  upstream: Depth;
  downstream: Depth;
  /** The mesh map only; unset: the server's default (a small mesh expanded, a big one by domain). */
  expand?: readonly string[] | "all";
}

/** `expand` as the address and the API write it: `all`, or comma-separated domain slugs. */
export const expandParam = (expand: readonly string[] | "all"): string =>
  expand === "all" ? "all" : expand.join(",");

export function fetchLineage(params: LineageParams, signal?: AbortSignal): Promise<Graph> {
  const qs = new URLSearchParams();
  if (params.product) {
    qs.set("product", params.product);
    qs.set("upstream", String(params.upstream));
    qs.set("downstream", String(params.downstream));
  } else if (params.expand !== undefined) {
    qs.set("expand", expandParam(params.expand));
  }
  return fetchJson(`/api/v1/lineage?${qs}`, { signal });
}

export const lineageKeys = {
  all: ["lineage"] as const,
  graph: (params: LineageParams) => [...lineageKeys.all, params] as const,
};
