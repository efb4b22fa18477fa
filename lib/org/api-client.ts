/** Browser calls of the administration API. */
import { fetchJson } from "@/lib/api/fetch-json";
import type { TeamItem } from "./dto";
import type { z } from "zod";
import type { DomainCreateSchema, DomainUpdate, MembershipSchema, TeamCreateSchema } from "./schemas";

export type { TeamItem };

const send = (method: string, body?: unknown): RequestInit => ({
  method,
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

export function createDomain(input: z.input<typeof DomainCreateSchema>) {
  return fetchJson<{ slug: string }>("/api/v1/domains", send("POST", input));
}

export function updateDomain(slug: string, input: DomainUpdate) {
  return fetchJson<{ slug: string }>(`/api/v1/domains/${encodeURIComponent(slug)}`, send("PATCH", input));
}

export function createTeam(input: z.input<typeof TeamCreateSchema>): Promise<TeamItem> {
  return fetchJson("/api/v1/teams", send("POST", input));
}

export function addMember(team: string, input: z.input<typeof MembershipSchema>): Promise<TeamItem> {
  return fetchJson(`/api/v1/teams/${encodeURIComponent(team)}/members`, send("POST", input));
}

export function removeMember(team: string, userId: string): Promise<TeamItem> {
  return fetchJson(
    `/api/v1/teams/${encodeURIComponent(team)}/members/${encodeURIComponent(userId)}`,
    send("DELETE"),
  );
}
