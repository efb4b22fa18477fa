/**
 * Vitest globalSetup of the integration project: real PostgreSQL (started if down) with a fresh
 * database for this run, migrated; a real Kafka broker — the one `npm test` started
 * (KAFKA_BROKERS) or a fresh local one. Both are torn down afterwards.
 */
import type { TestProject } from "vitest/node";
import { env, isSet } from "@/lib/core/env";
import { openDatabase } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { startKafka, type KafkaHandle } from "../lib/kafka-broker";
import { createScratchDatabase, dropDatabase, ensurePostgres } from "../lib/postgres";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    kafkaBrokers: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ensurePostgres();
  const scratch = await createScratchDatabase("meshport_it");
  const database = await openDatabase({ url: scratch.url });
  try {
    await database.withSession((s) => applyMigrations(s));
  } finally {
    await database.close();
  }

  let kafka: KafkaHandle | undefined;
  let brokers = isSet("KAFKA_BROKERS") ? env().KAFKA_BROKERS : undefined;
  if (!brokers) {
    kafka = await startKafka({
      dataDir: ".cache/kafka-integration",
      port: 19292,
      controllerPort: 19293,
      fresh: true,
    });
    brokers = kafka.brokers;
  }
  project.provide("databaseUrl", scratch.url);
  project.provide("kafkaBrokers", brokers);

  return async () => {
    await kafka?.stop();
    await dropDatabase(scratch.name);
  };
}
