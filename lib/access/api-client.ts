import { fetchJson } from "@/lib/api/fetch-json";
import type { AccessRequestItem, GrantItem } from "./dto";
import type { AccessRequestCreate } from "./schemas";

export type { AccessRequestItem, GrantItem };

const post = (url: string, body?: unknown): Promise<unknown> =>
  fetchJson(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body ?? {}),
  });

export function createAccessRequest(
  input: Omit<AccessRequestCreate, "justification"> & { justification?: string },
) {
  return post("/api/v1/access-requests", input) as Promise<{ id: string; status: "pending" }>;
}

export function fetchAccessRequests(
  as: "owner" | "requester",
  signal?: AbortSignal,
): Promise<{ items: AccessRequestItem[] }> {
  return fetchJson(`/api/v1/access-requests?as=${as}`, { signal });
}

export function decide(id: string, action: "approve" | "deny" | "cancel", reason?: string) {
  return post(
    `/api/v1/access-requests/${id}/${action}`,
    action === "cancel" ? undefined : reason ? { reason } : {},
  );
}

export function fetchGrants(
  params: { team?: string; product?: string },
  signal?: AbortSignal,
): Promise<{ items: GrantItem[] }> {
  const qs = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])));
  return fetchJson(`/api/v1/grants${qs.size ? `?${qs}` : ""}`, { signal });
}

export function revokeGrant(id: string) {
  return post(`/api/v1/grants/${id}/revoke`);
}

export function retryGrant(id: string) {
  return post(`/api/v1/grants/${id}/provision`);
}
