import "server-only";
/**
 * Administration: domains and teams (admins), memberships (team owners and admins). Every change
 * is audited and on the outbox. The portal does not create Kafka identities: a team names the
 * principal it authenticates as, and the cluster's operators give it credentials (README).
 */
import type { CurrentUser } from "@/lib/auth/types";
import { AppError } from "@/lib/core/errors";
import { recordChange } from "@/lib/events/record";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { TeamItem } from "./dto";
import { canAdministerOrg, canManageMembers } from "./permissions";
import { teamInclude, toTeamDto } from "./queries";
import type { DomainCreate, DomainUpdate, Membership, TeamCreate, TeamUpdate } from "./schemas";

type Tx = Prisma.TransactionClient;

function requireAdmin(user: CurrentUser): void {
  if (!canAdministerOrg(user)) throw AppError.forbidden("Only admins manage domains and teams");
}

async function domainId(tx: Tx, slug: string): Promise<string> {
  const domain = await tx.domain.findUnique({ where: { slug } });
  if (!domain) throw new AppError("validation_failed", `domain: no domain "${slug}"`, 422);
  return domain.id;
}

export async function createDomain(prisma: PrismaClient, user: CurrentUser, input: DomainCreate) {
  requireAdmin(user);
  return prisma.$transaction(async (tx) => {
    if (await tx.domain.findUnique({ where: { slug: input.slug } }))
      throw AppError.conflict(`A domain "${input.slug}" exists already`);
    const domain = await tx.domain.create({ data: input });
    await recordChange(tx, {
      actorId: user.id,
      action: "domain.created",
      subjectType: "domain",
      subjectId: domain.id,
      productId: null,
      data: { slug: domain.slug, name: domain.name },
    });
    return { slug: domain.slug, name: domain.name, description: domain.description };
  });
}

export async function updateDomain(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
  input: DomainUpdate,
) {
  requireAdmin(user);
  return prisma.$transaction(async (tx) => {
    const existing = await tx.domain.findUnique({ where: { slug } });
    if (!existing) throw AppError.notFound(`Domain "${slug}"`);
    const domain = await tx.domain.update({ where: { id: existing.id }, data: input });
    await recordChange(tx, {
      actorId: user.id,
      action: "domain.updated",
      subjectType: "domain",
      subjectId: domain.id,
      productId: null,
      data: { slug, fields: Object.keys(input) },
    });
    return { slug: domain.slug, name: domain.name, description: domain.description };
  });
}

export async function createTeam(
  prisma: PrismaClient,
  user: CurrentUser,
  input: TeamCreate,
): Promise<TeamItem> {
  requireAdmin(user);
  return prisma.$transaction(async (tx) => {
    if (await tx.team.findUnique({ where: { slug: input.slug } }))
      throw AppError.conflict(`A team "${input.slug}" exists already`);
    // ACLs are per principal: two teams sharing one would share every grant.
    const sharing = await tx.team.findFirst({ where: { kafkaPrincipal: input.kafkaPrincipal } });
    if (sharing)
      throw AppError.conflict(
        `${input.kafkaPrincipal} is team ${sharing.name}'s principal; each team needs its own`,
      );
    const team = await tx.team.create({
      data: {
        slug: input.slug,
        name: input.name,
        description: input.description,
        kafkaPrincipal: input.kafkaPrincipal,
        domainId: input.domain ? await domainId(tx, input.domain) : null,
      },
      include: teamInclude,
    });
    await recordChange(tx, {
      actorId: user.id,
      action: "team.created",
      subjectType: "team",
      subjectId: team.id,
      productId: null,
      data: { slug: team.slug, name: team.name, principal: team.kafkaPrincipal },
    });
    return toTeamDto(team, user);
  });
}

