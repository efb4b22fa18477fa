/**
 * The portal's background work in a process the notifier chaos test kills with SIGKILL at random
 * points: the outbox relay, the notifier (under its lease) and its deliveries, as in the portal.
 * Prints "ready" once this process holds the notifier's lease (the kills then land while it
 * works, not while it waits for a dead predecessor's lease to lapse). Run with
 * `node --import tsx --conditions=react-server`; needs DATABASE_URL, KAFKA_BROKERS,
 * MESHPORT_EVENTS_TOPIC and SMTP_URL.
 */
import { PROCESS_HOLDER } from "@/lib/db/lease";
import { db } from "@/lib/db/server";
import { startBackgroundWork } from "@/lib/runtime/background";

startBackgroundWork();
const prisma = await db();
for (;;) {
  const lease = await prisma.backgroundLease.findUnique({ where: { name: "notifier" } });
  if (lease?.holder === PROCESS_HOLDER) break;
  await new Promise((r) => setTimeout(r, 100));
}
console.log("ready");
setInterval(() => undefined, 60_000);
