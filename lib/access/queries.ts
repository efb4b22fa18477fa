import "server-only";
import type { CurrentUser } from "@/lib/auth/types";
import { isAdmin } from "@/lib/auth/types";
import { AppError } from "@/lib/core/errors";
import { addDays } from "@/lib/core/time";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { parseAcls } from "./acls";
import {
  lowerStatus,
  requestInclude,
  toRequestDto,
  type AccessRequestDetail,
  type GrantItem,
  type RequestRow,
} from "./dto";
import { canSeeAccess } from "./permissions";
import { grantUsagesOrError } from "./usage";
import { LIVE_GRANT_STATUSES, type RequestStatus } from "./state-machine";

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
        status: { in: [...LIVE_GRANT_STATUSES] },
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

/** A request the user may see, else 404 — never a 403 that would confirm someone else's id exists. */
export async function getVisibleRequest(
  prisma: PrismaClient | Prisma.TransactionClient,
  user: CurrentUser,
  id: string,
): Promise<RequestRow> {
  const request = await prisma.accessRequest.findUnique({ where: { id }, include: requestInclude });
  if (!request || !canSeeAccess(user, request, request.port.product))
    throw AppError.notFound("Access request");
  return request;
}

export async function listAccessRequests(
  prisma: PrismaClient,
  user: CurrentUser,
  query: { as: "owner" | "requester"; status?: RequestStatus },
) {
  const teamIds = user.teams.map((t) => t.id);
  const where: Prisma.AccessRequestWhereInput =
    query.as === "owner"
      ? isAdmin(user)
        ? {}
        : { port: { product: { ownerTeamId: { in: teamIds } } } }
      : { OR: [{ teamId: { in: teamIds } }, { requesterId: user.id }] };
  const rows = await prisma.accessRequest.findMany({
    where: { ...where, ...(query.status ? { status: query.status } : {}) },
    include: requestInclude,
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  return { items: rows.map(toRequestDto) };
}

export async function getAccessRequest(
  prisma: PrismaClient,
  user: CurrentUser,
  id: string,
): Promise<AccessRequestDetail> {
  const request = await getVisibleRequest(prisma, user, id);
  const audit = await prisma.auditEvent.findMany({
    where: { OR: [{ subjectId: id }, ...(request.grant ? [{ subjectId: request.grant.id }] : [])] },
    include: { actor: { select: { name: true } } },
    orderBy: { occurredAt: "asc" },
  });
  return {
    ...toRequestDto(request),
    audit: audit.map((a) => ({
      at: a.occurredAt.toISOString(),
      action: a.action,
      actor: a.actor?.name ?? "Meshport",
      data: a.data,
    })),
  };
}

export async function listGrants(
  prisma: PrismaClient,
  user: CurrentUser,
  query: { team?: string; product?: string },
): Promise<{ items: GrantItem[] }> {
  const teamIds = user.teams.map((t) => t.id);
  const visible: Prisma.GrantWhereInput = isAdmin(user)
    ? {}
    : { OR: [{ teamId: { in: teamIds } }, { port: { product: { ownerTeamId: { in: teamIds } } } }] };
  const grants = await prisma.grant.findMany({
    where: {
      AND: [
        visible,
        query.team ? { team: { slug: query.team } } : {},
        query.product ? { port: { product: { slug: query.product } } } : {},
      ],
    },
    include: {
      team: { select: { slug: true, name: true } },
      port: {
        select: {
          id: true,
          name: true,
          address: true,
          type: true,
          product: {
            select: {
              slug: true,
              name: true,
              lifecycle: true,
              sunsetAt: true,
              deprecationMessage: true,
              successor: { select: { slug: true, name: true } },
            },
          },
        },
      },
    },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  const live = grants.filter((g) => g.status === "ACTIVE" && g.port.type === "KAFKA_TOPIC");
  const { usage, error } = await grantUsagesOrError(
    prisma,
    live.map((g) => ({
      id: g.id,
      teamSlug: g.team.slug,
      topic: g.port.address,
      unusedFlaggedAt: g.unusedFlaggedAt,
    })),
  );
  return {
    items: grants.map((g) => ({
      ...(g.status === "ACTIVE" && g.port.type === "KAFKA_TOPIC"
        ? { usage: usage.get(g.id) ?? null, usageError: error }
        : {}),
      id: g.id,
      status: lowerStatus(g.status),
      principal: g.principal,
      expiresAt: g.expiresAt.toISOString(),
      provisionedAt: g.provisionedAt?.toISOString() ?? null,
      error: g.provisioningError,
      acls: parseAcls(g.acls),
      requestId: g.requestId,
      team: g.team,
      port: { id: g.port.id, name: g.port.name, address: g.port.address },
      product: {
        slug: g.port.product.slug,
        name: g.port.product.name,
        lifecycle: g.port.product.lifecycle,
        deprecation:
          g.port.product.lifecycle === "DEPRECATED"
            ? {
                sunsetAt: g.port.product.sunsetAt?.toISOString() ?? null,
                message: g.port.product.deprecationMessage,
                successor: g.port.product.successor,
              }
            : null,
      },
    })),
  };
}
