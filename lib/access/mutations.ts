import "server-only";
import type { CurrentUser } from "@/lib/auth/types";
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { recordChange } from "@/lib/events/record";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { RequestChannel } from "@/lib/generated/prisma/enums";
import { createAcls, deleteAcls } from "@/lib/kafka/acls";
import { aclsToDelete, grantAcls, parseAcls } from "./acls";
import {
  canCancel,
  canDecide,
  canManageGrant,
  canRequestFor,
  canSeeAccess,
  requestRefusal,
} from "./permissions";
import { canSeeProduct } from "@/lib/catalog/permissions";
import { getVisibleRequest } from "./queries";
import { DEFAULT_GRANT_DAYS, type AccessRequestCreate } from "./schemas";
import {
  grantSourceStatuses,
  LIVE_GRANT_STATUSES,
  nextGrantStatus,
  nextRequestStatus,
  requestSourceStatuses,
  type GrantEvent,
  type GrantStatus,
  type RequestAction,
} from "./state-machine";
import { DAY_MS as DAY } from "@/lib/core/time";
import { lowerStatus, type Decision, type GrantState } from "./dto";

/**
 * Files a request for one of the user's teams. `via` says where (owners see it): by default the
 * portal for a session and the API for a token; the MCP server passes "MCP".
 */
export async function createAccessRequest(
  prisma: PrismaClient,
  user: CurrentUser,
  input: AccessRequestCreate,
  via: RequestChannel = user.credential?.kind === "token" ? "API" : "PORTAL",
) {
  const now = Date.now();
  const maxDays = env().MESHPORT_MAX_GRANT_DAYS;
  const expiresAt = input.expiresAt
    ? new Date(input.expiresAt)
    : new Date(now + Math.min(DEFAULT_GRANT_DAYS, maxDays) * DAY);
  if (expiresAt.getTime() <= now + 60_000)
    throw new AppError("validation_failed", "expiresAt: must be in the future", 422);
  if (expiresAt.getTime() > now + maxDays * DAY)
    throw new AppError("validation_failed", `expiresAt: at most ${maxDays} days from now`, 422);

  return prisma.$transaction(async (tx) => {
    const team = await tx.team.findUnique({ where: { slug: input.teamSlug } });
    if (!team || !canRequestFor(user, team.id))
      throw AppError.forbidden(`You can request access only for your own teams`);
    const port = await tx.outputPort.findUnique({
      where: { id: input.portId },
      include: { product: { include: { successor: { select: { slug: true, name: true } } } } },
    });
    if (!port || !canSeeProduct(user, port.product)) throw AppError.notFound("Output port");
    if (port.product.ownerTeamId === team.id)
      throw AppError.conflict(`${team.name} owns this product already`);
    const closed = requestRefusal(port.product, port);
    if (closed) throw AppError.conflict(closed);
    const pending = await tx.accessRequest.findFirst({
      where: { portId: port.id, teamId: team.id, status: "PENDING" },
    });
    if (pending) throw AppError.conflict(`${team.name} already has a pending request for this port`);
    const live = await tx.grant.findFirst({
      where: { portId: port.id, teamId: team.id, status: { in: ["PROVISIONING", "ACTIVE", "FAILED"] } },
    });
    if (live) throw AppError.conflict(`${team.name} already has access to this port`);
    const request = await tx.accessRequest.create({
      data: {
        portId: port.id,
        teamId: team.id,
        requesterId: user.id,
        purpose: input.purpose,
        justification: input.justification,
        expiresAt,
        filedVia: via,
      },
    });
    await recordChange(tx, {
      actorId: user.id,
      action: "access_request.created",
      subjectType: "access_request",
      subjectId: request.id,
      productId: port.productId,
      data: {
        requestId: request.id,
        port: port.name,
        team: team.slug,
        expiresAt: expiresAt.toISOString(),
        via: via.toLowerCase(),
      },
    });
    return { id: request.id, status: "pending" as const };
  });
}

/**
 * Approve, deny or cancel. The status changes with a conditional update (`WHERE status IN
 * (allowed)`), so of two owners approving at once exactly one decision is recorded and the
 * other gets 409. Approval creates the grant in the same transaction, then provisions it.
 */
