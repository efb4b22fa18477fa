/** Browser calls of the contract monitor (types only from the DTOs). */
import { fetchJson, jsonBody } from "@/lib/api/fetch-json";
import type { IncidentItem, PortChecks } from "./dto";

export type { IncidentItem, PortChecks };

export function fetchPortChecks(portId: string, signal?: AbortSignal): Promise<PortChecks> {
  return fetchJson(`/api/v1/ports/${encodeURIComponent(portId)}/checks`, { signal });
}

export function actOnIncident(
  portId: string,
  incidentId: string,
  action: "acknowledge" | "resolve",
): Promise<IncidentItem> {
  return fetchJson(
    `/api/v1/ports/${encodeURIComponent(portId)}/incidents/${encodeURIComponent(incidentId)}`,
    jsonBody("POST", { action }),
  );
}
