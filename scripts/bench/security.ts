/**
 * npm run bench -- security — what the security checks of issue #11 cost per request, on a
 * scratch database of the real PostgreSQL with the demo mesh (and 10,000 extra ports, so the
 * address claim is measured on a catalog of some size):
 * - resolving a session (session row + user with teams) against the old email lookup;
 * - a port-address claim (new topic; taken topic → 409), inside a rolled-back transaction;
 * - the sign-in limit: check + count a failure;
 * - the input guard (NUL / depth walk) on a 1,000-event OpenLineage batch, next to JSON.parse.
 */
import { performance } from "node:perf_hooks";
import { findPortAddressConflicts, claimPortAddress } from "@/lib/catalog/port-address";
import { findCurrentUser } from "@/lib/auth/find-user";
import { findUnsafeInput } from "@/lib/api/input-guard";
import { openDatabase } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { seedDemoMesh } from "@/lib/demo/seed";
import { longestRetryAfter, recordFailure, signInLimits } from "@/lib/auth/rate-limit";
import { createScratchDatabase, dropDatabase, ensurePostgres } from "../lib/postgres";
import { measure, percentile, printTimings, type Timing } from "./stats";

const KAFKA_SERVER = "kafka://127.0.0.1:9092";
const PORTAL_TOPICS = ["meshport.catalog.events"];
const ROLLBACK = new Error("rollback");

function openLineageBatch(events: number): string {
  return JSON.stringify(
    Array.from({ length: events }, (_, i) => ({
      eventType: "COMPLETE",
      eventTime: new Date(1_700_000_000_000 + i).toISOString(),
      producer: "https://github.com/OpenLineage/OpenLineage/tree/1.24.0/integration/spark",
      schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
      run: {
        runId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
        facets: { parent: { job: { namespace: "airflow", name: "nightly" } } },
      },
      job: { namespace: "spark://prod", name: `job_${i}` },
      inputs: [
        {
          namespace: KAFKA_SERVER,
          name: "orders.order-events.v1",
          facets: {
            schema: {
              fields: Array.from({ length: 20 }, (_, f) => ({ name: `field_${f}`, type: "string" })),
            },
          },
        },
      ],
      outputs: [
        {
          namespace: "s3://lake",
          name: `out/${i}.parquet`,
          facets: {
            columnLineage: {
              fields: {
                id: {
                  inputFields: [{ namespace: KAFKA_SERVER, name: "orders.order-events.v1", field: "id" }],
                },
              },
            },
          },
        },
      ],
    })),
  );
}

export async function benchSecurity(): Promise<void> {
  await ensurePostgres();
  const scratch = await createScratchDatabase("meshport_bench_security");
  const database = await openDatabase({ url: scratch.url });
  try {
    await database.withSession((s) => applyMigrations(s));
    await seedDemoMesh(database.prisma, { kafkaServer: KAFKA_SERVER });
    const prisma = database.prisma;
    const product = await prisma.dataProduct.findFirstOrThrow({ where: { ownerTeam: { slug: "orders" } } });
    await prisma.outputPort.createMany({
      data: Array.from({ length: 10_000 }, (_, i) => ({
        productId: product.id,
        name: `bulk-${i}`,
        type: i % 3 === 0 ? "TABLE" : "KAFKA_TOPIC",
        address: i % 3 === 0 ? `shop.public.t${i}` : `bulk.topic-${i}.v1`,
        server: i % 3 === 0 ? "postgres://127.0.0.1:5432" : KAFKA_SERVER,
      })),
    });
    await prisma.$executeRawUnsafe("ANALYZE");
    const alice = (await findCurrentUser(prisma, { email: "alice@meshport.dev" }))!;
    const session = await prisma.session.create({
      data: { userId: alice.id, expiresAt: new Date(Date.now() + 3_600_000) },
    });
    const taken = await prisma.outputPort.findFirstOrThrow({
      where: { type: "KAFKA_TOPIC", product: { ownerTeam: { slug: "payments" } } },
    });
    const ctx = { kafkaServer: KAFKA_SERVER, portalTopics: PORTAL_TOPICS, brokerTopics: new Set<string>() };

    const claim = async (address: string) => {
      await prisma
        .$transaction(async (tx) => {
          await claimPortAddress(
            tx,
            alice,
            { type: "KAFKA_TOPIC", server: "kafka://localhost:9092", address },
            ctx,
          ).catch(() => undefined);
          throw ROLLBACK;
        })
        .catch((err: unknown) => {
          if (err !== ROLLBACK) throw err;
        });
    };

    const timings: Timing[] = [
      await measure("user by email (before: per request)", () =>
        findCurrentUser(prisma, { email: alice.email }),
      ),
      await measure("session row + user (now: per request)", async () => {
        const row = await prisma.session.findUnique({ where: { id: session.id } });
        return findCurrentUser(prisma, { id: row!.userId });
      }),
      await measure("claim a new topic (10k ports, rolled back)", (i) => claim(`orders.new-${i}.v1`)),
      await measure("claim a taken topic → 409 (rolled back)", () => claim(taken.address)),
      await measure("sign-in limit: check + count a failure", async (i) => {
        const limits = signInLimits(`bench-${i % 50}@meshport.dev`, "203.0.113.1");
        await longestRetryAfter(prisma, limits);
        for (const limit of limits) await recordFailure(prisma, limit);
      }),
    ];
    const report = await measure(
      "start-up address report (10k ports)",
      () => findPortAddressConflicts(prisma, KAFKA_SERVER, PORTAL_TOPICS),
      20,
      3,
    );
    printTimings("Security checks on the real PostgreSQL (sequential runs)", [...timings, report]);

    const body = openLineageBatch(1000);
    const parse: number[] = [];
    const guard: number[] = [];
    for (let i = 0; i < 60; i++) {
      let start = performance.now();
      const value = JSON.parse(body) as unknown;
      parse.push(performance.now() - start);
      start = performance.now();
      if (findUnsafeInput(value)) throw new Error("the batch is clean");
      guard.push(performance.now() - start);
    }
    const sorted = (list: number[]) => list.slice(10).sort((a, b) => a - b);
    console.log(
      `\nInput guard on a 1,000-event OpenLineage batch (${(body.length / 1024 / 1024).toFixed(2)} MB), after 10 warm-up runs:`,
    );
    console.log(
      `  JSON.parse        p50 ${percentile(sorted(parse), 50).toFixed(2)} ms, p95 ${percentile(sorted(parse), 95).toFixed(2)} ms`,
    );
    console.log(
      `  findUnsafeInput   p50 ${percentile(sorted(guard), 50).toFixed(2)} ms, p95 ${percentile(sorted(guard), 95).toFixed(2)} ms`,
    );
  } finally {
    await database.close();
    await dropDatabase(scratch.name).catch(() => undefined);
  }
}