export async function decideAccessRequest(
  prisma: PrismaClient,
  user: CurrentUser,
  id: string,
  action: RequestAction,
  reason?: string,
): Promise<Decision> {
  const result = await prisma.$transaction(async (tx) => {
    const request = await getVisibleRequest(tx, user, id);
    const allowed =
      action === "cancel" ? canCancel(user, request) : canDecide(user, request, request.port.product);
    if (!allowed) {
      throw AppError.forbidden(
        action === "cancel"
          ? "Only the requester can cancel this request"
          : request.port.product.ownerTeamId === request.teamId ||
              user.teams.some((t) => t.id === request.teamId)
            ? "Approving your own team's request is for admins only"
            : "Only the owner team decides on access to its product",
      );
    }
    if (action === "approve" && request.port.product.lifecycle === "RETIRED")
      throw AppError.conflict("The data product was retired: deny the request instead");
    const to = nextRequestStatus(request.status, action);
    const updated = await tx.accessRequest.updateMany({
      where: { id, status: { in: [...requestSourceStatuses(action)] } },
      data: {
        status: to,
        ...(action === "cancel"
          ? {}
          : { decidedById: user.id, decidedAt: new Date(), decisionReason: reason ?? null }),
      },
    });
    if (updated.count === 0) throw AppError.conflict("Someone decided on this request a moment ago");
    await recordChange(tx, {
      actorId: user.id,
      action: `access_request.${to.toLowerCase()}`,
      subjectType: "access_request",
      subjectId: id,
      productId: request.port.productId,
      data: {
        requestId: id,
        team: request.team.slug,
        port: request.port.name,
        ...(reason ? { reason } : {}),
      },
    });
    if (action !== "approve") return { status: lowerStatus(to), grantId: null };
    const team = await tx.team.findUniqueOrThrow({ where: { id: request.teamId } });
    const acls =
      request.port.type === "KAFKA_TOPIC"
        ? grantAcls(team.kafkaPrincipal, team.slug, request.port.address)
        : [];
    // A deprecated product's grants end at its sunset at the latest.
    const sunset = request.port.product.sunsetAt;
    const grant = await tx.grant.create({
      data: {
        requestId: id,
        portId: request.portId,
        teamId: request.teamId,
        principal: team.kafkaPrincipal,
        expiresAt: sunset && sunset < request.expiresAt ? sunset : request.expiresAt,
        acls: acls as unknown as Prisma.InputJsonValue,
      },
    });
    await recordChange(tx, {
      actorId: user.id,
      action: "grant.provisioning",
      subjectType: "grant",
      subjectId: grant.id,
      productId: request.port.productId,
      data: {
        grantId: grant.id,
        requestId: id,
        principal: team.kafkaPrincipal,
        acls: acls as unknown as Prisma.InputJsonValue,
      },
    });
    return { status: "approved" as const, grantId: grant.id };
  });
  if (!result.grantId) return { status: result.status };
  const grant = await provisionGrant(prisma, result.grantId, user.id);
  return { status: result.status, grant };
}

