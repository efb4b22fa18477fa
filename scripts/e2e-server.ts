/**
 * The server Playwright tests run against (playwright.config.ts → webServer): a fresh real
 * PostgreSQL database with the demo mesh, the demo topics and producer on a real broker
 * (KAFKA_BROKERS, or a local one started here on E2E_KAFKA_PORT and the port after it), a real
 * OpenID Connect provider on loopback (scripts/test-support/oidc-provider.ts), then `next start`
 * in demo mode with both sign-in methods. What the specs need to know about this run (database
 * URL, broker, the provider's accounts) goes to e2e/.auth/harness-<E2E_PORT>.json (scripts/test-support/harness.ts).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { openDatabase } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { seedDemoMesh } from "@/lib/demo/seed";
import { childEnv, env, isSet, setEnv } from "@/lib/core/env";
import { createKafka } from "@/lib/kafka/client-config";
import { scriptEnv } from "./config/env";
import { startMailbox } from "./lib/mailbox";
import { harnessPath, type E2eHarness } from "./test-support/harness";
import { startDemoProducer } from "./lib/demo-producer";
import { startKafka } from "./lib/kafka-broker";
import { createScratchDatabase, dropDatabase, ensurePostgres } from "./lib/postgres";
import { startOidcProvider } from "./test-support/oidc-provider";

const { E2E_PORT: port, E2E_KAFKA_PORT: kafkaPort, E2E_OIDC_PORT, E2E_OIDC_CODE_TTL_SECONDS } = scriptEnv();
// Short, so a spec can let a code expire; still ample for a browser that follows the redirect at once.
const oidcCodeTtlSeconds = E2E_OIDC_CODE_TTL_SECONDS;
const oidcName = "Test IdP";

function writeHarness(harness: E2eHarness): void {
  const file = harnessPath(port);
  mkdirSync(path.dirname(file), { recursive: true });
  // Written whole or not at all: a spec never reads half a file.
  writeFileSync(`${file}.tmp`, JSON.stringify(harness, null, 2));
  renameSync(`${file}.tmp`, file);
}

async function main(): Promise<void> {
  await ensurePostgres();
  const scratch = await createScratchDatabase("meshport_e2e");
  setEnv({ DATABASE_URL: scratch.url, MESHPORT_DEMO: "1" });
  if (!isSet("KAFKA_BROKERS")) {
    const kafka = await startKafka({
      dataDir: `.cache/kafka-e2e-${kafkaPort}`,
      port: kafkaPort,
      controllerPort: kafkaPort + 1,
      fresh: true,
    });
    setEnv({ KAFKA_BROKERS: kafka.brokers });
  }
  const e = env();
  const database = await openDatabase({ url: scratch.url });
  try {
    await database.withSession((s) => applyMigrations(s));
    await seedDemoMesh(database.prisma, { kafkaServer: `kafka://${e.KAFKA_BROKERS}` });
  } finally {
    await database.close();
  }
  const producer = await startDemoProducer(
    createKafka(e, { clientId: "meshport-e2e-producer", retries: 8 }),
    { seed: 7 },
  );

  if (!existsSync(path.join(".next", "BUILD_ID"))) {
    throw new Error("No production build: run `npx next build` first (npm test does).");
  }
  const baseUrl = `http://127.0.0.1:${port}`;
  // A real SMTP server for the notifier's email (messages as .eml files in the run's folder).
  const mailbox = await startMailbox({ dir: path.resolve(`.cache/e2e-mail-${port}`) });
  const oidc = await startOidcProvider({
    redirectUri: `${baseUrl}/api/auth/callback/oidc`,
    port: E2E_OIDC_PORT,
    codeTtlSeconds: oidcCodeTtlSeconds,
  });
  writeHarness({
    databaseUrl: scratch.url,
    kafkaBrokers: e.KAFKA_BROKERS,
    mailDir: mailbox.dir,
    oidc: {
      issuer: oidc.issuer,
      name: oidcName,
      codeTtlSeconds: oidc.codeTtlSeconds,
      accounts: oidc.accounts.map(({ email, name, password }) => ({ email, name, password })),
    },
  });
  const app = spawn(path.resolve("node_modules/.bin/next"), ["start", "-p", String(port)], {
    stdio: "inherit",
    env: childEnv({
      NEXTAUTH_URL: baseUrl,
      // Ten-second contract-check windows: the contract spec sees a rule fail within seconds.
      MESHPORT_MONITOR_WINDOW_SECONDS: "10",
      SMTP_URL: mailbox.url,
      // The specs' webhook receivers listen on loopback.
      MESHPORT_WEBHOOK_ALLOW_PRIVATE: "1",
      NODE_ENV: "production",
      OIDC_ISSUER: oidc.issuer,
      OIDC_CLIENT_ID: oidc.clientId,
      OIDC_CLIENT_SECRET: oidc.clientSecret,
      OIDC_NAME: oidcName,
    }),
  });
  const stop = async () => {
    app.kill("SIGTERM");
    await producer.stop();
    await oidc.stop();
    await mailbox.stop();
    rmSync(harnessPath(port), { force: true });
    await dropDatabase(scratch.name).catch(() => undefined);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
  app.on("exit", () => void stop());
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
