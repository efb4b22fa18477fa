import "server-only";
import type { Producer } from "kafkajs";
import type { PrismaClient } from "@/lib/generated/prisma/client";

interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  type: string;
  source: string;
  subject: string | null;
  payload: unknown;
  created_at: Date;
}

/** The CloudEvents (structured JSON) message of an outbox row; the id also travels as a header to dedupe by. */
export function toCloudEventMessage(row: OutboxRow) {
  const event = {
    specversion: "1.0",
    id: row.id,
    source: row.source,
    type: row.type,
    ...(row.subject ? { subject: row.subject } : {}),
    time: row.created_at.toISOString(),
    datacontenttype: "application/json",
    data: row.payload,
  };
  return {
    key: row.key,
    value: JSON.stringify(event),
    headers: { ce_id: row.id, ce_type: row.type, "content-type": "application/cloudevents+json" },
  };
}

/**
 * Publishes one batch of unpublished outbox rows, oldest first. The rows are locked (SKIP LOCKED,
 * so several relays share the work) and marked published only after the broker acknowledged
 * them (acks = all, idempotent producer): a crash in between publishes them again on restart —
 * at-least-once, consumers dedupe by the CloudEvents id. Returns how many were published.
 */
export async function relayOutboxBatch(prisma: PrismaClient, producer: Producer, batchSize = 200): Promise<number> {
  try {
    return await prisma.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<OutboxRow[]>`
          SELECT id, topic, key, type, source, subject, payload, created_at FROM outbox_events
           WHERE published_at IS NULL ORDER BY created_at, id LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`;
        if (rows.length === 0) return 0;
        const byTopic = new Map<string, OutboxRow[]>();
        for (const row of rows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
        await producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list.map(toCloudEventMessage) })),
        });
        await tx.outboxEvent.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { publishedAt: new Date(), attempts: { increment: 1 } } });
        return rows.length;
      },
      { timeout: 30_000 },
    );
  } catch (err) {
    // Nothing was marked published; note the failure on the oldest rows for operators.
    await prisma.$executeRaw`
      UPDATE outbox_events SET attempts = attempts + 1, last_error = ${err instanceof Error ? err.message.slice(0, 500) : String(err)}
       WHERE id IN (SELECT id FROM outbox_events WHERE published_at IS NULL ORDER BY created_at LIMIT ${batchSize})`.catch(() => undefined);
    throw err;
  }
}
