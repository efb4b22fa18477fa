import type { ProductSearch } from "./schemas";

/** TanStack Query keys for the catalog; never inline strings. */
export const catalogKeys = {
  all: ["catalog"] as const,
  search: (s: ProductSearch) => [...catalogKeys.all, "search", s] as const,
  product: (slug: string) => [...catalogKeys.all, "product", slug] as const,
  topicFacts: (portId: string) => [...catalogKeys.all, "topic-facts", portId] as const,
  schemaVersions: (portId: string) => [...catalogKeys.all, "schema-versions", portId] as const,
  unregisteredTopics: () => [...catalogKeys.all, "unregistered-topics"] as const,
  contractVersions: (portId: string) => [...catalogKeys.all, "contract-versions", portId] as const,
  contractDiff: (portId: string, from: number, to: number) =>
    [...catalogKeys.all, "contract-diff", portId, from, to] as const,
};
