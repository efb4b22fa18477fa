/**
 * The app's access work in a process the chaos test kills with SIGKILL at random points: it
 * approves pending requests one by one (each provisions ACLs) while the outbox relay and the
 * grant scheduler run, as in the portal. Run with `node --import tsx --conditions=react-server`; needs
 * DATABASE_URL and KAFKA_BROKERS.
 */
import { decideAccessRequest } from "@/lib/access/mutations";
import { startBackgroundWork } from "@/lib/runtime/background";
import { db } from "@/lib/db/server";

const prisma = await db();
startBackgroundWork();
// The test kills at random points after this line, not while the process is still starting.
console.log("ready");
const admin = await prisma.user.findFirstOrThrow({ where: { role: "ADMIN" } });
const actor = { id: admin.id, email: admin.email, name: admin.name, role: admin.role, teams: [] };
const refused = new Set<string>();
for (;;) {
  const next = await prisma.accessRequest.findFirst({
    where: { status: "PENDING", id: { notIn: [...refused] } },
    orderBy: { createdAt: "asc" },
  });
  if (!next) break;
  // A refusal is final for this life of the worker (the test then sees what stayed pending).
  await decideAccessRequest(prisma, actor, next.id, "approve").catch((err: unknown) => {
    refused.add(next.id);
    console.error(String(err));
  });
}
console.log("all decided");
// Keep relaying and sweeping until killed.
setInterval(() => undefined, 60_000);
