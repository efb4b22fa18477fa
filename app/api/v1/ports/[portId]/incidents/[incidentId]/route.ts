// POST /api/v1/ports/{portId}/incidents/{incidentId} — owners acknowledge or resolve a contract incident
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { IncidentActionResultDto } from "@/lib/monitor/dto";
import { actOnIncident } from "@/lib/monitor/mutations";
import { IncidentActionSchema, IncidentParams } from "@/lib/monitor/schemas";

export const POST = route(
  {
    operationId: "actOnIncident",
    summary: "The owner team (or an admin) acknowledges or resolves an incident of the port's contract",
    response: { schema: IncidentActionResultDto, description: "The incident after the change" },
    errors: [403, 404, 409],
    scope: "catalog:write",
    params: IncidentParams,
    body: IncidentActionSchema,
  },
  async ({ params, body, user }) =>
    actOnIncident(await db(), user, params.portId, params.incidentId, body.action),
);
