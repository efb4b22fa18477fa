import "server-only";
import { portalKafkaServer, portalTopics } from "@/lib/core/env";
import { db } from "@/lib/db/server";
import { findPortAddressConflicts } from "./port-address";

/**
 * Logs, once at server start, ports that break the address rules because they were written before
 * the rules held (or straight into the database): several ports on one resource, or a port on an
 * internal or portal topic. Nothing is changed automatically: an admin decides which port stays.
 */
export async function reportPortAddressConflicts(): Promise<void> {
  const { duplicates, reserved } = await findPortAddressConflicts(
    await db(),
    portalKafkaServer(),
    portalTopics(),
  );
  for (const conflict of duplicates) {
    const ports = conflict.ports
      .map((p) => `"${p.name}" of ${p.product} (${p.server} ${p.address}, id ${p.id})`)
      .join(", ");
    console.warn(
      `[ports] ${conflict.ports.length} output ports expose the same resource ${conflict.key}: ${ports}. Keep one: delete or re-address the others.`,
    );
  }
  for (const p of reserved) {
    console.warn(
      `[ports] output port "${p.name}" of ${p.product} (id ${p.id}) exposes the reserved topic ${p.address}; it must not be a port.`,
    );
  }
}
