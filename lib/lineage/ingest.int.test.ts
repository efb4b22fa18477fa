import { ANY_USER } from "@/lib/catalog/permissions";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCurrentUser } from "@/lib/auth/find-user";
import type { Database } from "@/lib/db/client";
import { DEMO_TABLE_SERVER, seedDemoMesh } from "@/lib/demo/seed";
import { openTestDatabase } from "@/scripts/test-support/database";
import { ingestRunEvent, ingestRunEvents } from "./ingest";
import { RunEventSchema } from "./openlineage";
import { getImpact, getLineage, impactCsv } from "./queries";

// OpenLineage ingestion against the real PostgreSQL: a Spark-like job reading a Kafka topic
// and an external S3 file, writing a warehouse table — matched to ports by address.
let database: Database;
let topic: { address: string; product: string };
let table: { address: string; product: string };

beforeAll(async () => {
  database = await openTestDatabase();
  await seedDemoMesh(database.prisma, { kafkaServer: "kafka://127.0.0.1:9092" });
  const kafkaPort = await database.prisma.outputPort.findFirstOrThrow({
    where: { type: "KAFKA_TOPIC", product: { slug: "order-events" } },
    include: { product: true },
  });
  const tablePort = await database.prisma.outputPort.findFirstOrThrow({
    where: { type: "TABLE", product: { domain: { slug: { not: "orders" } } } },
    include: { product: true },
    orderBy: { address: "asc" },
  });
  topic = { address: kafkaPort.address, product: kafkaPort.product.slug };
  table = { address: tablePort.address, product: tablePort.product.slug };
});
afterAll(async () => {
  await database.close();
});

function runEvent(runId: string, eventType: "START" | "COMPLETE", eventTime: string) {
  return RunEventSchema.parse({
    eventType,
    eventTime,
    producer: "https://github.com/OpenLineage/OpenLineage/tree/1.24.0/integration/spark",
    schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
    run: { runId, facets: { parent: { job: { namespace: "airflow", name: "nightly" } } } },
    job: { namespace: "spark://prod", name: "orders_enrichment" },
    inputs: [
      {
        namespace: "kafka://broker.internal:9092",
        name: topic.address,
        facets: { schema: { fields: [{ name: "order_id", type: "string" }] } },
      },
      { namespace: "s3://partner-drops", name: "fx/rates.csv" },
    ],
    outputs: [
      {
        namespace: DEMO_TABLE_SERVER,
        name: table.address,
        facets: {
          columnLineage: {
            fields: {
              order_id: {
                inputFields: [
                  { namespace: "kafka://broker.internal:9092", name: topic.address, field: "order_id" },
                ],
              },
            },
          },
        },
      },
    ],
  });
}

describe("ingestRunEvent", () => {
  it("stores START and COMPLETE, matches datasets to ports, keeps column lineage, and is idempotent", async () => {
    const runId = randomUUID();
    const start = runEvent(runId, "START", "2026-11-23T10:00:00Z");
    const complete = runEvent(runId, "COMPLETE", "2026-11-23T10:05:00Z");
    expect(await ingestRunEvent(database.prisma, start)).toEqual({ runId, duplicate: false });
    expect(await ingestRunEvent(database.prisma, complete)).toEqual({ runId, duplicate: false });
    expect(await ingestRunEvent(database.prisma, complete)).toEqual({ runId, duplicate: true });
    expect(await database.prisma.lineageEvent.count({ where: { runId } })).toBe(2);
    expect((await database.prisma.lineageRun.findUniqueOrThrow({ where: { id: runId } })).state).toBe(
      "COMPLETE",
    );
    // An older event arriving late does not roll the run back.
    await ingestRunEvent(database.prisma, runEvent(runId, "START", "2026-11-23T09:59:00Z"));
    expect((await database.prisma.lineageRun.findUniqueOrThrow({ where: { id: runId } })).state).toBe(
      "COMPLETE",
    );

    const datasets = await database.prisma.lineageDataset.findMany({
      include: { outputPort: { include: { product: true } } },
    });
    expect(datasets.find((d) => d.name === topic.address)?.outputPort?.product.slug).toBe(topic.product);
    expect(datasets.find((d) => d.name === table.address)?.outputPort?.product.slug).toBe(table.product);
    expect(datasets.find((d) => d.name === "fx/rates.csv")?.outputPortId).toBeNull();
    const written = await database.prisma.lineageJobDataset.findFirstOrThrow({
      where: { direction: "OUTPUT" },
    });
    expect(written.columnLineage).toEqual({
      order_id: [{ namespace: "kafka://broker.internal:9092", name: topic.address, field: "order_id" }],
    });
  });

  it("puts the job's edges in the product lineage, the unmatched file as an external node", async () => {
    const g = await getLineage(database.prisma, ANY_USER, table.product, 1, 0);
    const source = g.nodes.find((n) => n.slug === topic.product);
    const external = g.nodes.find((n) => n.type === "external" && n.name === "fx/rates.csv");
    expect(source?.depth).toBe(-1);
    expect(external?.namespace).toBe("s3://partner-drops");
    expect(
      g.edges.some((e) => e.via === "job" && e.label === "orders_enrichment" && e.source === source?.id),
    ).toBe(true);
  });

  it("narrows impact analysis of a field through column lineage", async () => {
    const port = await database.prisma.outputPort.findFirstOrThrow({ where: { address: topic.address } });
    const impact = await getImpact(database.prisma, ANY_USER, port.id, "order_id");
    const row = impact.items.find((i) => i.product.slug === table.product);
    expect(row?.fieldUse).toEqual({ kind: "derived", fields: ["order_id"] });
    expect(
      impact.items
        .filter((i) => i.depth === 1 && i.product.slug !== table.product)
        .every((i) => i.fieldUse?.kind === "reads port"),
    ).toBe(true);
    expect(impactCsv(impact.items).split("\n")[0]).toContain("field use");
    const unrelated = await getImpact(database.prisma, ANY_USER, port.id, "currency");
    expect(unrelated.items.find((i) => i.product.slug === table.product)?.fieldUse?.kind).toBe("reads port");
  });
});

