/**
 * npm run demo — everything the portal needs, in one command:
 *   local Kafka broker (KRaft, SASL/PLAIN, ACLs) → database (embedded PGlite by default) migrated
 *   and seeded with the demo mesh → demo event producer → Next.js on http://localhost:3000.
 * Ctrl-C stops it all; data stays under .data/ for the next run.
 *
 * Serves the optimized production build, rebuilt only when sources changed since the last build.
 * Options: --dev (the Next.js dev server with hot reload instead), --port <n>.
 * With KAFKA_BROKERS set, that cluster is used and no local broker is started.
 *
 * Running at scale on one machine: --brokers <n> starts a local KRaft cluster of n nodes;
 * --instances <n> starts n portal instances (on the ports after --port) behind a round-robin
 * balancer on --port. Several instances share one database, so they need PostgreSQL
 * (DATABASE_URL): the embedded PGlite has one owner at a time.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { openDatabase } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { DEMO_PASSWORD } from "@/lib/auth/demo-password";
import { DEMO_PERSONAS } from "@/lib/demo/personas";
import { seedDemoMesh } from "@/lib/demo/seed";
import { childEnv, env, isSet, pgliteDir, portalKafkaServer, setEnv } from "@/lib/core/env";
import { createKafka, localKafka } from "@/lib/kafka/client-config";
import { teamKafkaPassword } from "@/lib/demo/teams";
import { scriptEnv } from "./config/env";
import { startDemoProducer, type DemoProducer } from "./lib/demo-producer";
import { startBalancer, type Balancer } from "./lib/balancer";
import { startKafka, startKafkaCluster } from "./lib/kafka-broker";
import { startMailbox, type Mailbox } from "./lib/mailbox";

const args = process.argv.slice(2);
const dev = args.includes("--dev");
function numberArg(name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}
const appPort = numberArg("--port", scriptEnv().PORT);
const brokerCount = numberArg("--brokers", 1);
const instanceCount = numberArg("--instances", 1);

function log(message: string): void {
  console.log(`\x1b[36m[demo]\x1b[0m ${message}`);
}

const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "next.config.ts",
  "package.json",
  "tsconfig.json",
  "proxy.ts",
];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce(
    (max, name) => Math.max(max, newestMtime(path.join(entry, name))),
    stat.mtimeMs,
  );
}

/** A production build exists and no source file changed after it. */
function buildIsCurrent(): boolean {
  const buildId = path.join(".next", "BUILD_ID");
  if (!existsSync(buildId)) return false;
  return BUILD_INPUTS.every((entry) => newestMtime(entry) <= statSync(buildId).mtimeMs);
}

function run(cmd: string, cmdArgs: string[], extraEnv: Record<string, string>): ChildProcess {
  return spawn(cmd, cmdArgs, { stdio: "inherit", env: childEnv(extraEnv) });
}

