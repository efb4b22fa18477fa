import { fetchJson, jsonBody } from "@/lib/api/fetch-json";
import type { ContractImportResult, ContractVersionsDto, ProductSearchResult, SchemaVersions } from "./dto";
import {
  searchToParams,
  type ProductSearch,
  type ProductUpdate,
  type RegisterTopic,
  type SchemaVersionInput,
} from "./schemas";

import type { TopicFacts } from "@/lib/kafka/admin";

export type { ContractImportResult, ProductSearchResult, SchemaVersions, TopicFacts };

export function updateProduct(
  slug: string,
  update: ProductUpdate,
): Promise<{ slug: string; revision: number }> {
  return fetchJson(`/api/v1/products/${encodeURIComponent(slug)}`, jsonBody("PATCH", update));
}

export function fetchProductRevision(slug: string): Promise<{ revision: number; description: string }> {
  return fetchJson(`/api/v1/products/${encodeURIComponent(slug)}`);
}

export function previewMarkdown(markdown: string): Promise<{ html: string }> {
  return fetchJson("/api/v1/markdown/preview", jsonBody("POST", { markdown }));
}

export function fetchSchemaVersions(portId: string, signal?: AbortSignal): Promise<SchemaVersions> {
  return fetchJson(`/api/v1/ports/${encodeURIComponent(portId)}/schemas`, { signal });
}

export function addSchemaVersion(
  portId: string,
  input: SchemaVersionInput,
): Promise<{ portId: string; version: number }> {
  return fetchJson(`/api/v1/ports/${encodeURIComponent(portId)}/schemas`, jsonBody("POST", input));
}

/** Imports a contract onto one of the product's ports; `port` chooses it when nothing matches (a port id, or "new"). */
export function importContract(
  slug: string,
  yaml: string,
  dryRun: boolean,
  port?: string,
): Promise<ContractImportResult> {
  const query = new URLSearchParams();
  if (dryRun) query.set("dryRun", "1");
  if (port) query.set("port", port);
  const qs = query.size > 0 ? `?${query}` : "";
  return fetchJson(`/api/v1/products/${encodeURIComponent(slug)}/contract${qs}`, {
    method: "POST",
    headers: { "content-type": "application/yaml" },
    body: yaml,
  });
}

export function fetchUnregisteredTopics(signal?: AbortSignal): Promise<{ topics: string[] }> {
  return fetchJson("/api/v1/topics?unregistered=1", { signal });
}

export function registerTopic(
  input: RegisterTopic,
): Promise<{ id: string; name: string; address: string; product: string }> {
  return fetchJson("/api/v1/topics", jsonBody("POST", input));
}

export function fetchProducts(search: ProductSearch, signal?: AbortSignal): Promise<ProductSearchResult> {
  return fetchJson<ProductSearchResult>(`/api/v1/products?${searchToParams(search).toString()}`, { signal });
}

export function fetchTopicFacts(portId: string, signal?: AbortSignal): Promise<TopicFacts> {
  return fetchJson<TopicFacts>(`/api/v1/ports/${encodeURIComponent(portId)}/kafka`, { signal });
}

export function fetchContractVersions(portId: string, signal?: AbortSignal): Promise<ContractVersionsDto> {
  return fetchJson(`/api/v1/ports/${encodeURIComponent(portId)}/contract/versions`, { signal });
}

export function fetchContractDiff(
  portId: string,
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<{ from: number; to: number; changes: { path: string; before: unknown; after: unknown }[] }> {
  return fetchJson(`/api/v1/ports/${encodeURIComponent(portId)}/contract/diff?from=${from}&to=${to}`, {
    signal,
  });
}
