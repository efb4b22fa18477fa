import "server-only";
/** Which ports the contract monitor watches: live Kafka ports of published products with an active contract. */
import { contractPortInclude, type ContractPortRow } from "@/lib/catalog/port-contracts";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export type MonitoredPortRow = ContractPortRow;

export function monitoredPorts(prisma: PrismaClient): Promise<MonitoredPortRow[]> {
  return prisma.outputPort.findMany({
    where: {
      type: "KAFKA_TOPIC",
      state: "ACTIVE",
      contract: { status: "ACTIVE" },
      product: { lifecycle: { in: ["EXPERIMENTAL", "ACTIVE", "DEPRECATED"] } },
    },
    include: contractPortInclude,
    orderBy: { address: "asc" },
  });
}
