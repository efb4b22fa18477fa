import "server-only";
/** Owners acknowledge and resolve contract incidents (a conditional update: a race gets 409). */
import type { CurrentUser } from "@/lib/auth/types";
import { loadContractPort } from "@/lib/catalog/port-contracts";
import { AppError } from "@/lib/core/errors";
import { recordChange } from "@/lib/events/record";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { IncidentItem } from "./dto";
import { canHandleIncidents } from "./permissions";
import { incidentInclude, toIncidentDto } from "./queries";
import type { IncidentAction } from "./schemas";

export async function actOnIncident(
  prisma: PrismaClient,
  user: CurrentUser,
  portId: string,
  incidentId: string,
  action: IncidentAction["action"],
): Promise<IncidentItem> {
  const port = await loadContractPort(prisma, user, portId);
  if (!canHandleIncidents(user, port.product))
    throw AppError.forbidden("Only the owner team and admins handle this port's incidents");
  return prisma.$transaction(async (tx) => {
    const from = action === "acknowledge" ? (["OPEN"] as const) : (["OPEN", "ACKNOWLEDGED"] as const);
    const now = new Date();
    const { count } = await tx.contractIncident.updateMany({
      where: { id: incidentId, portId, state: { in: [...from] } },
      data:
        action === "acknowledge"
          ? { state: "ACKNOWLEDGED", acknowledgedAt: now, acknowledgedById: user.id }
          : { state: "RESOLVED", resolvedAt: now, resolvedById: user.id, resolution: "resolved" },
    });
    const incident = await tx.contractIncident.findUnique({
      where: { id: incidentId },
      include: incidentInclude,
    });
    if (!incident || incident.portId !== portId) throw AppError.notFound(`Incident "${incidentId}"`);
    if (count === 0)
      throw AppError.conflict(`The incident is ${incident.state.toLowerCase()}: it cannot be ${action}d now`);
    await recordChange(tx, {
      actorId: user.id,
      action: action === "acknowledge" ? "contract.incident_acknowledged" : "contract.incident_resolved",
      subjectType: "output_port",
      subjectId: portId,
      productId: port.productId,
      data: { incidentId, rule: incident.rule, port: port.name },
    });
    return toIncidentDto(incident);
  });
}
