/** kafkajs client settings from Meshport's environment. Plain Node: the app, scripts and tests share it. */
import { logLevel, type KafkaConfig, type SASLOptions } from "kafkajs";
import type { Env } from "@/lib/env";

/** The portal principal's secret on the local broker `scripts/kafka.ts` starts (demo and tests only). */
export const LOCAL_BROKER_PASSWORD = "meshport-secret";

export function kafkaConfig(
  e: Pick<
    Env,
    | "KAFKA_BROKERS"
    | "KAFKA_CLIENT_ID"
    | "KAFKA_SASL_MECHANISM"
    | "KAFKA_SASL_USERNAME"
    | "KAFKA_SASL_PASSWORD"
    | "KAFKA_SSL"
    | "KAFKA_TIMEOUT_MS"
  >,
  overrides: { clientId?: string; username?: string; password?: string; retries?: number } = {},
): KafkaConfig {
  const username = overrides.username ?? e.KAFKA_SASL_USERNAME;
  // The local broker's secret is the fallback for scripts and tests; the portal itself refuses to
  // start without KAFKA_SASL_PASSWORD outside demo mode (`startupProblems`).
  const password = overrides.password ?? e.KAFKA_SASL_PASSWORD ?? LOCAL_BROKER_PASSWORD;
  let sasl: SASLOptions | undefined;
  if (e.KAFKA_SASL_MECHANISM === "plain") sasl = { mechanism: "plain", username, password };
  else if (e.KAFKA_SASL_MECHANISM === "scram-sha-256")
    sasl = { mechanism: "scram-sha-256", username, password };
  else if (e.KAFKA_SASL_MECHANISM === "scram-sha-512")
    sasl = { mechanism: "scram-sha-512", username, password };
  return {
    clientId: overrides.clientId ?? e.KAFKA_CLIENT_ID,
    brokers: e.KAFKA_BROKERS.split(",")
      .map((b) => b.trim())
      .filter(Boolean),
    ssl: e.KAFKA_SSL,
    ...(sasl ? { sasl } : {}),
    connectionTimeout: e.KAFKA_TIMEOUT_MS,
    requestTimeout: Math.max(e.KAFKA_TIMEOUT_MS, 5000),
    // Fail fast by default: a page waiting on Kafka shows "Kafka unavailable" instead of hanging.
    // Background work (producers) passes more retries to ride out leader elections.
    retry: { retries: overrides.retries ?? 1, initialRetryTime: 100, maxRetryTime: 1000 },
    logLevel: logLevel.NOTHING,
  };
}
