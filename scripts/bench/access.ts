/**
 * npm run bench -- access — approve → ACL effective on the real broker: a consumer team's
 * principal polls the topic (ListOffsets needs DESCRIBE, which READ implies) every 20 ms from the
 * moment an owner approves until the broker lets it through; likewise revoke → refused.
 * Starts a fresh local broker (or uses KAFKA_BROKERS) and a scratch PostgreSQL database.
 */
import { performance } from "node:perf_hooks";
import { findCurrentUser } from "@/lib/auth/find-user";
import type { CurrentUser } from "@/lib/auth/types";
import { openDatabase } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { seedDemoMesh } from "@/lib/demo/seed";
import { teamKafkaPassword } from "@/lib/demo/teams";
import { env, setEnv } from "@/lib/core/env";
import { createKafka, localKafka } from "@/lib/kafka/client-config";
import { waitForTopics } from "@/lib/kafka/topics";
import { createScratchDatabase, dropDatabase, ensurePostgres } from "../lib/postgres";
import { printTimings, summarize } from "./stats";
import { benchBroker } from "./broker";

const RUNS = 30;
const TEAM = "marketing-analytics";

async function userOf(
  prisma: Awaited<ReturnType<typeof openDatabase>>["prisma"],
  email: string,
): Promise<CurrentUser> {
  return (await findCurrentUser(prisma, { email }))!;
}

export async function benchAccess(): Promise<void> {
  await ensurePostgres();
  const broker = await benchBroker();
  setEnv({ MESHPORT_BACKGROUND: "0" });
  const { decideAccessRequest, createAccessRequest, revokeGrant } = await import("@/lib/access/mutations");
  const scratch = await createScratchDatabase("meshport_bench_access");
  const database = await openDatabase({ url: scratch.url });
  const topic = `orders.bench-access-${Date.now()}.v1`;
  const admin = createKafka(env(), { retries: 8 }).admin();
  const probe = localKafka(env().KAFKA_BROKERS, TEAM, teamKafkaPassword(TEAM), {
    clientId: "bench-probe",
    retries: 0,
  }).admin();
  try {
    await database.withSession((s) => applyMigrations(s));
    await seedDemoMesh(database.prisma, { kafkaServer: `kafka://${env().KAFKA_BROKERS}` });
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: 1, replicationFactor: 1 }],
    });
    await waitForTopics(admin, [topic]);
    const product = await database.prisma.dataProduct.findFirstOrThrow({
      where: { ownerTeam: { slug: "orders" } },
    });
    const port = await database.prisma.outputPort.create({
      data: { productId: product.id, name: "bench-access", type: "KAFKA_TOPIC", address: topic },
    });
    const alice = await userOf(database.prisma, "alice@meshport.dev");
    const bob = await userOf(database.prisma, "bob@meshport.dev");
    await probe.connect();
    const allowed = () =>
      probe.fetchTopicOffsets(topic).then(
        () => true,
        () => false,
      );
    const until = async (want: boolean, since: number) => {
      while ((await allowed()) !== want) {
        if (performance.now() - since > 30_000)
          throw new Error(`no change within 30 s (wanted ${want ? "allowed" : "refused"})`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return performance.now() - since;
    };

    const approveCall: number[] = [];
    const effective: number[] = [];
    const revokeEffective: number[] = [];
    for (let i = 0; i < RUNS + 2; i++) {
      const { id } = await createAccessRequest(database.prisma, bob, {
        portId: port.id,
        teamSlug: TEAM,
        purpose: `Benchmark round ${i} of access`,
        justification: "",
      });
      const start = performance.now();
      const approved = await decideAccessRequest(database.prisma, alice, id, "approve");
      const called = performance.now() - start;
      const seen = await until(true, start);
      const grantId = (approved as { grant: { id: string } }).grant.id;
      const revokeStart = performance.now();
      await revokeGrant(database.prisma, alice, grantId);
      const gone = await until(false, revokeStart);
      if (i >= 2) {
        // The first two rounds warm connections and the broker's authorizer.
        approveCall.push(called);
        effective.push(seen);
        revokeEffective.push(gone);
      }
    }
    printTimings(`Access on the real broker (${RUNS} rounds, Kafka ${env().KAFKA_BROKERS})`, [
      summarize("approve API call (DB + createAcls)", approveCall),
      summarize("approve → ACL effective (team can read)", effective),
      summarize("revoke → ACL gone (team refused)", revokeEffective),
    ]);
  } finally {
    await probe.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await database.close();
    await dropDatabase(scratch.name);
    await broker?.stop();
  }
}
