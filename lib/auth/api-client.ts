import { fetchJson } from "@/lib/api/fetch-json";
import type { CreatedToken, TokenActivity, TokenItem } from "./dto";
import type { TokenScope } from "./scopes";

export type { TokenItem };

export function fetchTokens(signal?: AbortSignal): Promise<{ items: TokenItem[] }> {
  return fetchJson("/api/v1/tokens", { signal });
}

export function createToken(
  name: string,
  expiresInDays: number,
  scopes: TokenScope[],
): Promise<CreatedToken> {
  return fetchJson("/api/v1/tokens", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, expiresInDays, scopes }),
  });
}

export function revokeToken(id: string) {
  return fetchJson(`/api/v1/tokens/${id}`, { method: "DELETE" });
}

export function fetchTokenActivity(signal?: AbortSignal): Promise<TokenActivity> {
  return fetchJson("/api/v1/tokens/activity", { signal });
}
