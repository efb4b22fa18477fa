/**
 * One portal event in, its notifications out: who hears it (from the database, at the time the
 * notifier reads the event), in which channels (their settings), and the rows that deliver it —
 * in-app notifications, emails to send, webhook deliveries — written in one transaction with
 * `ON CONFLICT DO NOTHING` on (event, recipient). Reading the same event twice (a redelivery after
 * a crash or a rebalance) writes nothing twice. Plain Node: the notifier and tests share it.
 */
import { env } from "@/lib/core/env";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import {
  channelsFor,
  kindsForAction,
  type Audience,
  type ChannelChoice,
  type NotificationKindKey,
} from "./kinds";
import { describe, nextDigestAt, toEmail, type EventContext, type PortalEvent } from "./messages";

const TYPE_PREFIX = "dev.meshport.";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CloudEvent {
  specversion: string;
  id: string;
  source: string;
  type: string;
  subject?: string;
  time?: string;
  datacontenttype?: string;
  data?: unknown;
}

/** A message from the events topic as a portal event; null for anything else (logged, skipped). */
export function parseCloudEvent(
  value: Buffer | string | null,
): { event: PortalEvent; raw: CloudEvent } | null {
  if (!value) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(value.toString());
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null) return null;
  const ce = raw as Partial<CloudEvent>;
  if (typeof ce.id !== "string" || !UUID.test(ce.id) || typeof ce.type !== "string") return null;
  if (!ce.type.startsWith(TYPE_PREFIX)) return null;
  const data = typeof ce.data === "object" && ce.data !== null ? (ce.data as Record<string, unknown>) : {};
  return {
    event: {
      id: ce.id,
      action: ce.type.slice(TYPE_PREFIX.length),
      time: typeof ce.time === "string" ? ce.time : new Date().toISOString(),
      subject: typeof ce.subject === "string" ? ce.subject : null,
      data,
    },
    raw: ce as CloudEvent,
  };
}

interface Resolved {
  ctx: EventContext;
  productId: string | null;
  ownerTeamId: string | null;
  requesterId: string | null;
  consumerTeamId: string | null;
  /** The team a team-level event concerns (webhook.disabled). */
  teamId: string | null;
}

const idOf = (event: PortalEvent, key: string, subjectType: string): string | null => {
  const fromData = event.data[key];
  if (typeof fromData === "string" && UUID.test(fromData)) return fromData;
  const [type, id] = (event.subject ?? "").split("/");
  return type === subjectType && id && UUID.test(id) ? id : null;
};

const productSelect = {
  id: true,
  slug: true,
  name: true,
  ownerTeamId: true,
  ownerTeam: { select: { slug: true, name: true } },
  successor: { select: { slug: true, name: true } },
} as const;

/** Reads what the event is about; null when it names nothing this database knows (another portal's). */
async function resolve(prisma: PrismaClient, event: PortalEvent): Promise<Resolved | null> {
  const actorId = typeof event.data.actorId === "string" ? event.data.actorId : null;
  const actor =
    actorId && UUID.test(actorId)
      ? await prisma.user.findUnique({ where: { id: actorId }, select: { name: true } })
      : null;
  const base = { actorName: actor?.name ?? null };
  const [family] = event.action.split(".");
  if (family === "access_request") {
    const id = idOf(event, "requestId", "access_request");
    const request = id
      ? await prisma.accessRequest.findUnique({
          where: { id },
          include: { team: true, port: { include: { product: { select: productSelect } } } },
        })
      : null;
    if (!request) return null;
    const product = request.port.product;
    return {
      ctx: {
        ...base,
        product,
        port: request.port,
        team: request.team,
        ownerTeam: product.ownerTeam,
        requestId: request.id,
      },
      productId: product.id,
      ownerTeamId: product.ownerTeamId,
      requesterId: request.requesterId,
      consumerTeamId: request.teamId,
      teamId: null,
    };
  }
  if (family === "grant") {
    const id = idOf(event, "grantId", "grant");
    const grant = id
      ? await prisma.grant.findUnique({
          where: { id },
          include: { team: true, request: true, port: { include: { product: { select: productSelect } } } },
        })
      : null;
    if (!grant) return null;
    const product = grant.port.product;
    return {
      ctx: {
        ...base,
        product,
        port: grant.port,
        team: grant.team,
        ownerTeam: product.ownerTeam,
        requestId: grant.requestId,
      },
      productId: product.id,
      ownerTeamId: product.ownerTeamId,
      requesterId: grant.request?.requesterId ?? null,
      consumerTeamId: grant.teamId,
      teamId: null,
    };
  }
  if (family === "schema" || family === "contract") {
    const id = idOf(event, "portId", "output_port");
    const port = id
      ? await prisma.outputPort.findUnique({ where: { id }, include: { product: { select: productSelect } } })
      : null;
    if (!port) return null;
    return {
      ctx: { ...base, product: port.product, port, ownerTeam: port.product.ownerTeam },
      productId: port.productId,
      ownerTeamId: port.product.ownerTeamId,
      requesterId: null,
      consumerTeamId: null,
      teamId: null,
    };
  }
  if (family === "product") {
    const id = idOf(event, "productId", "data_product");
    const product = id ? await prisma.dataProduct.findUnique({ where: { id }, select: productSelect }) : null;
    if (!product) return null;
    return {
      ctx: { ...base, product, ownerTeam: product.ownerTeam, successor: product.successor },
      productId: product.id,
      ownerTeamId: product.ownerTeamId,
      requesterId: null,
      consumerTeamId: null,
      teamId: null,
    };
  }
  if (family === "webhook") {
    const teamId =
      typeof event.data.teamId === "string" && UUID.test(event.data.teamId) ? event.data.teamId : null;
    const team = teamId ? await prisma.team.findUnique({ where: { id: teamId } }) : null;
    if (!team) return null;
    return {
      ctx: { ...base, team },
      productId: null,
      ownerTeamId: null,
      requesterId: null,
      consumerTeamId: null,
      teamId: team.id,
    };
  }
  return null;
}

