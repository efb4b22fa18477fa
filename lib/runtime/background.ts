import "server-only";
import { sweepGrants } from "@/lib/access/mutations";
import { sweepPorts } from "@/lib/publishing/provisioning";
import { env } from "@/lib/core/env";
import { relayOutboxBatch } from "@/lib/events/relay";
import { createKafka, type Producer } from "@/lib/kafka/client-config";
import { db } from "@/lib/db/server";
import { ContractMonitor } from "@/lib/monitor/monitor";
import { PROCESS_HOLDER, releaseLeases, runUnderLease, type LeasedWork } from "@/lib/db/lease";
import { sampleUsage } from "@/lib/access/usage";
import { createMailer } from "@/lib/notify/deliver";
import { Notifier } from "@/lib/notify/notifier";
import { notificationFeed } from "@/lib/notify/process-feed";
import { tailHub } from "@/lib/tail/process-hub";

// Once per process, also across dev-server module reloads.
const holder = globalThis as unknown as { __meshportBackground?: true };

/**
 * A loop that runs while its lease is held: `start` launches it, `stop` ends it and waits for its
 * last round. A round waits with `pause`, which a stop cuts short (a shutdown need not sit out
 * the scheduler's 5 s between sweeps).
 */
function leasedLoop(round: (pause: (ms: number) => Promise<void>) => Promise<void>): LeasedWork {
  let running: Promise<void> | undefined;
  let active = false;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  return {
    start: async () => {
      active = true;
      running ??= (async () => {
        while (active) await round(pause);
      })().finally(() => (running = undefined));
    },
    stop: async () => {
      active = false;
      wake?.();
      await running;
    },
  };
}

/** Each lease's stop (which also gives the lease up), for a clean shutdown. */
const stops: (() => Promise<void>)[] = [];

/**
 * Stops every piece of background work and gives its leases up, so another instance takes them
 * at its next renewal (within a quarter of MESHPORT_LEASE_SECONDS) instead of when they lapse.
 * Called on SIGTERM/SIGINT (lib/runtime/start-server.ts).
 */
export async function stopBackgroundWork(): Promise<{ releasedMs: number }> {
  const began = Date.now();
  // Each stop stops renewing at once, then waits for its work to stop and gives its lease up.
  // The leases are given up right away as well: the process may be gone before a send in flight
  // returns, and the next holder overlapping this one's last round is safe (see lib/db/lease.ts).
  const stopping = Promise.all(stops.splice(0).map((stop) => stop()));
  await releaseLeases(await db(), PROCESS_HOLDER);
  const releasedMs = Date.now() - began;
  await stopping;
  return { releasedMs };
}

/**
 * Work that is an object made afresh each time the lease is taken: `create` makes it, `begin`
 * starts it, and `stop()` stops it (also after a `begin` that failed).
 */
function leasedInstance<T extends { stop(): Promise<void> }>(
  create: () => Promise<T>,
  begin: (instance: T) => Promise<void>,
): LeasedWork {
  let current: T | undefined;
  return {
    start: async () => {
      current = await create();
      await begin(current);
    },
    stop: async () => {
      await current?.stop();
      current = undefined;
    },
  };
}

const problem = (err: unknown) => (err instanceof Error ? err.message : String(err));
const log = (message: string) => console.info(message);

/**
 * The server process's background work, started once (instrumentation.ts). Each piece runs on one
 * instance at a time, under its lease (`lib/db/lease.ts`; another instance takes it over within
 * MESHPORT_LEASE_SECONDS + a quarter of it after its holder dies):
 * - `outbox-relay`: publishes the portal's events to Kafka, in order;
 * - `scheduler`: grants (expiry, interrupted revocations, provisioning) and ports (provisioning,
 *   retirement);
 * - `contract-monitor`: checks what flows on live topics against their contracts
 *   (`lib/monitor/monitor.ts`);
 * - `notifier`: reads the events back and tells people (in the portal, email, webhooks);
 * - `usage-sampler`: consumer offsets that moved, unused grants.
 * All read their state from the database, so a new holder resumes them; errors are logged and
 * retried, never fatal. The live tail is per instance (`lib/tail/process-hub.ts`).
 */
export function startBackgroundWork(): void {
  if (holder.__meshportBackground || env().MESHPORT_BACKGROUND === "0") return;
  holder.__meshportBackground = true;
  /** Runs `work` under the lease `name`; its stop goes into `stops` for a clean shutdown. */
  const underLease = (name: string, work: LeasedWork, options: { log?: typeof log } = { log }) =>
    stops.push(runUnderLease(db, name, work, options));

  let producer: Producer | undefined;
  const relay = leasedLoop(async (pause) => {
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
      if (published === 0) await pause(250);
    } catch (err) {
      console.warn(`[outbox] publishing failed, retrying: ${problem(err)}`);
      await producer?.disconnect().catch(() => undefined);
      producer = undefined;
      await pause(2000);
    }
  });
  underLease("outbox-relay", {
    start: relay.start,
    stop: async () => {
      await relay.stop();
      await producer?.disconnect().catch(() => undefined);
      producer = undefined;
    },
  });

  const scheduler = leasedLoop(async (pause) => {
    try {
      await sweepGrants(await db());
    } catch (err) {
      console.warn(`[grants] sweep failed, retrying: ${problem(err)}`);
    }
    try {
      await sweepPorts(await db());
    } catch (err) {
      console.warn(`[ports] sweep failed, retrying: ${problem(err)}`);
    }
    await pause(5000);
  });
  underLease("scheduler", scheduler);

  if (env().MESHPORT_MONITOR === "1")
    underLease(
      "contract-monitor",
      leasedInstance(
        async () =>
          new ContractMonitor({
            prisma: await db(),
            hub: tailHub(),
            windowSeconds: env().MESHPORT_MONITOR_WINDOW_SECONDS,
            maxEventsPerSecond: env().MESHPORT_MONITOR_MAX_EVENTS_PER_SECOND,
            log: (message) => console.warn(message),
          }),
        async (monitor) => monitor.start({ delayMs: 5000 }),
      ),
    );

  if (env().MESHPORT_NOTIFY === "1")
    underLease(
      "notifier",
      leasedInstance(
        async () =>
          new Notifier({
            prisma: await db(),
            mailer: createMailer(),
            onNotified: () => notificationFeed().nudge(),
            log: (message) => console.warn(message),
          }),
        (notifier) => notifier.start(),
      ),
    );

  let sampler: NodeJS.Timeout | undefined;
  const sample = () =>
    void db()
      .then((prisma) => sampleUsage(prisma))
      .catch((err: unknown) => console.warn(`[usage] sampling failed, retrying: ${problem(err)}`));
  underLease(
    "usage-sampler",
    {
      start: async () => {
        sample();
        sampler = setInterval(sample, env().MESHPORT_USAGE_SAMPLE_SECONDS * 1000);
      },
      stop: async () => clearInterval(sampler),
    },
    {},
  );
}