export async function updateTeam(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
  input: TeamUpdate,
): Promise<TeamItem> {
  return prisma.$transaction(async (tx) => {
    const existing = await tx.team.findUnique({ where: { slug } });
    if (!existing) throw AppError.notFound(`Team "${slug}"`);
    // Owners describe their team; moving it to another domain or renaming it is for admins.
    const ownerEdit = Object.keys(input).every((k) => k === "description");
    if (!canAdministerOrg(user) && !(ownerEdit && canManageMembers(user, existing.id)))
      throw AppError.forbidden("Only admins (and, for its description, the team's owners) change a team");
    const { domain, ...rest } = input;
    const team = await tx.team.update({
      where: { id: existing.id },
      data: {
        ...rest,
        ...(domain === undefined ? {} : { domainId: domain === null ? null : await domainId(tx, domain) }),
      },
      include: teamInclude,
    });
    await recordChange(tx, {
      actorId: user.id,
      action: "team.updated",
      subjectType: "team",
      subjectId: team.id,
      productId: null,
      data: { slug, fields: Object.keys(input) },
    });
    return toTeamDto(team, user);
  });
}

async function manageableTeam(tx: Tx, user: CurrentUser, slug: string) {
  const team = await tx.team.findUnique({ where: { slug } });
  if (!team) throw AppError.notFound(`Team "${slug}"`);
  if (!canManageMembers(user, team.id))
    throw AppError.forbidden("Only the team's owners and admins manage its members");
  // Membership changes of one team one after the other: the last-owner rule holds under concurrency.
  await tx.$queryRaw`SELECT 1 FROM teams WHERE id = ${team.id}::uuid FOR UPDATE`;
  return team;
}

/** Adds a member by email (creating the user if they never signed in), or changes their role. */
export async function addMember(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
  input: Membership,
): Promise<TeamItem> {
  return prisma.$transaction(async (tx) => {
    const team = await manageableTeam(tx, user, slug);
    const existing = await tx.teamMembership.findFirst({
      where: { teamId: team.id, user: { email: input.email } },
    });
    if (existing?.role === "OWNER" && input.role !== "OWNER") {
      const owners = await tx.teamMembership.count({ where: { teamId: team.id, role: "OWNER" } });
      if (owners === 1)
        throw AppError.conflict("This is the team's last owner: make someone else owner first");
    }
    const member = await tx.user.upsert({
      where: { email: input.email },
      create: { email: input.email, name: input.name ?? input.email.split("@")[0]! },
      update: {},
    });
    await tx.teamMembership.upsert({
      where: { userId_teamId: { userId: member.id, teamId: team.id } },
      create: { userId: member.id, teamId: team.id, role: input.role },
      update: { role: input.role },
    });
    await recordChange(tx, {
      actorId: user.id,
      action: "team.member_added",
      subjectType: "team",
      subjectId: team.id,
      productId: null,
      data: { team: slug, email: member.email, role: input.role },
    });
    return toTeamDto(await tx.team.findUniqueOrThrow({ where: { id: team.id }, include: teamInclude }), user);
  });
}

/** Removes a member; the team's last owner stays (someone must be able to manage it). */
export async function removeMember(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
  userId: string,
): Promise<TeamItem> {
  return prisma.$transaction(async (tx) => {
    const team = await manageableTeam(tx, user, slug);
    const membership = await tx.teamMembership.findUnique({
      where: { userId_teamId: { userId, teamId: team.id } },
      include: { user: { select: { email: true } } },
    });
    if (!membership) throw AppError.notFound("Member");
    if (membership.role === "OWNER") {
      const owners = await tx.teamMembership.count({ where: { teamId: team.id, role: "OWNER" } });
      if (owners === 1)
        throw AppError.conflict("This is the team's last owner: make someone else owner first");
    }
    await tx.teamMembership.delete({ where: { userId_teamId: { userId, teamId: team.id } } });
    await recordChange(tx, {
      actorId: user.id,
      action: "team.member_removed",
      subjectType: "team",
      subjectId: team.id,
      productId: null,
      data: { team: slug, email: membership.user.email },
    });
    return toTeamDto(await tx.team.findUniqueOrThrow({ where: { id: team.id }, include: teamInclude }), user);
  });
}