/** Grants that make a team a follower: live ones, and those ended by this very event (a retirement). */
function followerGrantWhere(productId: string, eventTime: Date): Prisma.GrantWhereInput {
  return {
    port: { productId },
    OR: [
      { status: { in: ["PROVISIONING", "ACTIVE", "FAILED"] } },
      { revokedAt: { gte: new Date(eventTime.getTime() - 60_000) } },
    ],
  };
}

interface Audiences {
  users: Map<Audience, Set<string>>;
  teams: Map<Audience, Set<string>>;
}

async function audiences(
  prisma: PrismaClient,
  event: PortalEvent,
  r: Resolved,
  wanted: Set<Audience>,
): Promise<Audiences> {
  const users = new Map<Audience, Set<string>>();
  const teams = new Map<Audience, Set<string>>();
  const membersOf = async (teamIds: string[], ownersOnly = false) =>
    teamIds.length === 0
      ? []
      : (
          await prisma.teamMembership.findMany({
            where: { teamId: { in: teamIds }, ...(ownersOnly ? { role: "OWNER" as const } : {}) },
            select: { userId: true },
          })
        ).map((m) => m.userId);
  if (wanted.has("owners") && r.ownerTeamId) {
    users.set("owners", new Set(await membersOf([r.ownerTeamId])));
    teams.set("owners", new Set([r.ownerTeamId]));
  }
  if (wanted.has("requester")) {
    users.set("requester", new Set(r.requesterId ? [r.requesterId] : []));
    teams.set("requester", new Set(r.consumerTeamId ? [r.consumerTeamId] : []));
  }
  if (wanted.has("consumers") && r.consumerTeamId) {
    users.set("consumers", new Set(await membersOf([r.consumerTeamId])));
    teams.set("consumers", new Set([r.consumerTeamId]));
  }
  if (wanted.has("followers") && r.productId) {
    const grants = await prisma.grant.findMany({
      where: followerGrantWhere(r.productId, new Date(event.time)),
      select: { teamId: true },
    });
    const holderTeams = [...new Set(grants.map((g) => g.teamId))].filter((t) => t !== r.ownerTeamId);
    const watchers = await prisma.productWatch.findMany({
      where: { productId: r.productId },
      select: { userId: true },
    });
    users.set("followers", new Set([...(await membersOf(holderTeams)), ...watchers.map((w) => w.userId)]));
    teams.set("followers", new Set(holderTeams));
  }
  if (wanted.has("team_owners") && r.teamId) {
    users.set("team_owners", new Set(await membersOf([r.teamId], true)));
    teams.set("team_owners", new Set([r.teamId]));
  }
  return { users, teams };
}

export interface DispatchResult {
  inApp: number;
  emails: number;
  webhooks: number;
}

const NOTHING: DispatchResult = { inApp: 0, emails: 0, webhooks: 0 };

/**
 * Writes every notification an event causes. Idempotent per (event, recipient, channel).
 * `now` dates the rows and digests (tests inject it).
 */
