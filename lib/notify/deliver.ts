/**
 * Delivery of what the notifier queued: emails over SMTP (nodemailer) and webhooks over HTTP.
 * Each batch is claimed for a while (`FOR UPDATE SKIP LOCKED` + `claimed_until`, as the outbox
 * relay does), sent without a transaction open, then marked. A crash between sending and marking
 * sends again once the claim lapses: at-least-once, with a stable `Message-ID` (email) and
 * `webhook-id` (webhooks) for receivers to dedupe by. An SMTP server that is down delays mail
 * (retried with backoff, never dropped); a webhook is retried for 24 hours on timeouts, 5xx, 408
 * and 429, given up on other answers, and turned off after too many failures in a row.
 */
import { createTransport, type Transporter } from "nodemailer";
import { env } from "@/lib/core/env";
import { recordChange } from "@/lib/events/record";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { publicUrl } from "./dispatch";
import { toDigest } from "./messages";
import { nextAttemptAt, outcomeOf } from "./webhook-policy";
import { sendWebhook, type SendResult } from "./webhook-send";

export type Mailer = Pick<Transporter, "sendMail" | "close">;

/** Messages sent at once over the pool's connections (nodemailer's default pool size). */
const SEND_CONCURRENCY = 5;

/**
 * The SMTP transport of `SMTP_URL` (null when email is not configured): a pool of connections
 * reused across messages (`pool=true` unless the URL says otherwise). A connection per message managed about six a second beside the portal's own
 * work (the fault test's 850 emails took two minutes). The notifier closes it on stop.
 */
export function createMailer(url = env().SMTP_URL): Mailer | null {
  if (!url) return null;
  const pooled = new URL(url);
  if (!pooled.searchParams.has("pool")) pooled.searchParams.set("pool", "true");
  return createTransport(pooled.toString());
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

/** Email retries: 5 s doubling, at most 10 minutes apart, for as long as it takes. */
const emailRetryMs = (attempts: number) => Math.min(5000 * 2 ** Math.max(0, attempts - 1), 600_000);

interface EmailRow {
  id: string;
  event_id: string;
  user_id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attempts: number;
}

async function claimEmails(prisma: PrismaClient, now: Date, digest: boolean, limit: number) {
  return prisma.$queryRaw<EmailRow[]>`
    UPDATE email_deliveries SET claimed_until = now() + interval '30 seconds'
     WHERE id IN (SELECT id FROM email_deliveries
                   WHERE status = 'PENDING' AND digest = ${digest} AND next_attempt_at <= ${now}
                     AND (claimed_until IS NULL OR claimed_until < now())
                   ORDER BY next_attempt_at, created_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING id, event_id, user_id, "to", subject, text, html, attempts`;
}

/** An SMTP answer that will not change on a retry (5xx: no such mailbox, refused). */
const permanent = (err: unknown) => {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
};

async function markEmails(
  prisma: PrismaClient,
  ids: string[],
  err: unknown | null,
  attempts: number,
  now: Date,
) {
  if (err === null) {
    await prisma.emailDelivery.updateMany({
      where: { id: { in: ids } },
      data: {
        status: "DELIVERED",
        sentAt: new Date(),
        claimedUntil: null,
        attempts: { increment: 1 },
        lastError: null,
      },
    });
    return;
  }
  await prisma.emailDelivery.updateMany({
    where: { id: { in: ids } },
    data: permanent(err)
      ? { status: "FAILED", claimedUntil: null, attempts: { increment: 1 }, lastError: errorText(err) }
      : {
          claimedUntil: null,
          attempts: { increment: 1 },
          lastError: errorText(err),
          nextAttemptAt: new Date(now.getTime() + emailRetryMs(attempts + 1)),
        },
  });
}

/** Sends due emails (one per notification) and due digests (one per user). Returns how many messages went out. */
export async function deliverEmails(
  prisma: PrismaClient,
  mailer: Mailer,
  options: { now?: Date; from?: string; baseUrl?: string } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  const from = options.from ?? env().MESHPORT_MAIL_FROM;
  let sent = 0;
  const rows = await claimEmails(prisma, now, false, 50);
  for (let i = 0; i < rows.length; i += SEND_CONCURRENCY) {
    await Promise.all(
      rows.slice(i, i + SEND_CONCURRENCY).map(async (row) => {
        try {
          await mailer.sendMail({
            from,
            to: row.to,
            subject: row.subject,
            text: row.text,
            html: row.html,
            messageId: `<${row.event_id}.${row.user_id}@meshport>`,
            headers: { "X-Meshport-Event": row.event_id },
          });
          await markEmails(prisma, [row.id], null, row.attempts, now);
          sent++;
        } catch (err) {
          await markEmails(prisma, [row.id], err, row.attempts, now);
        }
      }),
    );
  }
  const digestRows = await claimEmails(prisma, now, true, 1000);
  const perUser = new Map<string, EmailRow[]>();
  for (const row of digestRows) {
    const list = perUser.get(row.user_id) ?? [];
    list.push(row);
    perUser.set(row.user_id, list);
  }
  for (const [userId, rows] of perUser) {
    const digest = toDigest(rows, now, options.baseUrl ?? publicUrl());
    const ids = rows.map((r) => r.id);
    try {
      await mailer.sendMail({
        from,
        to: rows[0]!.to,
        ...digest,
        messageId: `<digest.${now.toISOString().slice(0, 10)}.${userId}.${ids.length}@meshport>`,
      });
      await markEmails(prisma, ids, null, rows[0]!.attempts, now);
      sent++;
    } catch (err) {
      await markEmails(prisma, ids, err, Math.max(...rows.map((r) => r.attempts)), now);
    }
  }
  return sent;
}

interface WebhookRow {
  id: string;
  webhook_id: string;
  event_id: string;
  kind: string;
  payload: unknown;
  attempts: number;
  created_at: Date;
}

export const TEST_KIND = "webhook.test";

export interface WebhookOptions {
  now?: Date;
  timeoutMs?: number;
  allowPrivate?: boolean;
  maxFailures?: number;
  firstRetryMs?: number;
  concurrency?: number;
}

/** Sends due webhook deliveries (several at once), logs each attempt, retries, gives up, disables. */
export async function deliverWebhooks(prisma: PrismaClient, options: WebhookOptions = {}): Promise<number> {
  const now = options.now ?? new Date();
  const e = env();
  const timeoutMs = options.timeoutMs ?? e.MESHPORT_WEBHOOK_TIMEOUT_MS;
  const allowPrivate = options.allowPrivate ?? e.MESHPORT_WEBHOOK_ALLOW_PRIVATE;
  const maxFailures = options.maxFailures ?? e.MESHPORT_WEBHOOK_MAX_FAILURES;
  const firstRetryMs = options.firstRetryMs ?? e.MESHPORT_WEBHOOK_FIRST_RETRY_MS;
  const claimSeconds = Math.ceil(timeoutMs / 1000) + 30;
  const rows = await prisma.$queryRaw<WebhookRow[]>`
    UPDATE webhook_deliveries SET claimed_until = now() + make_interval(secs => ${claimSeconds})
     WHERE id IN (SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                   WHERE d.status = 'PENDING' AND d.next_attempt_at <= ${now}
                     AND (d.claimed_until IS NULL OR d.claimed_until < now())
                     AND (w.enabled OR d.kind = ${TEST_KIND})
                   ORDER BY d.next_attempt_at, d.created_at LIMIT 50 FOR UPDATE OF d SKIP LOCKED)
    RETURNING id, webhook_id, event_id, kind, payload, attempts, created_at`;
  if (rows.length === 0) return 0;
  const hooks = new Map(
    (
      await prisma.webhook.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.webhook_id))] } } })
    ).map((w) => [w.id, w]),
  );
  const queue = [...rows];
  const worker = async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      const hook = hooks.get(row.webhook_id);
      if (!hook) continue;
      const result = await sendWebhook(hook.url, hook.secret, row.id, row.payload, {
        timeoutMs,
        allowPrivate,
      });
      await recordAttempt(prisma, row, hook, result, { now, maxFailures, firstRetryMs });
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, rows.length) }, worker));
  return rows.length;
}