async function main(): Promise<void> {
  setEnv({ MESHPORT_DEMO: "1" });
  const externalKafka = isSet("KAFKA_BROKERS");
  const dataDir = path.resolve(env().MESHPORT_DATA_DIR);

  if (!Number.isInteger(instanceCount) || instanceCount < 1 || instanceCount > 8)
    return fail("--instances takes 1 to 8");
  if (!Number.isInteger(brokerCount) || brokerCount < 1 || brokerCount > 9)
    return fail("--brokers takes 1 to 9");
  if (instanceCount > 1 && !isSet("DATABASE_URL"))
    return fail(
      "several instances share one database: set DATABASE_URL to a PostgreSQL database (e.g. postgresql://postgres@127.0.0.1:5432/meshport); the embedded one has one owner at a time",
    );
  if (instanceCount > 1 && dev)
    return fail("--dev runs one instance (the dev server): leave out --instances");

  let kafka: { brokers: string; stop(): Promise<void> } | undefined;
  let producer: DemoProducer | undefined;
  const apps: ChildProcess[] = [];
  let balancer: Balancer | undefined;
  let mailbox: Mailbox | undefined;
  let stopping = false;

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("stopping …");
    for (const app of apps) app.kill("SIGTERM");
    await balancer?.close().catch(() => undefined);
    await producer?.stop().catch(() => undefined);
    await mailbox?.stop().catch(() => undefined);
    await kafka?.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  if (!externalKafka) {
    log(
      `starting the local Kafka ${brokerCount > 1 ? `cluster of ${brokerCount} brokers` : "broker"} (first run downloads Kafka from Maven Central) …`,
    );
    try {
      kafka =
        brokerCount > 1
          ? await startKafkaCluster({ dataDir: path.join(dataDir, "kafka-cluster"), brokers: brokerCount })
          : await startKafka({ dataDir: path.join(dataDir, "kafka") });
      setEnv({ KAFKA_BROKERS: kafka.brokers });
      log(`Kafka ready on ${kafka.brokers} (SASL/PLAIN, portal principal "meshport")`);
    } catch (err) {
      log(
        `Kafka could not start — the portal runs without it and shows "Kafka unavailable":\n${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  const e = env();
  const database = await openDatabase(e.DATABASE_URL ? { url: e.DATABASE_URL } : { pgliteDir: pgliteDir() });
  try {
    const applied = await database.withSession((s) => applyMigrations(s));
    if (applied.length) log(`applied migrations: ${applied.join(", ")}`);
    // Live: the portal's scheduler provisions the ports through the publishing code, and the
    // history (requests, grants, deprecation, retirement) is there to click through.
    const seeded = await seedDemoMesh(database.prisma, { kafkaServer: portalKafkaServer(), live: true });
    log(seeded ? "seeded the demo mesh" : "demo mesh already present (kept as it is)");
  } finally {
    // PGlite has one owner at a time: the app opens it next.
    await database.close();
  }
  log(e.DATABASE_URL ? "database: PostgreSQL (DATABASE_URL)" : `database: embedded PGlite in ${pgliteDir()}`);

  if (kafka || externalKafka) {
    try {
      // On the local broker each team writes its own topics with its own credentials, so the
      // WRITE bindings publishing provisions are what lets it; an external cluster: as configured.
      producer = await startDemoProducer(createKafka(e, { clientId: "meshport-demo-producer", retries: 8 }), {
        ...(kafka
          ? {
              asTeam: (team: string) =>
                localKafka(e.KAFKA_BROKERS, team, teamKafkaPassword(team), {
                  clientId: `meshport-demo-${team}`,
                  retries: 8,
                }),
            }
          : {}),
      });
      log(
        kafka
          ? "demo producer writing each team's topics as the team (once the portal has provisioned them)"
          : "demo producer writing events to the mesh's topics",
      );
    } catch (err) {
      log(`demo producer not started: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  // Email notifications go to a local SMTP server that keeps each message as a file.
  if (!isSet("SMTP_URL")) {
    try {
      mailbox = await startMailbox({ dir: path.join(dataDir, "mail"), port: scriptEnv().DEMO_SMTP_PORT });
      log(`local mailbox on ${mailbox.url}: the portal's emails land in ${mailbox.dir} (one .eml file each)`);
    } catch (err) {
      log(`local mailbox not started (no email): ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const appEnv = {
    MESHPORT_DEMO: "1",
    ...(mailbox ? { SMTP_URL: mailbox.url } : {}),
    // Webhooks to a receiver on this machine (e.g. http://localhost:8080) are fine in the demo.
    MESHPORT_WEBHOOK_ALLOW_PRIVATE: "1",
    KAFKA_BROKERS: e.KAFKA_BROKERS,
    PORT: String(appPort),
    NEXTAUTH_URL: `http://localhost:${appPort}`,
    NEXT_TELEMETRY_DISABLED: "1",
    // One-minute contract-check windows in the demo (5 in production): a newcomer sees the
    // cart-events producer's missing currencies fail a rule within a minute or two.
    MESHPORT_MONITOR_WINDOW_SECONDS: isSet("MESHPORT_MONITOR_WINDOW_SECONDS")
      ? String(e.MESHPORT_MONITOR_WINDOW_SECONDS)
      : "60",
  };
  const nextBin = path.resolve("node_modules", ".bin", "next");
  if (!dev && !buildIsCurrent()) {
    log(
      "building the optimized app (next build, two to four minutes on 2 cores; skipped next time unless sources change) …",
    );
    const build = run(nextBin, ["build"], appEnv);
    const code = await new Promise<number>((resolve) => build.on("exit", (c) => resolve(c ?? 1)));
    if (code !== 0) return shutdown(code);
  }
  if (instanceCount === 1) {
    const app = run(nextBin, [dev ? "dev" : "start", "-p", String(appPort)], appEnv);
    app.on("exit", (code) => void shutdown(code ?? 0));
    apps.push(app);
  } else {
    // Each instance on its own port, all with the balancer's address as their public one. The
    // balancer takes its port first: when that fails, no instance is left running.
    const upstreams = Array.from({ length: instanceCount }, (_, i) => ({
      name: `portal-${String.fromCharCode(97 + i)}`,
      port: appPort + 1 + i,
      url: `http://127.0.0.1:${appPort + 1 + i}`,
    }));
    try {
      balancer = await startBalancer({ port: appPort, host: "*", upstreams, log: (line) => log(line) });
    } catch (err) {
      log(`the balancer cannot listen on :${appPort} (${err instanceof Error ? err.message : String(err)})`);
      return shutdown(1);
    }
    for (const { name, port } of upstreams) {
      const app = spawn(nextBin, ["start", "-p", String(port)], {
        stdio: ["ignore", "pipe", "pipe"],
        env: childEnv({ ...appEnv, PORT: String(port) }),
      });
      for (const out of [app.stdout!, app.stderr!])
        out.on("data", (chunk: Buffer) => {
          for (const line of chunk.toString().split("\n")) if (line.trim()) console.log(`[${name}] ${line}`);
        });
      // One instance gone is what this mode is for: the others go on serving.
      app.on("exit", (code, signal) => {
        if (stopping) return;
        log(`${name} exited (${signal ?? `code ${code}`}); the other instances go on serving`);
        if (apps.every((a) => a.exitCode !== null || a.signalCode !== null)) void shutdown(code ?? 1);
      });
      apps.push(app);
    }
    log(
      `${instanceCount} instances (${upstreams.map((u) => `${u.name} on ${u.url}`).join(", ")}) behind a round-robin balancer on :${appPort}; SELECT * FROM background_leases shows which runs the background work`,
    );
  }

  log(`Meshport on http://localhost:${appPort} — sign in as (password "${DEMO_PASSWORD}"):`);
  for (const p of DEMO_PERSONAS)
    log(
      `  ${p.email.padEnd(22)} ${p.role === "ADMIN" ? "platform admin" : p.teams.map((t) => t.slug).join(", ")}`,
    );
  const kept = dataDir.startsWith(process.cwd() + path.sep) ? path.relative(process.cwd(), dataDir) : dataDir;
  log(`Ctrl-C stops everything; data stays in ${kept}/`);
}

function fail(message: string): void {
  console.error(`\x1b[31m[demo]\x1b[0m ${message}`);
  process.exit(1);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