describe("who may record lineage", () => {
  const user = async (email: string) => (await findCurrentUser(database.prisma, { email }))!;
  const job = (outputs: { namespace: string; name: string }[]) =>
    RunEventSchema.parse({
      eventType: "COMPLETE",
      eventTime: new Date().toISOString(),
      producer: "https://example.test/emitter",
      schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
      run: { runId: randomUUID() },
      job: { namespace: "spark://bob", name: `job-${randomUUID()}` },
      inputs: [{ namespace: "kafka://127.0.0.1:9092", name: topic.address }],
      outputs,
    });

  it("refuses a job that writes another team's port (403 naming the dataset) and stores nothing", async () => {
    const bob = await user("bob@meshport.dev");
    const payments = await database.prisma.outputPort.findFirstOrThrow({
      where: { type: "KAFKA_TOPIC", product: { ownerTeam: { slug: "payments" } } },
    });
    // Whatever alias the emitter uses for the broker, the topic is matched to its port.
    for (const namespace of [
      "kafka://127.0.0.1:9092",
      "kafka://localhost:9092",
      "kafka://broker.internal:9092",
    ]) {
      const event = job([{ namespace, name: payments.address }]);
      await expect(ingestRunEvents(database.prisma, bob, [event])).rejects.toMatchObject({
        status: 403,
        message: expect.stringContaining(payments.address),
      });
      expect(await database.prisma.lineageJob.count({ where: { name: event.job.name } })).toBe(0);
    }
    // One bad event in a batch refuses the batch.
    const ok = job([{ namespace: "s3://bob-scratch", name: "out.csv" }]);
    await expect(
      ingestRunEvents(database.prisma, bob, [
        ok,
        job([{ namespace: "kafka://127.0.0.1:9092", name: payments.address }]),
      ]),
    ).rejects.toMatchObject({ status: 403 });
    expect(await database.prisma.lineageJob.count({ where: { name: ok.job.name } })).toBe(0);
  });

  it("accepts external outputs and the caller's own ports; reads are not restricted; admins record anything", async () => {
    const bob = await user("bob@meshport.dev");
    const alice = await user("alice@meshport.dev");
    const carol = await user("carol@meshport.dev");
    const own = await database.prisma.outputPort.findFirstOrThrow({
      where: { type: "KAFKA_TOPIC", product: { ownerTeam: { slug: "orders" } } },
    });
    const payments = await database.prisma.outputPort.findFirstOrThrow({
      where: { type: "KAFKA_TOPIC", product: { ownerTeam: { slug: "payments" } } },
    });
    await expect(
      ingestRunEvents(database.prisma, bob, [
        job([{ namespace: "s3://bob-scratch", name: "segments.parquet" }]),
      ]),
    ).resolves.toMatchObject({ accepted: 1 });
    await expect(
      ingestRunEvents(database.prisma, alice, [
        job([{ namespace: "kafka://127.0.0.1:9092", name: own.address }]),
      ]),
    ).resolves.toMatchObject({ accepted: 1 });
    await expect(
      ingestRunEvents(database.prisma, carol, [
        job([{ namespace: "kafka://127.0.0.1:9092", name: payments.address }]),
      ]),
    ).resolves.toMatchObject({ accepted: 1 });
  });
});