async function recordAttempt(
  prisma: PrismaClient,
  row: WebhookRow,
  hook: { id: string; teamId: string; url: string; enabled: boolean },
  result: SendResult,
  o: { now: Date; maxFailures: number; firstRetryMs: number },
) {
  const outcome = outcomeOf(result.status);
  const retryAt =
    outcome === "retry" ? nextAttemptAt(row.attempts + 1, row.created_at, new Date(), o.firstRetryMs) : null;
  const error =
    result.error ??
    (outcome === "delivered"
      ? null
      : `answered ${result.status}${outcome === "give_up" ? " (not retried)" : ""}`);
  const test = row.kind === TEST_KIND;
  await prisma.$transaction(async (tx) => {
    await tx.webhookAttempt.create({
      data: { deliveryId: row.id, statusCode: result.status, durationMs: result.durationMs, error },
    });
    await tx.webhookDelivery.update({
      where: { id: row.id },
      data: {
        attempts: { increment: 1 },
        claimedUntil: null,
        lastStatusCode: result.status,
        lastDurationMs: result.durationMs,
        lastError: error,
        ...(outcome === "delivered"
          ? { status: "DELIVERED", deliveredAt: new Date() }
          : retryAt
            ? { nextAttemptAt: retryAt }
            : { status: "FAILED" }),
      },
    });
    if (test) return;
    if (outcome === "delivered") {
      await tx.webhook.update({ where: { id: hook.id }, data: { consecutiveFailures: 0 } });
      return;
    }
    const updated = await tx.webhook.update({
      where: { id: hook.id },
      data: { consecutiveFailures: { increment: 1 } },
    });
    if (updated.consecutiveFailures < o.maxFailures) return;
    const off = await tx.webhook.updateMany({
      where: { id: hook.id, enabled: true },
      data: {
        enabled: false,
        disabledAt: new Date(),
        disabledReason: `${updated.consecutiveFailures} failed attempts in a row (last: ${error ?? "no answer"})`,
      },
    });
    if (off.count === 0) return;
    await recordChange(tx, {
      actorId: null,
      action: "webhook.disabled",
      subjectType: "webhook",
      subjectId: hook.id,
      productId: null,
      data: { webhookId: hook.id, teamId: hook.teamId, url: hook.url, failures: updated.consecutiveFailures },
    });
  });
}
