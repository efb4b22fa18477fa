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

/** Gives the lease up (on a clean stop), so another instance need not wait for it to lapse. */
export async function releaseLease(prisma: PrismaClient, name: string, holder: string): Promise<void> {
  await prisma.$executeRaw`DELETE FROM background_leases WHERE name = ${name} AND holder = ${holder}`;
}

export interface LeasedWork {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs `work` while this process holds the lease: tries every `renewMs`, starts the work when it
 * gets the lease, stops it when a renewal fails (another instance took over after a pause longer
 * than the lease). Returns a function that stops the loop and releases the lease.
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
  const renewMs = options.renewMs ?? Math.max(500, Math.floor(ttlMs / 3));
  const log = options.log ?? (() => undefined);
  let running = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const tick = async () => {
    if (stopped) return;
    let held = false;
    try {
      held = await tryLease(await prisma(), name, holder, ttlMs);
    } catch (err) {
      log(`[lease] ${name}: could not renew: ${err instanceof Error ? err.message : String(err)}`);
    }
    try {
      if (held && !running) {
        running = true;
        log(`[lease] ${name}: held by this instance (${holder})`);
        await work.start().catch(async (err: unknown) => {
          // Not started (e.g. Kafka unreachable): clean up and try again on the next tick.
          running = false;
          await work.stop().catch(() => undefined);
          throw err;
        });
      } else if (!held && running) {
        running = false;
        log(`[lease] ${name}: lost; stopping`);
        await work.stop();
      }
    } catch (err) {
      log(`[lease] ${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!stopped) timer = setTimeout(() => void tick(), renewMs);
  };
  void tick();

  return async () => {
    stopped = true;
    clearTimeout(timer);
    if (running) {
      running = false;
      await work.stop();
    }
    // Best effort: with the database gone, the lease simply lapses.
    await prisma()
      .then((p) => releaseLease(p, name, holder))
      .catch(() => undefined);
  };
}
