/**
 * Publishing in a process the publishing chaos test kills with SIGKILL at random points: it
 * publishes the test's draft products one by one (each creates a topic and the owner team's
 * bindings) while the scheduler runs, as in the portal. Run with `node --import tsx
 * --conditions=react-server`; needs DATABASE_URL, KAFKA_BROKERS and CHAOS_PREFIX.
 */
import { findCurrentUser } from "@/lib/auth/find-user";
import { scriptEnv } from "@/scripts/config/env";
import { changeLifecycle } from "@/lib/publishing/lifecycle";
import { startBackgroundWork } from "@/lib/runtime/background";
import { db } from "@/lib/db/server";

const prefix = scriptEnv().CHAOS_PREFIX;
const prisma = await db();
startBackgroundWork();
// The test kills at random points after this line, not while the process is still starting.
console.log("ready");
const alice = (await findCurrentUser(prisma, { email: "alice@meshport.dev" }))!;
for (;;) {
  const next = await prisma.dataProduct.findFirst({
    where: { lifecycle: "DRAFT", slug: { startsWith: prefix } },
    orderBy: { slug: "asc" },
  });
  if (!next) break;
  await changeLifecycle(prisma, alice, next.slug, { to: "ACTIVE" }).catch((err: unknown) =>
    console.error(String(err)),
  );
}
console.log("all published");
// Keep sweeping until killed.
setInterval(() => undefined, 60_000);
