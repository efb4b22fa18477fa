import "server-only";
import type { CurrentUser } from "@/lib/auth/types";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { addDays } from "@/lib/core/time";

/**
 * What the product page shows about access, per port: the live grants and pending requests of
 * the viewer's teams (owners and admins see every team's), and the viewer's teams' requests
 * denied in the last 30 days, with the reason (owners find those in their inbox).
 */
export async function getProductAccess(
  prisma: PrismaClient,
  user: CurrentUser,
  productId: string,
  seesAll: boolean,
) {
  const teamFilter = seesAll ? {} : { teamId: { in: user.teams.map((t) => t.id) } };
  const [grants, pending, denied] = await Promise.all([
    prisma.grant.findMany({
      where: {
        port: { productId },
        status: { in: ["PROVISIONING", "ACTIVE", "FAILED", "REVOKING"] },
        ...teamFilter,
      },
      include: { team: { select: { slug: true, name: true } } },
      orderBy: { createdAt: "asc" },
    }),
    prisma.accessRequest.findMany({
      where: { port: { productId }, status: "PENDING", ...teamFilter },
      include: { team: { select: { slug: true, name: true } } },
      orderBy: { createdAt: "asc" },
    }),
    prisma.accessRequest.findMany({
      where: {
        port: { productId },
        status: "DENIED",
        decidedAt: { gt: addDays(Date.now(), -30) },
        teamId: { in: user.teams.map((t) => t.id) },
      },
      include: { team: { select: { slug: true, name: true } } },
      orderBy: { decidedAt: "desc" },
    }),
  ]);
  return {
    grants: grants.map((g) => ({
      id: g.id,
      portId: g.portId,
      status: g.status.toLowerCase(),
      team: g.team,
      expiresAt: g.expiresAt.toISOString(),
    })),
    pending: pending.map((r) => ({ id: r.id, portId: r.portId, team: r.team })),
    denied: denied.map((r) => ({
      id: r.id,
      portId: r.portId,
      team: r.team,
      reason: r.decisionReason ?? "",
      decidedAt: r.decidedAt!.toISOString(),
    })),
  };
}

/** The product's audit trail, newest first. */
export async function listProductAudit(prisma: PrismaClient, productId: string, take = 25) {
  const events = await prisma.auditEvent.findMany({
    where: { productId },
    include: { actor: { select: { name: true } } },
    orderBy: { occurredAt: "desc" },
    take,
  });
  return events.map((e) => ({
    id: e.id,
    at: e.occurredAt.toISOString(),
    action: e.action,
    actor: e.actor?.name ?? "Meshport",
    data: e.data,
  }));
}

/** Pending requests an owner (or admin) can decide: the inbox badge. */
export async function countInbox(prisma: PrismaClient, user: CurrentUser): Promise<number> {
  if (user.role === "ADMIN") return prisma.accessRequest.count({ where: { status: "PENDING" } });
  const teamIds = user.teams.map((t) => t.id);
  if (teamIds.length === 0) return 0;
  return prisma.accessRequest.count({
    where: {
      status: "PENDING",
      port: { product: { ownerTeamId: { in: teamIds } } },
      teamId: { notIn: teamIds },
    },
  });
}
