/** Browser calls of the governance API. */
import { fetchJson } from "@/lib/api/fetch-json";
import type { PolicySetItem } from "./dto";
import type { PolicySetUpdate } from "./schemas";

export type { PolicySetItem };

export function updatePolicySet(update: PolicySetUpdate): Promise<PolicySetItem> {
  return fetchJson("/api/v1/policies", { method: "PUT", body: JSON.stringify(update) });
}
