/**
 * npm run demo — everything the portal needs, in one command:
 *   local Kafka broker (KRaft, SASL/PLAIN, ACLs) → database (embedded PGlite by default) migrated
 *   and seeded with the demo mesh → demo event producer → Next.js on http://localhost:3000.
 * Ctrl-C stops it all; data stays under .data/ for the next run.
 *
 * Options: --prod (build and serve the optimized app instead of the dev server), --port <n>.
 * With KAFKA_BROKERS set, that cluster is used and no local broker is started.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { openDatabase } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { DEMO_PASSWORD, DEMO_PERSONAS } from "@/lib/demo/personas";
import { seedDemoMesh } from "@/lib/demo/seed";
import { env, pgliteDir } from "@/lib/env";
import { kafkaConfig } from "@/lib/kafka/client-config";
import { startDemoProducer, type DemoProducer } from "./lib/demo-producer";
import { startKafka, type KafkaHandle } from "./lib/kafka-broker";

const args = process.argv.slice(2);
const prod = args.includes("--prod");
const portArg = args.indexOf("--port");
const appPort = portArg >= 0 ? Number(args[portArg + 1]) : Number(process.env.PORT ?? 3000);

function log(message: string): void {
  console.log(`\x1b[36m[demo]\x1b[0m ${message}`);
}

function run(cmd: string, cmdArgs: string[], extraEnv: Record<string, string>): ChildProcess {
  return spawn(cmd, cmdArgs, { stdio: "inherit", env: { ...process.env, ...extraEnv } });
}

async function main(): Promise<void> {
  process.env.MESHPORT_DEMO = "1";
  const externalKafka = Boolean(process.env.KAFKA_BROKERS);
  const dataDir = path.resolve(process.env.MESHPORT_DATA_DIR ?? ".data");

  let kafka: KafkaHandle | undefined;
  let producer: DemoProducer | undefined;
  let app: ChildProcess | undefined;
  let stopping = false;

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("stopping …");
    app?.kill("SIGTERM");
    await producer?.stop().catch(() => undefined);
    await kafka?.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  if (!externalKafka) {
    log("starting the local Kafka broker (first run downloads Kafka from Maven Central) …");
    try {
      kafka = await startKafka({ dataDir: path.join(dataDir, "kafka") });
      process.env.KAFKA_BROKERS = kafka.brokers;
      log(`Kafka ready on ${kafka.brokers} (SASL/PLAIN, portal principal "meshport")`);
    } catch (err) {
      log(`Kafka could not start — the portal runs without it and shows "Kafka unavailable":\n${err instanceof Error ? err.message : String(err)}`);
    }
  }

  const e = env();
  const database = await openDatabase(e.DATABASE_URL ? { url: e.DATABASE_URL } : { pgliteDir: pgliteDir() });
  try {
    const applied = await database.withSession((s) => applyMigrations(s));
    if (applied.length) log(`applied migrations: ${applied.join(", ")}`);
    const seeded = await seedDemoMesh(database.prisma, { kafkaServer: `kafka://${e.KAFKA_BROKERS.split(",")[0]}` });
    log(seeded ? "seeded the demo mesh" : "demo mesh already present (kept as it is)");
  } finally {
    // PGlite has one owner at a time: the app opens it next.
    await database.close();
  }
  log(e.DATABASE_URL ? "database: PostgreSQL (DATABASE_URL)" : `database: embedded PGlite in ${pgliteDir()}`);

  if (kafka || externalKafka) {
    try {
      producer = await startDemoProducer(kafkaConfig(e, { clientId: "meshport-demo-producer", retries: 8 }));
      log("demo producer writing events to the mesh's topics");
    } catch (err) {
      log(`demo producer not started: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  const appEnv = { MESHPORT_DEMO: "1", KAFKA_BROKERS: e.KAFKA_BROKERS, PORT: String(appPort), NEXTAUTH_URL: `http://localhost:${appPort}` };
  const nextBin = path.resolve("node_modules", ".bin", "next");
  if (prod) {
    log("building the app (next build) …");
    const build = run(nextBin, ["build"], appEnv);
    const code = await new Promise<number>((resolve) => build.on("exit", (c) => resolve(c ?? 1)));
    if (code !== 0) return shutdown(code);
  }
  app = run(nextBin, [prod ? "start" : "dev", "-p", String(appPort)], appEnv);
  app.on("exit", (code) => void shutdown(code ?? 0));

  log(`Meshport on http://localhost:${appPort} — sign in as (password "${DEMO_PASSWORD}"):`);
  for (const p of DEMO_PERSONAS) log(`  ${p.email.padEnd(22)} ${p.role === "ADMIN" ? "platform admin" : p.teams.map((t) => t.slug).join(", ")}`);
  log("Ctrl-C stops everything; data stays in .data/");
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