/** Moves a grant along the state machine with a conditional update; false when someone else moved it first. */
async function moveGrant(
  tx: Prisma.TransactionClient,
  grant: { id: string; status: GrantStatus },
  event: GrantEvent,
  data: Prisma.GrantUpdateManyMutationInput = {},
): Promise<boolean> {
  const to = nextGrantStatus(grant.status, event);
  const res = await tx.grant.updateMany({
    where: { id: grant.id, status: { in: [...grantSourceStatuses(event)] } },
    data: { ...data, status: to },
  });
  return res.count === 1;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

/**
 * Creates the grant's ACLs on the broker and marks it active — or failed, with the broker's
 * error, for a retry. Idempotent: ACL creation is, and only a PROVISIONING grant is moved.
 */
export async function provisionGrant(
  prisma: PrismaClient,
  grantId: string,
  actorId: string | null,
): Promise<GrantState> {
  const grant = await prisma.grant.findUniqueOrThrow({
    where: { id: grantId },
    include: { port: { select: { productId: true } } },
  });
  if (grant.status !== "PROVISIONING")
    return { id: grant.id, status: lowerStatus(grant.status), error: grant.provisioningError };
  let failure: string | null = null;
  try {
    await createAcls(parseAcls(grant.acls));
  } catch (err) {
    if (err instanceof AppError && err.code === "kafka_unavailable") {
      // Not a verdict (the broker did not answer in time, or is down): the grant stays
      // provisioning with the reason, and the scheduler's sweep tries again.
      await prisma.grant.updateMany({
        where: { id: grant.id, status: "PROVISIONING" },
        data: { provisioningError: `Waiting for the broker: ${errorText(err)}` },
      });
      const waiting = await prisma.grant.findUniqueOrThrow({ where: { id: grantId } });
      return { id: waiting.id, status: lowerStatus(waiting.status), error: waiting.provisioningError };
    }
    failure = errorText(err);
  }
  await prisma.$transaction(async (tx) => {
    if (!failure)
      // A flagged input port of the team's products is whole again.
      await tx.inputPort.updateMany({
        where: {
          outputPortId: grant.portId,
          product: { ownerTeamId: grant.teamId },
          flaggedAt: { not: null },
        },
        data: { flaggedAt: null, flagReason: null },
      });
    const moved = await moveGrant(
      tx,
      grant,
      failure ? "provisioning_failed" : "provisioned",
      failure ? { provisioningError: failure } : { provisioningError: null, provisionedAt: new Date() },
    );
    if (!moved) return;
    await recordChange(tx, {
      actorId,
      action: failure ? "grant.failed" : "grant.active",
      subjectType: "grant",
      subjectId: grant.id,
      productId: grant.port.productId,
      data: { grantId: grant.id, principal: grant.principal, ...(failure ? { error: failure } : {}) },
    });
  });
  const after = await prisma.grant.findUniqueOrThrow({ where: { id: grantId } });
  return { id: after.id, status: lowerStatus(after.status), error: after.provisioningError };
}

async function getManageableGrant(prisma: PrismaClient, user: CurrentUser, id: string) {
  const grant = await prisma.grant.findUnique({
    where: { id },
    include: { port: { include: { product: true } } },
  });
  if (!grant || !canSeeAccess(user, grant, grant.port.product)) throw AppError.notFound("Grant");
  if (!canManageGrant(user, grant, grant.port.product))
    throw AppError.forbidden("Only the owner team or the consumer team may change this grant");
  return grant;
}

/** Re-provisions a failed (or active) grant: idempotent on the broker. */
export async function retryGrant(prisma: PrismaClient, user: CurrentUser, id: string): Promise<GrantState> {
  const grant = await getManageableGrant(prisma, user, id);
  await prisma.$transaction(async (tx) => {
    if (!(await moveGrant(tx, grant, "retry"))) throw AppError.conflict("The grant changed a moment ago");
  });
  return provisionGrant(prisma, id, user.id);
}

/** Revokes a grant: marks it revoking, then removes exactly its ACLs no other live grant needs. */
export async function revokeGrant(prisma: PrismaClient, user: CurrentUser, id: string): Promise<GrantState> {
  const grant = await getManageableGrant(prisma, user, id);
  await prisma.$transaction(async (tx) => {
    if (!(await moveGrant(tx, grant, "revoke", { revokedById: user.id })))
      throw AppError.conflict("The grant changed a moment ago");
  });
  return completeRevocation(prisma, id, user.id);
}

/**
 * Removes a REVOKING grant's ACLs (those no other live grant of the principal still needs) and
 * closes it as revoked — or expired when nobody revoked it and its time ran out. Kafka errors go
 * up (503) and the grant stays REVOKING: the scheduler finishes it when the broker is back.
 */
export async function completeRevocation(
  prisma: PrismaClient,
  id: string,
  actorId: string | null,
): Promise<GrantState> {
  const grant = await prisma.grant.findUniqueOrThrow({
    where: { id },
    include: { port: { select: { productId: true } } },
  });
  if (grant.status !== "REVOKING") return { id, status: lowerStatus(grant.status) };
  const others = await prisma.grant.findMany({
    where: {
      id: { not: id },
      principal: grant.principal,
      status: { in: [...LIVE_GRANT_STATUSES].filter((s) => s !== "REVOKING") },
    },
    select: { acls: true },
  });
  await deleteAcls(
    aclsToDelete(
      parseAcls(grant.acls),
      others.map((o) => parseAcls(o.acls)),
    ),
  );
  const event: GrantEvent =
    grant.revokedById === null && grant.expiresAt.getTime() <= Date.now() ? "expired" : "revoked";
  await prisma.$transaction(async (tx) => {
    if (!(await moveGrant(tx, grant, event, { revokedAt: new Date() }))) return;
    // A product of the team that declared this port as an input keeps the declaration, flagged.
    await tx.inputPort.updateMany({
      where: { outputPortId: grant.portId, product: { ownerTeamId: grant.teamId }, flaggedAt: null },
      data: {
        flaggedAt: new Date(),
        flagReason: `The grant ${event === "expired" ? "expired" : "was revoked"}`,
      },
    });
    await recordChange(tx, {
      actorId,
      action: `grant.${event}`,
      subjectType: "grant",
      subjectId: id,
      productId: grant.port.productId,
      data: { grantId: id, principal: grant.principal },
    });
  });
  return { id, status: event };
}

/**
 * The scheduler's sweep (survives restarts: all state is in the database): expires grants past
 * their time, finishes revocations interrupted by a crash or an outage, and provisions grants
 * left PROVISIONING by a process that died after approving.
 */
export async function sweepGrants(
  prisma: PrismaClient,
  now = new Date(),
): Promise<{ expired: number; revoked: number; provisioned: number; warned: number }> {
  const due = await prisma.grant.findMany({
    where: { status: { in: ["PROVISIONING", "ACTIVE", "FAILED"] }, expiresAt: { lte: now } },
    take: 100,
  });
  for (const grant of due) {
    await prisma.$transaction((tx) => moveGrant(tx, grant, "revoke"));
  }
  const revoking = await prisma.grant.findMany({ where: { status: "REVOKING" }, take: 100 });
  for (const grant of revoking) await completeRevocation(prisma, grant.id, null);
  const stuck = await prisma.grant.findMany({
    where: { status: "PROVISIONING", updatedAt: { lte: new Date(now.getTime() - 10_000) } },
    take: 100,
  });
  for (const grant of stuck) await provisionGrant(prisma, grant.id, null);
  const warned = await warnExpiringGrants(prisma, now);
  return { expired: due.length, revoked: revoking.length, provisioned: stuck.length, warned };
}

/**
 * Announces coming expiries as `grant.expiring` events (the notifier tells the requester): once
 * 7 days before and once 1 day before, each marked on the grant in the same transaction (a
 * conditional update, so two sweeps never announce twice). A grant made for less than 7 days
 * gets only the 1-day notice.
 */
export async function warnExpiringGrants(prisma: PrismaClient, now = new Date()): Promise<number> {
  let warned = 0;
  for (const days of [1, 7] as const) {
    const field = days === 7 ? "expiryWarned7dAt" : "expiryWarned1dAt";
    const due = await prisma.grant.findMany({
      where: {
        status: "ACTIVE",
        expiresAt: { gt: now, lte: new Date(now.getTime() + days * DAY) },
        [field]: null,
        ...(days === 7 ? { expiryWarned1dAt: null } : {}),
      },
      include: { port: { select: { productId: true } } },
      take: 200,
    });
    for (const grant of due) {
      // The 7-day notice only for grants that had more than 7 days when made (marked, not sent).
      const silent = days === 7 && grant.expiresAt.getTime() - grant.createdAt.getTime() <= 7 * DAY;
      await prisma.$transaction(async (tx) => {
        const marked = await tx.grant.updateMany({
          where: { id: grant.id, [field]: null },
          data: { [field]: now, ...(days === 1 ? { expiryWarned7dAt: grant.expiryWarned7dAt ?? now } : {}) },
        });
        if (marked.count === 0 || silent) return;
        warned++;
        await recordChange(tx, {
          actorId: null,
          action: "grant.expiring",
          subjectType: "grant",
          subjectId: grant.id,
          productId: grant.port.productId,
          data: { grantId: grant.id, days, expiresAt: grant.expiresAt.toISOString() },
        });
      });
    }
  }
  return warned;
}