export async function dispatchEvent(
  prisma: PrismaClient,
  event: PortalEvent,
  raw: CloudEvent,
  options: { now?: Date; emailEnabled?: boolean; baseUrl?: string } = {},
): Promise<DispatchResult> {
  const kinds = kindsForAction(event.action);
  if (kinds.length === 0) return NOTHING;
  const r = await resolve(prisma, event);
  if (!r) return NOTHING;
  const wanted = new Set(kinds.flatMap((k) => k.audience));
  const { users, teams } = await audiences(prisma, event, r, wanted);
  const actorId = typeof event.data.actorId === "string" ? event.data.actorId : null;

  // Each user hears the event once: under the first kind and audience that names them.
  const perUser = new Map<string, { kind: NotificationKindKey; audience: Audience }>();
  for (const { kind, audience } of kinds)
    for (const a of audience)
      for (const userId of users.get(a) ?? [])
        if (userId !== actorId && !perUser.has(userId)) perUser.set(userId, { kind, audience: a });
  // A team's webhooks hear it once, if subscribed to any of the kinds that reach the team.
  const teamKinds = new Map<string, Set<NotificationKindKey>>();
  for (const { kind, audience } of kinds)
    for (const a of audience)
      for (const teamId of teams.get(a) ?? [])
        teamKinds.set(teamId, (teamKinds.get(teamId) ?? new Set()).add(kind));

  const userIds = [...perUser.keys()];
  const [settings, people, hooks] = await Promise.all([
    userIds.length
      ? prisma.notificationSetting.findMany({ where: { userId: { in: userIds } } })
      : Promise.resolve([]),
    userIds.length
      ? prisma.user.findMany({
          where: { id: { in: userIds } },
          select: { id: true, email: true, emailDigest: true },
        })
      : Promise.resolve([]),
    teamKinds.size
      ? prisma.webhook.findMany({ where: { teamId: { in: [...teamKinds.keys()] }, enabled: true } })
      : Promise.resolve([]),
  ]);
  const saved = new Map<string, Map<string, ChannelChoice>>();
  for (const s of settings) saved.set(s.userId, (saved.get(s.userId) ?? new Map()).set(s.kind, s));
  const person = new Map(people.map((p) => [p.id, p]));
  const now = options.now ?? new Date();
  const emailEnabled = options.emailEnabled ?? Boolean(env().SMTP_URL);
  const baseUrl = options.baseUrl ?? publicUrl();

  const notifications: Prisma.NotificationCreateManyInput[] = [];
  const emails: Prisma.EmailDeliveryCreateManyInput[] = [];
  for (const [userId, { kind, audience }] of perUser) {
    const message = describe(kind, audience, event, r.ctx);
    const who = person.get(userId);
    if (!message || !who) continue;
    const channels = channelsFor(kind, saved.get(userId));
    if (channels.inApp)
      notifications.push({
        userId,
        eventId: event.id,
        kind,
        ...message,
        productId: r.productId,
        createdAt: now,
      });
    if (channels.email && emailEnabled)
      emails.push({
        eventId: event.id,
        userId,
        to: who.email,
        ...toEmail(message, baseUrl),
        digest: who.emailDigest,
        nextAttemptAt: who.emailDigest ? nextDigestAt(now) : now,
        createdAt: now,
      });
  }
  const deliveries: Prisma.WebhookDeliveryCreateManyInput[] = [];
  for (const hook of hooks) {
    const match = [...(teamKinds.get(hook.teamId) ?? [])].find((k) => hook.kinds.includes(k));
    if (match)
      deliveries.push({
        webhookId: hook.id,
        eventId: event.id,
        kind: match,
        payload: raw as unknown as Prisma.InputJsonValue,
        nextAttemptAt: now,
        createdAt: now,
      });
  }
  if (notifications.length + emails.length + deliveries.length === 0) return NOTHING;
  const [a, b, c] = await prisma.$transaction([
    prisma.notification.createMany({ data: notifications, skipDuplicates: true }),
    prisma.emailDelivery.createMany({ data: emails, skipDuplicates: true }),
    prisma.webhookDelivery.createMany({ data: deliveries, skipDuplicates: true }),
  ]);
  return { inApp: a.count, emails: b.count, webhooks: c.count };
}

/** Where people open the portal (links in emails). */
export function publicUrl(): string {
  return env().MESHPORT_PUBLIC_URL ?? env().NEXTAUTH_URL ?? "http://localhost:3000";
}
