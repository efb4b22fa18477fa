import "server-only";
import { sweepGrants } from "@/lib/access/mutations";
import { sweepPorts } from "@/lib/publishing/provisioning";
import { env } from "@/lib/core/env";
import { relayOutboxBatch } from "@/lib/events/relay";
import { createKafka, type Producer } from "@/lib/kafka/client-config";
import { db } from "@/lib/db/server";
import { sleep } from "@/lib/core/time";
import { ContractMonitor } from "@/lib/monitor/monitor";
import { runUnderLease } from "@/lib/db/lease";
import { sampleUsage } from "@/lib/access/usage";
import { createMailer } from "@/lib/notify/deliver";
import { Notifier } from "@/lib/notify/notifier";
import { notificationFeed } from "@/lib/notify/process-feed";
import { tailHub } from "@/lib/tail/process-hub";

// Once per process, also across dev-server module reloads.
const holder = globalThis as unknown as { __meshportBackground?: true };

/**
 * The server process's background work, started once (instrumentation.ts): the outbox relay
 * (publishes the portal's events to Kafka), the contract monitor (checks what flows on live
 * topics against their contracts, `lib/monitor/monitor.ts`), the notifier (reads those events
 * back and tells people, under a lease: one instance at a time) and the scheduler (grants: expiry, interrupted
 * revocations and provisioning; ports: provisioning and retirement). Both read their state from the database, so a restart resumes
 * them; errors are logged and retried, never fatal.
 */
export function startBackgroundWork(): void {
  if (holder.__meshportBackground || env().MESHPORT_BACKGROUND === "0") return;
  holder.__meshportBackground = true;
  let producer: Producer | undefined;

  void (async () => {
    for (;;) {
      try {
        producer ??= await (async () => {
          const p = createKafka(env(), { clientId: "meshport-outbox-relay", retries: 5 }).producer({
            idempotent: true,
            maxInFlightRequests: 1,
          });
          await p.connect();
          return p;
        })();
        const published = await relayOutboxBatch(await db(), producer);
        if (published === 0) await sleep(250);
      } catch (err) {
        console.warn(
          `[outbox] publishing failed, retrying: ${err instanceof Error ? err.message : String(err)}`,
        );
        await producer?.disconnect().catch(() => undefined);
        producer = undefined;
        await sleep(2000);
      }
    }
  })();

  if (env().MESHPORT_MONITOR === "1")
    void db().then((prisma) =>
      new ContractMonitor({
        prisma,
        hub: tailHub(),
        windowSeconds: env().MESHPORT_MONITOR_WINDOW_SECONDS,
        maxEventsPerSecond: env().MESHPORT_MONITOR_MAX_EVENTS_PER_SECOND,
        log: (message) => console.warn(message),
      }).start({ delayMs: 5000 }),
    );

  // The notifier (notifications, email, webhooks) runs on one instance: the lease holder's.
  if (env().MESHPORT_NOTIFY === "1") {
    let notifier: Notifier | undefined;
    runUnderLease(
      db,
      "notifier",
      {
        start: async () => {
          notifier = new Notifier({
            prisma: await db(),
            mailer: createMailer(),
            onNotified: () => notificationFeed().nudge(),
            log: (message) => console.warn(message),
          });
          await notifier.start();
        },
        stop: async () => {
          await notifier?.stop();
          notifier = undefined;
        },
      },
      { log: (message) => console.info(message) },
    );
  }

  // The usage sampler (offsets that moved, unused grants): once across instances, under its lease.
  let sampler: NodeJS.Timeout | undefined;
  const sample = () =>
    void db()
      .then((prisma) => sampleUsage(prisma))
      .catch((err: unknown) =>
        console.warn(
          `[usage] sampling failed, retrying: ${err instanceof Error ? err.message : String(err)}`,
        ),
      );
  runUnderLease(db, "usage-sampler", {
    start: async () => {
      sample();
      sampler = setInterval(sample, env().MESHPORT_USAGE_SAMPLE_SECONDS * 1000);
    },
    stop: async () => clearInterval(sampler),
  });

  void (async () => {
    for (;;) {
      try {
        await sweepGrants(await db());
      } catch (err) {
        console.warn(`[grants] sweep failed, retrying: ${err instanceof Error ? err.message : String(err)}`);
      }
      try {
        await sweepPorts(await db());
      } catch (err) {
        console.warn(`[ports] sweep failed, retrying: ${err instanceof Error ? err.message : String(err)}`);
      }
      await sleep(5000);
    }
  })();
}
