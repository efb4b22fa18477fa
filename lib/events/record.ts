// Plain Node (no server-only): the demo seed records its history through it too.
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import { env } from "@/lib/core/env";

export interface Change {
  actorId: string | null;
  /** e.g. `product.docs_updated`, `schema.version_added`, `contract.imported`, `port.registered`. */
  action: string;
  subjectType: string;
  subjectId: string;
  productId: string | null;
  data: Prisma.InputJsonValue;
}

/**
 * Records a state change inside the caller's transaction: an audit event, and an outbox row the
 * relay publishes to the portal's events topic as a CloudEvent (key = product id, so one
 * product's events stay ordered). Call it in the same transaction as the change itself.
 */
export async function recordChange(tx: Prisma.TransactionClient, change: Change): Promise<void> {
  const id = randomUUID();
  await tx.auditEvent.create({
    data: {
      actorId: change.actorId,
      action: change.action,
      subjectType: change.subjectType,
      subjectId: change.subjectId,
      productId: change.productId,
      data: change.data,
    },
  });
  await tx.outboxEvent.create({
    data: {
      id,
      topic: env().MESHPORT_EVENTS_TOPIC,
      key: change.productId ?? change.subjectId,
      type: `dev.meshport.${change.action}`,
      source: "/meshport/catalog",
      subject: `${change.subjectType}/${change.subjectId}`,
      payload: {
        actorId: change.actorId,
        ...((change.data as object | null) ?? {}),
      } as Prisma.InputJsonValue,
    },
  });
}
