/**
 * npm test — the whole suite on real parts: unit tests, then integration tests against the local
 * PostgreSQL (started if down; a fresh database per run) and a fresh local Kafka broker, then a
 * production build and Playwright e2e in Debian's Chromium against the same broker, then the fault
 * test (`npm run chaos`: three brokers, two portal instances, SIGKILLs) on that build.
 * `--only unit|integration|e2e|chaos` runs one stage.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { childEnv } from "@/lib/core/env";
import { startKafka, type KafkaHandle } from "./lib/kafka-broker";
import { ensurePostgres } from "./lib/postgres";

const onlyIndex = process.argv.indexOf("--only");
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1] : undefined;
const wants = (stage: string) => !only || only === stage;

function step(title: string): void {
  console.log(`\n\x1b[1;36m▶ ${title}\x1b[0m`);
}

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", env: childEnv(env) });
    child.on("exit", (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${cmd} ${args.join(" ")} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  let kafka: KafkaHandle | undefined;
  const bin = (name: string) => `node_modules/.bin/${name}`;
  try {
    if (wants("unit")) {
      step("Unit tests");
      await run(bin("vitest"), ["run", "--project", "unit"]);
    }
    if (wants("integration") || wants("e2e")) {
      step("PostgreSQL and a fresh Kafka broker");
      await ensurePostgres();
      if (!existsSync("/usr/bin/chromium") && wants("e2e")) {
        throw new Error("Chromium is missing: apt-get install -y chromium (see README → Testing)");
      }
      kafka = await startKafka({
        dataDir: ".cache/kafka-test",
        port: 19092,
        controllerPort: 19093,
        fresh: true,
      });
      console.log(`Kafka on ${kafka.brokers}`);
    }
    const kafkaEnv: Record<string, string> = kafka ? { KAFKA_BROKERS: kafka.brokers } : {};
    if (wants("integration")) {
      step("Integration tests (real PostgreSQL, real Kafka)");
      await run(bin("vitest"), ["run", "--project", "integration"], kafkaEnv);
    }
    if (wants("e2e")) {
      step("Production build");
      await run(bin("next"), ["build"], { NEXT_TELEMETRY_DISABLED: "1" });
      step("End-to-end tests (Playwright, Chromium)");
      await run(bin("playwright"), ["test"], { ...kafkaEnv, NEXT_TELEMETRY_DISABLED: "1" });
    }
    if (wants("chaos")) {
      // Its own cluster and instances; the single broker is not needed any more.
      await kafka?.stop();
      kafka = undefined;
      // The e2e stage built this checkout; alone, the stage builds (an old build would be tested).
      if (!wants("e2e") || !existsSync(".next/BUILD_ID")) {
        step("Production build");
        await run(bin("next"), ["build"], { NEXT_TELEMETRY_DISABLED: "1" });
      }
      step("Fault test (3 Kafka brokers, 2 portal instances, SIGKILLs)");
      await ensurePostgres();
      await run(bin("tsx"), ["--conditions=react-server", "scripts/chaos.ts"], {
        NEXT_TELEMETRY_DISABLED: "1",
      });
    }
    console.log(`\n\x1b[1;32m✔ all tests passed in ${Math.round((Date.now() - started) / 1000)} s\x1b[0m`);
  } finally {
    await kafka?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(`\n\x1b[1;31m✘ ${err instanceof Error ? err.message : String(err)}\x1b[0m`);
  process.exit(1);
});
