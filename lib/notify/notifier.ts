/**
 * The notifier: a consumer of the portal's events topic (`MESHPORT_EVENTS_TOPIC`). Each event
 * goes through `dispatchEvent` (recipients, settings, rows — idempotent per event and recipient);
 * its position per partition is kept in the database (`notifier_offsets`) after each batch is
 * written. At-least-once from Kafka, exactly once per person and channel in the database. Events committed before the
 * notifier's first start on this database (`notifier_state.since`: the demo seed's history)
 * notify nobody. The portal runs it under a lease (`lib/runtime/background.ts`): one active
 * notifier across instances. Deliveries go out from the same place (`lib/notify/deliver.ts`).
 */
import { randomBytes } from "node:crypto";
import { env } from "@/lib/core/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createKafka, type Consumer } from "@/lib/kafka/client-config";
import { dispatchEvent, parseCloudEvent } from "./dispatch";
import { deliverEmails, deliverWebhooks, type Mailer } from "./deliver";

export interface NotifierOptions {
  prisma: PrismaClient;
  topic?: string;
  groupId?: string;
  mailer?: Mailer | null;
  /** Nudged after each batch that wrote in-app notifications (the live bell). */
  onNotified?: () => void;
  log?: (message: string) => void;
  /** Delivery loop pause when idle (ms). */
  idleMs?: number;
}

/** The notifier's horizon: set once per database, at its first start. */
export async function notifierSince(prisma: PrismaClient): Promise<Date> {
  await prisma.$executeRaw`INSERT INTO notifier_state (id, since) VALUES (1, now()) ON CONFLICT (id) DO NOTHING`;
  return (await prisma.notifierState.findUniqueOrThrow({ where: { id: 1 } })).since;
}

export class Notifier {
  private consumer: Consumer | undefined;
  private delivering = false;
  private deliveryLoop: Promise<void> | undefined;
  private readonly log: (message: string) => void;
  /** Events read and dispatched since start (tests and the benchmark read it). */
  readonly stats = { events: 0, inApp: 0, emails: 0, webhooks: 0, skipped: 0 };

  constructor(private readonly o: NotifierOptions) {
    this.log = o.log ?? (() => undefined);
  }

  private groupId: string | undefined;

  async start(): Promise<void> {
    const { prisma } = this.o;
    const since = await notifierSince(prisma);
    const topic = this.o.topic ?? env().MESHPORT_EVENTS_TOPIC;
    // A group of its own each time (the position is in the database): after a crash the next
    // notifier starts at once instead of waiting for the dead member's session to time out.
    this.groupId = `${this.o.groupId ?? env().MESHPORT_NOTIFIER_GROUP}.${randomBytes(4).toString("hex")}`;
    const consumer = createKafka(env(), { clientId: "meshport-notifier", retries: 8 }).consumer({
      groupId: this.groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 3000,
      maxWaitTimeInMs: 500,
    });
    this.consumer = consumer;
    await consumer.connect();
    // Partitions the notifier never read start at the beginning: `since` decides what is too old.
    await consumer.subscribe({ topic, fromBeginning: true });
    const positions = await prisma.notifierOffset.findMany({ where: { topic } });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        let wrote = 0;
        let next: bigint | undefined;
        for (const message of batch.messages) {
          if (!isRunning() || isStale()) break;
          const parsed = parseCloudEvent(message.value);
          if (!parsed || new Date(parsed.event.time) < since) this.stats.skipped++;
          else {
            const r = await dispatchEvent(prisma, parsed.event, parsed.raw);
            this.stats.events++;
            this.stats.inApp += r.inApp;
            this.stats.emails += r.emails;
            this.stats.webhooks += r.webhooks;
            wrote += r.inApp + r.emails + r.webhooks;
          }
          next = BigInt(message.offset) + 1n;
          resolveOffset(message.offset);
          await heartbeat();
        }
        // The position, after what it covers is written: a crash in between reads those again
        // (and writes nothing twice).
        if (next !== undefined)
          await prisma.notifierOffset.upsert({
            where: { topic_partition: { topic: batch.topic, partition: batch.partition } },
            create: { topic: batch.topic, partition: batch.partition, nextOffset: next },
            update: { nextOffset: next },
          });
        if (wrote > 0) {
          this.o.onNotified?.();
          this.kickDeliveries();
        }
      },
    });
    for (const p of positions) consumer.seek({ topic, partition: p.partition, offset: String(p.nextOffset) });
    this.delivering = true;
    this.deliveryLoop = this.deliver();
  }

  private wake: (() => void) | undefined;
  private kickDeliveries() {
    this.wake?.();
  }

  /** Sends due emails and webhooks until stopped; pauses when there is nothing to send. */
  private async deliver(): Promise<void> {
    const idleMs = this.o.idleMs ?? 1000;
    while (this.delivering) {
      let sent = 0;
      try {
        if (this.o.mailer) sent += await deliverEmails(this.o.prisma, this.o.mailer);
        sent += await deliverWebhooks(this.o.prisma);
      } catch (err) {
        this.log(`[notify] delivery failed, retrying: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (sent === 0 && this.delivering)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, idleMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      this.wake = undefined;
    }
  }

  async stop(): Promise<void> {
    this.delivering = false;
    this.wake?.();
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = undefined;
    await this.deliveryLoop;
    this.o.mailer?.close();
    // The throwaway group goes (one a crashed notifier left behind expires with the broker's retention).
    if (this.groupId) {
      const admin = createKafka(env(), { clientId: "meshport-notifier", retries: 1 }).admin();
      await admin
        .connect()
        .then(() => admin.deleteGroups([this.groupId!]))
        .catch(() => undefined)
        .finally(() => void admin.disconnect().catch(() => undefined));
      this.groupId = undefined;
    }
  }
}
