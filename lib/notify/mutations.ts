import "server-only";
import { randomUUID } from "node:crypto";
import type { CurrentUser } from "@/lib/auth/types";
import { AppError } from "@/lib/core/errors";
import { env } from "@/lib/core/env";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { NotificationSettings, WatchState, WebhookCreated, WebhookItem } from "./dto";
import { TEST_KIND } from "./deliver";
import {
  countUnread,
  getNotificationSettings,
  getWatch,
  loadWebhookTeam,
  toWebhookDto,
  watchableProduct,
} from "./queries";
import type { MarkRead, NotificationSettingsUpdate, WebhookCreate, WebhookUpdate } from "./schemas";
import { webhookUrlProblem } from "./webhook-policy";
import { newWebhookSecret } from "./webhook-send";

/** Marks the caller's notifications read (only theirs: other ids are ignored). */
export async function markNotificationsRead(prisma: PrismaClient, user: CurrentUser, body: MarkRead) {
  const { count } = await prisma.notification.updateMany({
    where: { userId: user.id, readAt: null, ...(body.ids ? { id: { in: body.ids } } : {}) },
    data: { readAt: new Date() },
  });
  return { marked: count, unread: await countUnread(prisma, user.id) };
}

export async function saveNotificationSettings(
  prisma: PrismaClient,
  user: CurrentUser,
  body: NotificationSettingsUpdate,
): Promise<NotificationSettings> {
  const kinds = Object.entries(body.kinds ?? {});
  await prisma.$transaction([
    ...kinds.map(([kind, choice]) =>
      prisma.notificationSetting.upsert({
        where: { userId_kind: { userId: user.id, kind } },
        create: { userId: user.id, kind, inApp: choice.inApp, email: choice.email },
        update: { inApp: choice.inApp, email: choice.email },
      }),
    ),
    ...(body.emailDigest === undefined
      ? []
      : [prisma.user.update({ where: { id: user.id }, data: { emailDigest: body.emailDigest } })]),
  ]);
  return getNotificationSettings(prisma, user);
}

export async function setWatch(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
  watching: boolean,
): Promise<WatchState> {
  const product = await watchableProduct(prisma, user, slug);
  if (watching)
    await prisma.productWatch.upsert({
      where: { userId_productId: { userId: user.id, productId: product.id } },
      create: { userId: user.id, productId: product.id },
      update: {},
    });
  else await prisma.productWatch.deleteMany({ where: { userId: user.id, productId: product.id } });
  return getWatch(prisma, user, slug);
}

/** The URL as a webhook target, or a 422 saying why not. */
function checkUrl(url: string): string {
  const problem = webhookUrlProblem(url, env().MESHPORT_WEBHOOK_ALLOW_PRIVATE);
  if (problem) throw new AppError("validation_failed", `url: ${problem}`, 422);
  return new URL(url).toString();
}

const MAX_WEBHOOKS_PER_TEAM = 20;

export async function createWebhook(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
  body: WebhookCreate,
): Promise<WebhookCreated> {
  const team = await loadWebhookTeam(prisma, user, slug, true);
  const url = checkUrl(body.url);
  if ((await prisma.webhook.count({ where: { teamId: team.id } })) >= MAX_WEBHOOKS_PER_TEAM)
    throw AppError.conflict(`A team has at most ${MAX_WEBHOOKS_PER_TEAM} webhooks`);
  const secret = newWebhookSecret();
  const hook = await prisma.webhook.create({
    data: {
      teamId: team.id,
      url,
      description: body.description,
      kinds: body.kinds,
      secret,
      createdById: user.id,
    },
  });
  return { ...toWebhookDto(hook), secret };
}

async function teamWebhook(prisma: PrismaClient, user: CurrentUser, slug: string, id: string) {
  const team = await loadWebhookTeam(prisma, user, slug, true);
  const hook = await prisma.webhook.findFirst({ where: { id, teamId: team.id } });
  if (!hook) throw AppError.notFound("Webhook");
  return hook;
}

export async function updateWebhook(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
  id: string,
  body: WebhookUpdate,
): Promise<WebhookItem> {
  const hook = await teamWebhook(prisma, user, slug, id);
  const data: Prisma.WebhookUpdateInput = {
    ...(body.description !== undefined ? { description: body.description } : {}),
    ...(body.kinds ? { kinds: body.kinds } : {}),
    ...(body.enabled === true
      ? { enabled: true, consecutiveFailures: 0, disabledAt: null, disabledReason: null }
      : body.enabled === false
        ? { enabled: false, disabledAt: new Date(), disabledReason: `Turned off by ${user.name}` }
        : {}),
  };
  const updated = await prisma.webhook.update({
    where: { id: hook.id },
    data,
    include: { deliveries: { orderBy: { createdAt: "desc" }, take: 1 } },
  });
  return toWebhookDto(updated);
}

export async function deleteWebhook(prisma: PrismaClient, user: CurrentUser, slug: string, id: string) {
  const hook = await teamWebhook(prisma, user, slug, id);
  await prisma.webhook.delete({ where: { id: hook.id } });
  return { deleted: true as const };
}

/**
 * Queues a test event for the webhook (also when it is turned off: check a fixed receiver before
 * turning it on again). It shows in the delivery log like any other.
 */
export async function queueTestEvent(prisma: PrismaClient, user: CurrentUser, slug: string, id: string) {
  const hook = await teamWebhook(prisma, user, slug, id);
  const eventId = randomUUID();
  const payload = {
    specversion: "1.0",
    id: eventId,
    source: "/meshport/notify",
    type: `dev.meshport.${TEST_KIND}`,
    subject: `webhook/${hook.id}`,
    time: new Date().toISOString(),
    datacontenttype: "application/json",
    data: { message: "A test event from Meshport", team: slug, requestedBy: user.email },
  };
  const delivery = await prisma.webhookDelivery.create({
    data: { webhookId: hook.id, eventId, kind: TEST_KIND, payload },
  });
  return { deliveryId: delivery.id, eventId };
}
