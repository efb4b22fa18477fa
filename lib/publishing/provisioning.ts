import "server-only";
/**
 * Provisioning of output ports on the broker, like grants: the database says what should exist,
 * this makes it so, and the scheduler finishes what a crash or an outage left half-way.
 *
 * Publishing commits first (product ACTIVE, Kafka ports PROVISIONING with the owner's bindings
 * stored), then creates each topic and the bindings. Kafka down: the ports stay PROVISIONING
 * with the reason, and the sweep finishes them when the broker is back. A broker verdict (a topic
 * of another configuration, a refused config): FAILED with the broker's error, *Retry*.
 */
import { AppError } from "@/lib/core/errors";
import { recordChange } from "@/lib/events/record";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { createAcls, deleteAcls } from "@/lib/kafka/acls";
import { ensureTopic } from "@/lib/kafka/provision";
import { parseAcls } from "@/lib/access/acls";
import { topicConfig } from "./acls";
import type { PortStateItem } from "./dto";
import { nextPortState, portSourceStates, type PortEvent, type PortState } from "./state-machine";

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

/**
 * Locks a product's row for the rest of the transaction: lifecycle changes and port changes of
 * one product happen one after the other (a port added while publishing is either published with
 * it, or added to the live product and provisioned), never interleaved.
 */
export async function lockProduct(tx: Prisma.TransactionClient, productId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM data_products WHERE id = ${productId}::uuid FOR UPDATE`;
}

/** Moves a port along its state machine with a conditional update; false when someone moved it first. */
export async function movePort(
  tx: Prisma.TransactionClient,
  port: { id: string; state: PortState },
  event: PortEvent,
  data: Prisma.OutputPortUpdateManyMutationInput = {},
): Promise<boolean> {
  const to = nextPortState(port.state, event);
  const res = await tx.outputPort.updateMany({
    where: { id: port.id, state: { in: [...portSourceStates(event)] } },
    data: { ...data, state: to },
  });
  return res.count === 1;
}

export function portStateOf(port: {
  id: string;
  name: string;
  type: PortStateItem["type"];
  address: string;
  state: PortState;
  provisioningError: string | null;
}): PortStateItem {
  return {
    id: port.id,
    name: port.name,
    type: port.type,
    address: port.address,
    state: port.state,
    error: port.provisioningError,
  };
}

/**
 * Creates a PROVISIONING port's topic (idempotent: the same configuration is fine) and the owner
 * team's bindings, then marks it ACTIVE — or FAILED with the broker's verdict. An outage leaves it
 * PROVISIONING (with the reason) for the sweep.
 */
export async function provisionPort(
  prisma: PrismaClient,
  portId: string,
  actorId: string | null,
): Promise<PortStateItem> {
  const port = await prisma.outputPort.findUniqueOrThrow({ where: { id: portId } });
  if (port.state !== "PROVISIONING") return portStateOf(port);
  let failure: string | null = null;
  try {
    await ensureTopic({
      name: port.address,
      partitions: port.partitions ?? 1,
      config: topicConfig(port),
    });
    await createAcls(parseAcls(port.ownerAcls));
  } catch (err) {
    if (err instanceof AppError && err.code === "kafka_unavailable") {
      // Not a verdict: keep it provisioning, say why, and let the sweep try again.
      await prisma.outputPort.updateMany({
        where: { id: port.id, state: "PROVISIONING" },
        data: { provisioningError: `Waiting for the broker: ${errorText(err)}` },
      });
      return portStateOf(await prisma.outputPort.findUniqueOrThrow({ where: { id: portId } }));
    }
    failure = errorText(err);
  }
  const moved = await prisma.$transaction(async (tx) => {
    const moved = await movePort(
      tx,
      port,
      failure ? "provisioning_failed" : "provisioned",
      failure ? { provisioningError: failure } : { provisioningError: null, provisionedAt: new Date() },
    );
    if (!moved) return false;
    await recordChange(tx, {
      actorId,
      action: failure ? "port.failed" : "port.live",
      subjectType: "output_port",
      subjectId: port.id,
      productId: port.productId,
      data: {
        portId: port.id,
        port: port.name,
        topic: port.address,
        ...(failure ? { error: failure } : { acls: port.ownerAcls as Prisma.InputJsonValue }),
      },
    });
    return true;
  });
  const after = await prisma.outputPort.findUniqueOrThrow({ where: { id: portId } });
  // Retired while this ran: the bindings just made must not outlive the retirement.
  if (!moved && !failure && (after.state === "RETIRING" || after.state === "RETIRED"))
    await deleteAcls(parseAcls(port.ownerAcls));
  return portStateOf(after);
}

/**
 * Removes a RETIRING port's owner bindings and closes it as RETIRED. The topic stays (its data
 * is kept; deleting it is a separate admin action). Kafka errors go up and the port stays
 * RETIRING for the sweep.
 */
export async function completePortRetirement(
  prisma: PrismaClient,
  portId: string,
  actorId: string | null,
): Promise<PortStateItem> {
  const port = await prisma.outputPort.findUniqueOrThrow({ where: { id: portId } });
  if (port.state !== "RETIRING") return portStateOf(port);
  await deleteAcls(parseAcls(port.ownerAcls));
  await prisma.$transaction(async (tx) => {
    if (!(await movePort(tx, port, "retired", { provisioningError: null }))) return;
    await recordChange(tx, {
      actorId,
      action: "port.retired",
      subjectType: "output_port",
      subjectId: port.id,
      productId: port.productId,
      data: { portId: port.id, port: port.name, topic: port.address },
    });
  });
  return portStateOf(await prisma.outputPort.findUniqueOrThrow({ where: { id: portId } }));
}

/**
 * The scheduler's part for ports (all state is in the database, so it survives restarts):
 * provisions ports left PROVISIONING (a crash after publishing, or the broker was down) and
 * finishes retirements.
 */
export async function sweepPorts(
  prisma: PrismaClient,
  now = new Date(),
): Promise<{ provisioned: number; retired: number }> {
  const stuck = await prisma.outputPort.findMany({
    where: { state: "PROVISIONING", updatedAt: { lte: new Date(now.getTime() - 10_000) } },
    select: { id: true },
    take: 100,
  });
  for (const port of stuck) {
    // Touch it first, so a slow broker is retried every ten seconds, not in a tight loop.
    await prisma.outputPort.updateMany({
      where: { id: port.id, state: "PROVISIONING" },
      data: { updatedAt: now },
    });
    await provisionPort(prisma, port.id, null);
  }
  const retiring = await prisma.outputPort.findMany({
    where: { state: "RETIRING" },
    select: { id: true },
    take: 100,
  });
  for (const port of retiring) {
    await completePortRetirement(prisma, port.id, null).catch((err: unknown) => {
      console.warn(`[ports] retiring ${port.id} failed, retrying: ${errorText(err)}`);
    });
  }
  return { provisioned: stuck.length, retired: retiring.length };
}
