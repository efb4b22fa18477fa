import "server-only";
import { createHash } from "node:crypto";
import { isAdmin, isMemberOf, type CurrentUser } from "@/lib/auth/types";
import { AppError } from "@/lib/core/errors";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { portTypeOfNamespace, readColumnLineage, sameServer, type RunEvent } from "./openlineage";
import { canSeeProduct } from "@/lib/catalog/permissions";

type Tx = Prisma.TransactionClient;

/** Canonical JSON (sorted keys), so the same event hashes the same whatever its key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The output port an OpenLineage dataset stands for: same port type and address (topic,
 * `db.schema.table`, path); among several, the one on the same server. Emitters often name the
 * broker differently (an alias, another listener), so a unique address is enough.
 */
async function matchPort(tx: Tx | PrismaClient, namespace: string, name: string): Promise<string | null> {
  const candidates = await tx.outputPort.findMany({
    where: { type: portTypeOfNamespace(namespace), address: name },
    select: { id: true, server: true },
  });
  const sameHost = candidates.find((p) => p.server !== "" && sameServer(p.server, namespace));
  return sameHost?.id ?? (candidates.length === 1 ? candidates[0]!.id : null);
}

async function upsertDataset(
  tx: Tx,
  d: { namespace: string; name: string; facets?: Record<string, unknown> },
) {
  const outputPortId = await matchPort(tx, d.namespace, d.name);
  return tx.lineageDataset.upsert({
    where: { namespace_name: { namespace: d.namespace, name: d.name } },
    create: {
      namespace: d.namespace,
      name: d.name,
      outputPortId,
      facets: (d.facets ?? {}) as Prisma.InputJsonValue,
    },
    update: { outputPortId, ...(d.facets ? { facets: d.facets as Prisma.InputJsonValue } : {}) },
  });
}

/**
 * Stores one RunEvent: the raw event (deduplicated by content hash — re-sending is a no-op),
 * the job, the run (its state follows the newest event), the datasets (matched to output ports)
 * and which datasets the job reads and writes, with column lineage. One transaction.
 */
export async function ingestRunEvent(
  prisma: PrismaClient,
  event: RunEvent,
): Promise<{ runId: string; duplicate: boolean }> {
  const payloadHash = createHash("sha256").update(canonical(event)).digest("hex");
  return prisma.$transaction(async (tx) => {
    if (await tx.lineageEvent.findUnique({ where: { payloadHash }, select: { id: true } }))
      return { runId: event.run.runId, duplicate: true };
    const eventTime = new Date(event.eventTime);
    const state = event.eventType ?? "OTHER";
    const job = await tx.lineageJob.upsert({
      where: { namespace_name: { namespace: event.job.namespace, name: event.job.name } },
      create: {
        namespace: event.job.namespace,
        name: event.job.name,
        facets: (event.job.facets ?? {}) as Prisma.InputJsonValue,
      },
      update: event.job.facets ? { facets: event.job.facets as Prisma.InputJsonValue } : {},
    });
    const existing = await tx.lineageRun.findUnique({ where: { id: event.run.runId } });
    if (!existing) {
      await tx.lineageRun.create({
        data: {
          id: event.run.runId,
          jobId: job.id,
          state,
          eventTime,
          facets: (event.run.facets ?? {}) as Prisma.InputJsonValue,
        },
      });
    } else if (existing.eventTime <= eventTime) {
      await tx.lineageRun.update({ where: { id: existing.id }, data: { state, eventTime } });
    }
    await tx.lineageEvent.create({
      data: {
        runId: event.run.runId,
        eventType: state,
        eventTime,
        payloadHash,
        payload: event as unknown as Prisma.InputJsonValue,
      },
    });
    for (const [direction, list] of [
      ["INPUT", event.inputs],
      ["OUTPUT", event.outputs],
    ] as const) {
      for (const d of list) {
        const dataset = await upsertDataset(tx, d);
        const columnLineage = direction === "OUTPUT" ? readColumnLineage(d) : undefined;
        await tx.lineageJobDataset.upsert({
          where: { jobId_datasetId_direction: { jobId: job.id, datasetId: dataset.id, direction } },
          create: {
            jobId: job.id,
            datasetId: dataset.id,
            direction,
            ...(columnLineage ? { columnLineage: columnLineage as Prisma.InputJsonValue } : {}),
          },
          update: columnLineage ? { columnLineage: columnLineage as Prisma.InputJsonValue } : {},
        });
      }
    }
    return { runId: event.run.runId, duplicate: false };
  });
}

/**
 * Who may record a job: every output dataset must be external (no port matches it) or a port of
 * a product owned by one of the caller's teams; admins may record any. Inputs are not restricted
 * (reading a product is what lineage is for). Checked for the whole batch before anything is written.
 */
export async function authorizeLineageWrite(
  prisma: PrismaClient,
  user: CurrentUser,
  events: readonly RunEvent[],
): Promise<void> {
  if (isAdmin(user)) return;
  // A batch repeats the same outputs (one job, many runs): each dataset is looked up once.
  const checked = new Set<string>();
  for (const [index, event] of events.entries()) {
    for (const dataset of event.outputs) {
      const key = `${dataset.namespace}\u0000${dataset.name}`;
      if (checked.has(key)) continue;
      checked.add(key);
      const portId = await matchPort(prisma, dataset.namespace, dataset.name);
      if (!portId) continue;
      const port = await prisma.outputPort.findUniqueOrThrow({
        where: { id: portId },
        select: {
          name: true,
          product: {
            select: { slug: true, lifecycle: true, ownerTeamId: true, ownerTeam: { select: { slug: true } } },
          },
        },
      });
      if (!isMemberOf(user, port.product.ownerTeamId)) {
        const where = events.length > 1 ? `event ${index}: ` : "";
        // Someone else's draft is not named.
        throw AppError.forbidden(
          canSeeProduct(user, port.product)
            ? `${where}output dataset ${dataset.namespace}/${dataset.name} is port "${port.name}" of ${port.product.slug}, owned by team ${port.product.ownerTeam.slug}; only that team (or an admin) may record jobs writing it`
            : `${where}output dataset ${dataset.namespace}/${dataset.name} is another team's port; only that team (or an admin) may record jobs writing it`,
        );
      }
    }
  }
}

/** Authorizes, then stores each event (see `ingestRunEvent`). */
export async function ingestRunEvents(prisma: PrismaClient, user: CurrentUser, events: readonly RunEvent[]) {
  await authorizeLineageWrite(prisma, user, events);
  const results = [];
  for (const event of events) results.push(await ingestRunEvent(prisma, event));
  return {
    accepted: results.filter((r) => !r.duplicate).length,
    duplicates: results.filter((r) => r.duplicate).length,
  };
}
