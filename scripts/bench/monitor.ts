/**
 * npm run bench -- monitor — the contract monitor's cost.
 *
 * 1. Events validated per second on one core against the demo's contracts: for every demo Kafka
 *    port, its contract's rules (as the monitor compiles them from the exported ODCS document) and
 *    its compiled schema; realistic events from the demo generator (3 % broken where the demo
 *    breaks them), decoded from bytes as the shared consumer does, then offered to the window.
 * 2. The portal's search p95 idle, and while the monitor checks every demo topic on the real
 *    broker with the demo producer writing at `--rate` times the demo rate (default 100), in the
 *    same process (where the portal runs it), with `--window` second windows (default 300, as in
 *    production), and what closing a window costs. Starts a fresh broker (or KAFKA_BROKERS) and a
 *    scratch database.
 */
import { performance } from "node:perf_hooks";
import { ANY_USER } from "@/lib/catalog/permissions";
import { flatFieldsToJsonSchema } from "@/lib/catalog/schema-fields";
import { flattenSchema } from "@/lib/catalog/schema-flatten";
import { portContractDocument } from "@/lib/contracts/port-contract";
import { env, setEnv } from "@/lib/core/env";
import { openDatabase } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { createRng, generateEvent } from "@/lib/demo/events";
import { DEMO_PRODUCTS } from "@/lib/demo/mesh";
import { schemaDefinition, seedDemoMesh } from "@/lib/demo/seed";
import { createKafka } from "@/lib/kafka/client-config";
import { compileRules } from "@/lib/monitor/rules";
import { compileSchemaCheck } from "@/lib/monitor/schema-check";
import { ContractWindow } from "@/lib/monitor/window";
import { createScratchDatabase, dropDatabase, ensurePostgres } from "../lib/postgres";
import { startDemoProducer } from "../lib/demo-producer";
import { benchBroker } from "./broker";
import { measure, printTimings } from "./stats";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Part 1: pure validation throughput on this core. */
function validationThroughput(): void {
  const rng = createRng(42);
  const now = new Date();
  const streams = DEMO_PRODUCTS.flatMap((product) =>
    product.outputPorts
      .filter((port) => port.type === "KAFKA_TOPIC")
      .map((port) => {
        const definition = schemaDefinition(product.domain, port) as Record<string, unknown>;
        const schema =
          port.schemaFormat === "AVRO"
            ? flatFieldsToJsonSchema(port.name, flattenSchema("AVRO", definition))
            : definition;
        const document = portContractDocument({
          contract: {
            contractId: `${product.slug}.${port.name}`,
            version: "1.0.0",
            status: "ACTIVE",
            document: {},
          },
          product: {
            slug: product.slug,
            name: product.name,
            domain: product.domain,
            tags: product.tags,
            summary: product.summary,
            serviceLevels: product.serviceLevels,
          },
          port: {
            name: port.name,
            description: port.description,
            type: port.type,
            address: port.address,
            server: "kafka://127.0.0.1:9092",
            format: port.format,
            compatibility: port.compatibility ?? "BACKWARD",
            schema,
          },
        });
        const rules = compileRules(document);
        const { check } = compileSchemaCheck(schema);
        const events = Array.from({ length: 2000 }, () => {
          const e = generateEvent(product, port, rng, now);
          if (port.faults && rng() < port.faults.share) delete e.value[port.faults.drop];
          return Buffer.from(JSON.stringify(e.value));
        });
        return { rules, check, events, topic: port.address };
      }),
  );
  const total = streams.reduce((n, s) => n + s.events.length, 0);
  const rulesPerPort = streams.reduce((n, s) => n + s.rules.length, 0) / streams.length;
  let best = 0;
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    let offset = 0;
    for (const s of streams) {
      const window = new ContractWindow(0, s.rules, s.check);
      const observedAt = Date.now();
      for (const bytes of s.events)
        window.offer(
          {
            value: JSON.parse(bytes.toString("utf8")),
            timestamp: observedAt,
            observedAt,
            partition: 0,
            offset: offset++,
          },
          true,
        );
      window.results();
    }
    const perSecond = total / ((performance.now() - started) / 1000);
    if (round > 0) best = Math.max(best, perSecond);
  }
  console.log(
    `validation: ${streams.length} demo topics, ${rulesPerPort.toFixed(1)} rules per contract on average, ${total.toLocaleString("en")} events per round`,
  );
  console.log(
    `  events validated per second on one core (JSON decode + schema + every rule): ${Math.round(best).toLocaleString("en")} (target ≥ 50,000)`,
  );
}

