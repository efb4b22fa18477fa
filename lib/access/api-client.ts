import { fetchJson } from "@/lib/api/fetch-json";
import type { TokenScope } from "@/lib/auth/scopes";
import type { AccessRequestCreate } from "./schemas";

export interface AccessRequestItem {
  id: string;
  status: "pending" | "approved" | "denied" | "cancelled";
  purpose: string;
  justification: string;
  expiresAt: string;
  createdAt: string;
  decidedAt: string | null;
  decisionReason: string | null;
  decidedBy: string | null;
  requester: { name: string; email: string };
  team: { slug: string; name: string };
  port: { id: string; name: string; type: string; address: string };
  product: { slug: string; name: string; ownerTeam: { slug: string; name: string } };
  grant: { id: string; status: GrantItem["status"]; error: string | null } | null;
}

export interface GrantItem {
  id: string;
  status: "provisioning" | "active" | "failed" | "revoking" | "revoked" | "expired";
  principal: string;
  expiresAt: string;
  provisionedAt: string | null;
  error: string | null;
  requestId: string | null;
  team: { slug: string; name: string };
  port: { id: string; name: string; address: string };
  product: { slug: string; name: string };
}

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

export interface TokenItem {
  id: string;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revoked: boolean;
}

export function fetchTokens(signal?: AbortSignal): Promise<{ items: TokenItem[] }> {
  return fetchJson("/api/v1/tokens", { signal });
}

export function createToken(name: string, expiresInDays: number, scopes: TokenScope[]) {
  return post("/api/v1/tokens", { name, expiresInDays, scopes }) as Promise<TokenItem & { token: string }>;
}

export function revokeToken(id: string) {
  return fetchJson(`/api/v1/tokens/${id}`, { method: "DELETE" });
}
