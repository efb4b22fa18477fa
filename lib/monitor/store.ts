/**
 * The contract monitor's writes: one window's results per port (idempotent per port, rule and
 * window), the contract's status, and incidents — a failing rule opens one (an outbox event,
 * `contract.rule_failing`), a passing window resolves it as recovered (`contract.rule_recovered`).
 * Plain Node (no server-only): tests and the benchmark drive the monitor directly.
 */
import { recordChange } from "@/lib/events/record";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { Rule } from "./rules";
import { contractStatus, type RuleResult } from "./window";

/** Kept this long; older 5-minute windows are folded into hourly ones after a day. */
export const RETENTION_DAYS = 30;

export interface WindowTarget {
  portId: string;
  productId: string;
  portName: string;
  topic: string;
}

export async function recordWindow(
  prisma: PrismaClient,
  target: WindowTarget,
  start: Date,
  windowSeconds: number,
  results: readonly RuleResult[],
  rules: readonly Rule[],
): Promise<{ status: ReturnType<typeof contractStatus>; opened: string[]; recovered: string[] }> {
  const status = contractStatus(results.map((r) => r.status));
  const titles = new Map(rules.map((r) => [r.key, r.title]));
  const opened: string[] = [];
  const recovered: string[] = [];
  await prisma.$transaction(async (tx) => {
    // One statement per port and window (idempotent: a window recorded again is overwritten).
    if (results.length > 0)
      await tx.$executeRaw`
        INSERT INTO contract_check_windows
          (id, port_id, rule, window_start, window_seconds, status, measured, sample_size, seen, failures, example, detail)
        VALUES ${Prisma.join(
          results.map(
            (r) =>
              Prisma.sql`(gen_random_uuid(), ${target.portId}::uuid, ${r.rule}, ${start}, ${windowSeconds}, ${r.status}::"CheckStatus",
                ${r.measured}, ${r.sampleSize}, ${r.seen}, ${r.failures},
                ${r.example === null || r.example === undefined ? null : JSON.stringify(r.example)}::jsonb, ${r.detail})`,
          ),
        )}
        ON CONFLICT (port_id, rule, window_start, window_seconds) DO UPDATE SET
          status = EXCLUDED.status, measured = EXCLUDED.measured, sample_size = EXCLUDED.sample_size,
          seen = EXCLUDED.seen, failures = EXCLUDED.failures, example = EXCLUDED.example, detail = EXCLUDED.detail`;
    await tx.dataContract.updateMany({
      where: { portId: target.portId },
      data: { checkStatus: status, checkedAt: new Date(start.getTime() + windowSeconds * 1000) },
    });
    // The port's contract row first: windows of one port are recorded one at a time.
    await tx.$executeRaw`SELECT 1 FROM data_contracts WHERE port_id = ${target.portId}::uuid FOR UPDATE`;
    const unresolved = await tx.contractIncident.findMany({
      where: { portId: target.portId, state: { not: "RESOLVED" } },
    });
    for (const r of results) {
      const open = unresolved.find((i) => i.rule === r.rule);
      if (r.status === "FAILING") {
        if (open) {
          const { count } = await tx.contractIncident.updateMany({
            where: { id: open.id, state: { not: "RESOLVED" } },
            data: { lastFailedAt: new Date() },
          });
          if (count === 1) continue;
        }
        const message = `${titles.get(r.rule) ?? r.rule}: ${r.detail}`;
        // Another monitor (or a concurrent window) may have opened it meanwhile: one open incident.
        const [incident] = await tx.$queryRaw<{ id: string }[]>`
          INSERT INTO contract_incidents (id, port_id, rule, message)
          VALUES (gen_random_uuid(), ${target.portId}::uuid, ${r.rule}, ${message})
          ON CONFLICT (port_id, rule) WHERE state <> 'RESOLVED' DO NOTHING
          RETURNING id`;
        if (!incident) continue;
        opened.push(r.rule);
        await recordChange(tx, {
          actorId: null,
          action: "contract.rule_failing",
          subjectType: "output_port",
          subjectId: target.portId,
          productId: target.productId,
          data: {
            incidentId: incident.id,
            port: target.portName,
            topic: target.topic,
            rule: r.rule,
            measured: r.measured,
            failures: r.failures,
            sampleSize: r.sampleSize,
            windowStart: start.toISOString(),
          },
        });
      } else if (r.status === "PASSING" && open) {
        // Conditional: an owner who resolved it meanwhile keeps their resolution (and no event).
        const { count } = await tx.contractIncident.updateMany({
          where: { id: open.id, state: { not: "RESOLVED" } },
          data: { state: "RESOLVED", resolvedAt: new Date(), resolution: "recovered" },
        });
        if (count === 0) continue;
        recovered.push(r.rule);
        await recordChange(tx, {
          actorId: null,
          action: "contract.rule_recovered",
          subjectType: "output_port",
          subjectId: target.portId,
          productId: target.productId,
          data: { incidentId: open.id, port: target.portName, topic: target.topic, rule: r.rule },
        });
      }
    }
  });
  return { status, opened, recovered };
}

/**
 * Retention: 5-minute windows older than a day become hourly windows (sums; the hour's first
 * failing example; failing when any of its windows failed); anything older than 30 days goes.
 */
export async function compactWindows(prisma: PrismaClient, now = new Date()): Promise<void> {
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const cutoff = new Date(now.getTime() - RETENTION_DAYS * 86_400_000);
  await prisma.$transaction([
    prisma.$executeRaw`
      INSERT INTO contract_check_windows
        (id, port_id, rule, window_start, window_seconds, status, measured, sample_size, seen, failures, example, detail)
      SELECT gen_random_uuid(), port_id, rule, date_trunc('hour', window_start), 3600,
             (CASE WHEN bool_or(status = 'FAILING') THEN 'FAILING'
                   WHEN bool_or(status = 'PASSING') THEN 'PASSING'
                   ELSE 'NOT_EVALUATED' END)::"CheckStatus",
             max(measured), sum(sample_size)::int, sum(seen)::int, sum(failures)::int,
             (array_agg(example ORDER BY window_start) FILTER (WHERE example IS NOT NULL))[1],
             'Hourly summary of ' || count(*) || ' windows'
      FROM contract_check_windows
      WHERE window_seconds < 3600 AND window_start < ${dayAgo}
      GROUP BY port_id, rule, date_trunc('hour', window_start)
      ON CONFLICT (port_id, rule, window_start, window_seconds) DO NOTHING`,
    prisma.$executeRaw`DELETE FROM contract_check_windows WHERE window_seconds < 3600 AND window_start < ${dayAgo}`,
    prisma.$executeRaw`DELETE FROM contract_check_windows WHERE window_start < ${cutoff}`,
  ]);
}