/** Part 2: search p95 with and without the monitor on every demo topic. */
async function searchUnderMonitor(rate: number, windowSeconds: number): Promise<void> {
  await ensurePostgres();
  const broker = await benchBroker();
  setEnv({ MESHPORT_BACKGROUND: "0" });
  const { findDataProducts } = await import("@/lib/catalog/search");
  const { ProductSearchSchema } = await import("@/lib/catalog/schemas");
  const { ContractMonitor } = await import("@/lib/monitor/monitor");
  const { TailHub } = await import("@/lib/tail/hub");
  const { withKafkaAdmin } = await import("@/lib/kafka/admin");
  const scratch = await createScratchDatabase("meshport_bench_monitor");
  const database = await openDatabase({ url: scratch.url });
  const kafka = createKafka(env(), { clientId: "bench-monitor", retries: 5 });
  const hub = new TailHub({ kafka, withAdmin: withKafkaAdmin });
  let producer: Awaited<ReturnType<typeof startDemoProducer>> | undefined;
  const queries = ["payment", "order events", "customer", "shipment delay", "refund", "cart"];
  const search = (i: number) =>
    findDataProducts(
      database.prisma,
      ANY_USER,
      ProductSearchSchema.parse({ q: queries[i % queries.length] }),
    );
  try {
    await database.withSession((s) => applyMigrations(s));
    await seedDemoMesh(database.prisma, { kafkaServer: `kafka://${env().KAFKA_BROKERS}` });
    producer = await startDemoProducer(kafka, { rateFactor: rate, seed: 7 });
    let cpu = process.cpuUsage();
    let wall = performance.now();
    const idle = await measure("search, idle (producer running, no monitor)", search, 300, 30);
    const idleCpu = process.cpuUsage(cpu);
    const idleShare = (idleCpu.user + idleCpu.system) / 1000 / (performance.now() - wall);

    const monitor = new ContractMonitor({
      prisma: database.prisma,
      hub,
      windowSeconds,
      maxEventsPerSecond: 20_000,
    });
    await monitor.refresh();
    const watched = monitor.portCount;
    const before = producer.sent();
    // Let the consumers reach the live end and a few windows close before measuring.
    await new Promise((r) => setTimeout(r, 8000));
    monitor.start();
    cpu = process.cpuUsage();
    wall = performance.now();
    const busy = await measure(`search, monitor checking ${watched} topics`, search, 300, 30);
    const busyCpu = process.cpuUsage(cpu);
    const busyShare = (busyCpu.user + busyCpu.system) / 1000 / (performance.now() - wall);
    const events = producer.sent() - before;
    // What closing a window costs: every watched port's rules recorded (the 5-minute tick).
    const flushStarted = performance.now();
    await monitor.flush({ force: true });
    const flushMs = performance.now() - flushStarted;
    await monitor.stop();
    const windows = await database.prisma.contractCheckWindow.count();
    printTimings("search while the contract monitor runs (in-process, as in the portal)", [idle, busy]);
    console.log(
      `  producer: ${events.toLocaleString("en")} events while measured (rate ×${rate}); ${windowSeconds}-s windows; rows recorded: ${windows}`,
    );
    console.log(`  closing a window (recording every watched port's rules): ${flushMs.toFixed(0)} ms`);
    console.log(
      `  this process's CPU: ${(idleShare * 100).toFixed(0)} % of a core idle, ${(busyShare * 100).toFixed(0)} % with the monitor (broker and PostgreSQL share the same 2 cores)`,
    );
    console.log(
      `  search p95 under the monitor: ${((busy.p95 / idle.p95 - 1) * 100).toFixed(1)} % over idle (target within 10 %)`,
    );
  } finally {
    await producer?.stop();
    await hub.shutdown();
    await database.close();
    await dropDatabase(scratch.name).catch(() => undefined);
    await broker?.stop();
  }
}

export async function benchMonitor(): Promise<void> {
  validationThroughput();
  if (process.argv.includes("--only-validation")) return;
  await searchUnderMonitor(Number(option("--rate") ?? 100), Number(option("--window") ?? 300));
}
