import "server-only";
import type { Producer } from "@/lib/kafka/client-config";
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

const CLAIM_SECONDS = 30;

/**
 * Publishes one batch of unpublished outbox rows, oldest first, in three steps so no database
 * connection waits on Kafka (the embedded database has only one):
 * 1. claim the rows for CLAIM_SECONDS (`FOR UPDATE SKIP LOCKED`, so several relays share work);
 * 2. produce them (acks = all, idempotent producer);
 * 3. mark them published.
 * A crash between 2 and 3 publishes them again once the claim lapses — at-least-once;
 * consumers dedupe by the CloudEvents id. Returns how many were published.
 */
export async function relayOutboxBatch(
  prisma: PrismaClient,
  producer: Producer,
  batchSize = 200,
): Promise<number> {
  const rows = await prisma.$queryRaw<OutboxRow[]>`
    UPDATE outbox_events SET claimed_until = now() + make_interval(secs => ${CLAIM_SECONDS})
     WHERE id IN (SELECT id FROM outbox_events
                   WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                   ORDER BY created_at, id LIMIT ${batchSize} FOR UPDATE SKIP LOCKED)
    RETURNING id, topic, key, type, source, subject, payload, created_at`;
  if (rows.length === 0) return 0;
  rows.sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.id.localeCompare(b.id));
  const ids = rows.map((r) => r.id);
  try {
    const byTopic = new Map<string, OutboxRow[]>();
    for (const row of rows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map(toCloudEventMessage),
      })),
    });
  } catch (err) {
    // Release the claim at once so the next attempt need not wait for it to lapse.
    await prisma.outboxEvent
      .updateMany({
        where: { id: { in: ids } },
        data: {
          claimedUntil: null,
          attempts: { increment: 1 },
          lastError: err instanceof Error ? err.message.slice(0, 500) : String(err),
        },
      })
      .catch(() => undefined);
    throw err;
  }
  await prisma.outboxEvent.updateMany({
    where: { id: { in: ids } },
    data: { publishedAt: new Date(), claimedUntil: null, attempts: { increment: 1 }, lastError: null },
  });
  return rows.length;
}
