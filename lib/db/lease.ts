/**
 * Leases for background work that must run once across portal instances (all of it, see
 * `lib/runtime/background.ts`): a row per lease in `background_leases`, taken when free or
 * lapsed, renewed by its holder. Chose a lease
 * row over an advisory lock on a held connection: the embedded database has one connection, the
 * pool's connections come and go, and a row shows who holds what (and since when) to an operator.
 */
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { env } from "@/lib/core/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";

/** This process's name as a lease holder: host, pid and a random part (a restarted pid differs). */
export const PROCESS_HOLDER = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/**
 * Takes the lease `name` for `ttlMs` when it is free, lapsed or already ours (a renewal).
 * Returns whether `holder` holds it now. One statement: two instances racing get one winner.
 */
export async function tryLease(
  prisma: PrismaClient,
  name: string,
  holder: string,
  ttlMs: number,
): Promise<boolean> {
  const rows = await prisma.$queryRaw<{ holder: string }[]>`
    INSERT INTO background_leases (name, holder, acquired_at, expires_at)
    VALUES (${name}, ${holder}, now(), now() + make_interval(secs => ${ttlMs / 1000}))
    ON CONFLICT (name) DO UPDATE
       SET holder = EXCLUDED.holder,
           expires_at = EXCLUDED.expires_at,
           acquired_at = CASE WHEN background_leases.holder = EXCLUDED.holder
                              THEN background_leases.acquired_at ELSE now() END
     WHERE background_leases.holder = EXCLUDED.holder OR background_leases.expires_at < now()
    RETURNING holder`;
  return rows.length === 1;
}

/** Gives every lease `holder` holds up (a shutdown). */
export async function releaseLeases(prisma: PrismaClient, holder: string): Promise<void> {
  await prisma.$executeRaw`DELETE FROM background_leases WHERE holder = ${holder}`;
}

/** Gives the lease up (on a clean stop), so another instance need not wait for it to lapse. */
export async function releaseLease(prisma: PrismaClient, name: string, holder: string): Promise<void> {
  await prisma.$executeRaw`DELETE FROM background_leases WHERE name = ${name} AND holder = ${holder}`;
}

export interface LeasedWork {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** `promise`, or a rejection after `ms`: a renewal that hangs counts as failed. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Runs `work` while this process holds the lease. Renewals run on their own timer (every
 * `renewMs`, a quarter of the lease by default), never waiting for the work to start or stop, and
 * each is given `renewMs` to answer. The work starts when the lease is taken and stops
 * - at once when another holder has it, and
 * - when renewals have failed (database slow or gone) until a margin before the lease lapses for
 *   the others (`heldUntil`, on this process's clock, counted from before the last renewal).
 * So another instance takes over at most a lease plus a renewal interval after the holder dies
 * (12.5 s by default), and a holder cut off from the database has stopped by then — unless its
 * `stop()` itself takes longer (a send in flight): every piece of background work is safe to
 * overlap briefly (rows claimed with SKIP LOCKED, conditional updates, unique keys). Returns a
 * function that stops the work and releases the lease.
 */
export function runUnderLease(
  prisma: () => Promise<PrismaClient>,
  name: string,
  work: LeasedWork,
  options: {
    holder?: string;
    ttlMs?: number;
    renewMs?: number;
    log?: (message: string) => void;
  } = {},
): () => Promise<void> {
  const holder = options.holder ?? PROCESS_HOLDER;
  const ttlMs = options.ttlMs ?? env().MESHPORT_LEASE_SECONDS * 1000;
  const renewMs = options.renewMs ?? Math.max(250, Math.floor(ttlMs / 4));
  const marginMs = Math.min(renewMs, ttlMs / 4);
  const log = options.log ?? (() => undefined);
  /** Whether the work is started (or starting); changes go through `transition`, one at a time. */
  let running = false;
  let transition: Promise<void> = Promise.resolve();
  let heldUntil = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const change = (start: boolean, why: string) => {
    if (running === start) return;
    running = start;
    transition = transition.then(async () => {
      if (start) {
        log(`[lease] ${name}: held by this instance (${holder})`);
        await work.start().catch(async (err: unknown) => {
          // Not started (e.g. Kafka unreachable): clean up; the next renewal tries again.
          log(`[lease] ${name}: could not start: ${err instanceof Error ? err.message : String(err)}`);
          running = false;
          await work.stop().catch(() => undefined);
        });
      } else {
        log(`[lease] ${name}: ${why}; stopping`);
        await work
          .stop()
          .catch((err: unknown) =>
            log(`[lease] ${name}: stop failed: ${err instanceof Error ? err.message : String(err)}`),
          );
      }
    });
  };

  const tick = async () => {
    if (stopped) return;
    const began = Date.now();
    let held: boolean | undefined;
    try {
      held = await within(
        prisma().then((p) => tryLease(p, name, holder, ttlMs)),
        renewMs,
      );
    } catch (err) {
      // Before the first take this is the database busy starting up (the embedded one answers
      // one statement at a time), not a lease at risk: said as such.
      log(
        `[lease] ${name}: ${running ? "could not renew" : "could not take it yet"}: ${err instanceof Error ? err.message : String(err)}; trying again in ${(renewMs / 1000).toFixed(1)} s`,
      );
    }
    if (stopped) return;
    if (held === true) {
      heldUntil = began + ttlMs;
      change(true, "taken");
    } else if (held === false) change(false, "held by another instance");
    else if (Date.now() > heldUntil - marginMs) change(false, "not renewed in time");
    timer = setTimeout(() => void tick(), Math.max(0, renewMs - (Date.now() - began)));
  };
  void tick();

  return async () => {
    stopped = true;
    clearTimeout(timer);
    change(false, "shutting down");
    await transition;
    // Best effort: with the database gone, the lease simply lapses.
    await prisma()
      .then((p) => releaseLease(p, name, holder))
      .catch(() => undefined);
  };
}
