import "server-only";
import type { CurrentUser } from "@/lib/auth/types";
import { AppError } from "@/lib/core/errors";
import { env } from "@/lib/core/env";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { canSeeProduct } from "@/lib/catalog/permissions";
import type {
  DeliveryList,
  NotificationItem,
  NotificationList,
  NotificationSettings,
  WatchState,
  WebhookItem,
  WebhookList,
} from "./dto";
import { NOTIFICATION_KIND_KEYS, NOTIFICATION_KINDS, channelsFor, type ChannelChoice } from "./kinds";
import { canManageWebhooks, canSeeWebhooks } from "./permissions";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toNotificationDto(n: {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string;
  createdAt: Date;
  readAt: Date | null;
}): NotificationItem {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    link: n.link,
    createdAt: n.createdAt.toISOString(),
    readAt: iso(n.readAt),
  };
}

export function countUnread(prisma: PrismaClient, userId: string): Promise<number> {
  return prisma.notification.count({ where: { userId, readAt: null } });
}

/** The caller's notifications, newest first, and how many are unread. */
export async function listNotifications(
  prisma: PrismaClient,
  user: CurrentUser,
  q: { unread?: "true" | "false"; limit: number; before?: string },
): Promise<NotificationList> {
  const where: Prisma.NotificationWhereInput = {
    userId: user.id,
    ...(q.unread === "true" ? { readAt: null } : {}),
    ...(q.before ? { createdAt: { lt: new Date(q.before) } } : {}),
  };
  const [rows, unread] = await Promise.all([
    prisma.notification.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: q.limit + 1,
    }),
    countUnread(prisma, user.id),
  ]);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map(toNotificationDto),
    unread,
    nextBefore: rows.length > q.limit ? page.at(-1)!.createdAt.toISOString() : null,
  };
}

export async function getNotificationSettings(
  prisma: PrismaClient,
  user: CurrentUser,
): Promise<NotificationSettings> {
  const [saved, me] = await Promise.all([
    prisma.notificationSetting.findMany({ where: { userId: user.id } }),
    prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { email: true, emailDigest: true } }),
  ]);
  const choices = new Map<string, ChannelChoice>(saved.map((s) => [s.kind, s]));
  return {
    emailAvailable: Boolean(env().SMTP_URL),
    email: me.email,
    emailDigest: me.emailDigest,
    kinds: NOTIFICATION_KIND_KEYS.map((kind) => {
      const k = NOTIFICATION_KINDS[kind];
      return {
        kind,
        label: k.label,
        description: k.description,
        ...channelsFor(kind, choices),
        defaultInApp: k.inApp,
        defaultEmail: k.email,
      };
    }),
  };
}

/** The product by slug, 404 when unknown or a draft the caller may not see. */
export async function watchableProduct(prisma: PrismaClient, user: CurrentUser, slug: string) {
  const product = await prisma.dataProduct.findUnique({
    where: { slug },
    select: { id: true, lifecycle: true, ownerTeamId: true },
  });
  if (!product || !canSeeProduct(user, product)) throw AppError.notFound(`Data product "${slug}"`);
  return product;
}

export async function getWatch(prisma: PrismaClient, user: CurrentUser, slug: string): Promise<WatchState> {
  const product = await watchableProduct(prisma, user, slug);
  const [mine, watchers] = await Promise.all([
    prisma.productWatch.findUnique({
      where: { userId_productId: { userId: user.id, productId: product.id } },
    }),
    prisma.productWatch.count({ where: { productId: product.id } }),
  ]);
  return { watching: mine !== null, watchers };
}

/** The team (404 when unknown) and whether the caller may see (403 otherwise) and manage its webhooks. */
export async function loadWebhookTeam(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
  manage: boolean,
) {
  const team = await prisma.team.findUnique({ where: { slug } });
  if (!team) throw AppError.notFound("Team");
  if (!canSeeWebhooks(user, team.id)) throw AppError.forbidden("Only the team's members see its webhooks");
  if (manage && !canManageWebhooks(user, team.id))
    throw AppError.forbidden("Only the team's owners (and admins) manage its webhooks");
  return team;
}

type WebhookRow = Prisma.WebhookGetPayload<{ include: { deliveries: true } }>;

export function toWebhookDto(
  w: Omit<WebhookRow, "deliveries"> & { deliveries?: WebhookRow["deliveries"] },
): WebhookItem {
  const last = w.deliveries?.[0];
  return {
    id: w.id,
    url: w.url,
    description: w.description,
    kinds: w.kinds,
    enabled: w.enabled,
    consecutiveFailures: w.consecutiveFailures,
    disabledAt: iso(w.disabledAt),
    disabledReason: w.disabledReason,
    createdAt: w.createdAt.toISOString(),
    lastDelivery: last
      ? {
          status: last.status,
          statusCode: last.lastStatusCode,
          at: (last.deliveredAt ?? last.createdAt).toISOString(),
        }
      : null,
  };
}

export async function listWebhooks(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
): Promise<WebhookList> {
  const team = await loadWebhookTeam(prisma, user, slug, false);
  const hooks = await prisma.webhook.findMany({
    where: { teamId: team.id },
    include: { deliveries: { orderBy: { createdAt: "desc" }, take: 1 } },
    orderBy: { createdAt: "asc" },
  });
  return { items: hooks.map(toWebhookDto), canManage: canManageWebhooks(user, team.id) };
}

export async function listDeliveries(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
  id: string,
  limit: number,
): Promise<DeliveryList> {
  const team = await loadWebhookTeam(prisma, user, slug, false);
  const hook = await prisma.webhook.findFirst({ where: { id, teamId: team.id } });
  if (!hook) throw AppError.notFound("Webhook");
  const rows = await prisma.webhookDelivery.findMany({
    where: { webhookId: hook.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    include: { attemptsLog: { orderBy: { at: "asc" }, take: 50 } },
  });
  return {
    items: rows.map((d) => ({
      id: d.id,
      eventId: d.eventId,
      kind: d.kind,
      status: d.status,
      attempts: d.attempts,
      lastStatusCode: d.lastStatusCode,
      lastDurationMs: d.lastDurationMs,
      lastError: d.lastError,
      createdAt: d.createdAt.toISOString(),
      deliveredAt: iso(d.deliveredAt),
      nextAttemptAt: d.status === "PENDING" ? d.nextAttemptAt.toISOString() : null,
      log: d.attemptsLog.map((a) => ({
        at: a.at.toISOString(),
        statusCode: a.statusCode,
        durationMs: a.durationMs,
        error: a.error,
      })),
    })),
  };
}
