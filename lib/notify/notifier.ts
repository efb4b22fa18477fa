/**
 * The notifier: a consumer group on the portal's events topic (`MESHPORT_EVENTS_TOPIC`). Each
 * event goes through `dispatchEvent` (recipients, settings, rows — idempotent per event and
 * recipient); the group's offset is committed after its batch is written. At-least-once from
 * Kafka, exactly once per person and channel in the database. Events committed before the
 * notifier's first start on this database (`notifier_state.since`: the demo seed's history)
 * notify nobody. The portal runs it under a lease (`lib/runtime/background.ts`): one active
 * notifier across instances. Deliveries go out from the same place (`lib/notify/deliver.ts`).
 */
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

  async start(): Promise<void> {
    const { prisma } = this.o;
    const since = await notifierSince(prisma);
    const topic = this.o.topic ?? env().MESHPORT_EVENTS_TOPIC;
    const consumer = createKafka(env(), { clientId: "meshport-notifier", retries: 8 }).consumer({
      groupId: this.o.groupId ?? env().MESHPORT_NOTIFIER_GROUP,
      sessionTimeout: 15_000,
      heartbeatInterval: 3000,
      maxWaitTimeInMs: 500,
    });
    this.consumer = consumer;
    await consumer.connect();
    // A new group starts at the beginning: `since` decides what is too old to tell anyone.
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        let wrote = 0;
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
          resolveOffset(message.offset);
          await heartbeat();
        }
        const last = batch.messages.at(-1);
        if (last && isRunning() && !isStale())
          await consumer.commitOffsets([
            { topic: batch.topic, partition: batch.partition, offset: String(BigInt(last.offset) + 1n) },
          ]);
        if (wrote > 0) {
          this.o.onNotified?.();
          this.kickDeliveries();
        }
      },
    });
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
  }
}
