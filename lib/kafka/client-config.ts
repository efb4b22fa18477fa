/**
 * The one place kafkajs clients are made: settings from Meshport's environment, deadlines and
 * retries. Plain Node (no server-only): the app, scripts and tests share it. Other modules import
 * kafkajs types from here; ESLint refuses `kafkajs` anywhere outside lib/kafka.
 */
import kafkajs, { type KafkaConfig, type SASLOptions } from "kafkajs";
import type { Env } from "@/lib/core/env";

export type { AclEntry, Admin, Batch, Consumer, KafkaMessage, Message, Producer } from "kafkajs";

// kafkajs is CommonJS and Node's ESM loader (scripts, benchmarks) cannot see its enums as named
// exports; the default export works everywhere.
const { Kafka, logLevel } = kafkajs;
/** A kafkajs client (the class itself is made only here). */
export type KafkaClient = InstanceType<typeof Kafka>;
export type { KafkaClient as Kafka };
export const {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ConfigResourceTypes,
  ResourcePatternTypes,
} = kafkajs;

export type KafkaEnv = Pick<
  Env,
  | "KAFKA_BROKERS"
  | "KAFKA_CLIENT_ID"
  | "KAFKA_SASL_MECHANISM"
  | "KAFKA_SASL_USERNAME"
  | "KAFKA_SASL_PASSWORD"
  | "KAFKA_SSL"
  | "KAFKA_TIMEOUT_MS"
>;

export interface KafkaClientOptions {
  clientId?: string;
  username?: string;
  password?: string;
  /** Retries per request (default 1: fail fast; background work rides out leader elections with more). */
  retries?: number;
  /** Deadlines for scripts and tests that wait on a broker starting up or a refusal. */
  tune?: Pick<KafkaConfig, "connectionTimeout" | "authenticationTimeout" | "requestTimeout">;
}

/** The portal principal's secret on the local broker `scripts/kafka.ts` starts (demo and tests only). */
export const LOCAL_BROKER_PASSWORD = "meshport-secret";

export function kafkaConfig(e: KafkaEnv, overrides: KafkaClientOptions = {}): KafkaConfig {
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
    ...overrides.tune,
  };
}

/** A kafkajs client for Meshport's cluster (or, with overrides, as another principal on it). */
export function createKafka(e: KafkaEnv, overrides: KafkaClientOptions = {}): KafkaClient {
  return new Kafka(kafkaConfig(e, overrides));
}

/**
 * A client for the local broker `scripts/kafka.ts` starts (SASL/PLAIN, no TLS) as `username`:
 * scripts and tests that act as a team's principal.
 */
export function localKafka(
  brokers: string,
  username: string,
  password: string,
  overrides: Omit<KafkaClientOptions, "username" | "password"> = {},
): KafkaClient {
  return createKafka(
    {
      KAFKA_BROKERS: brokers,
      KAFKA_CLIENT_ID: `meshport-${username}`,
      KAFKA_SASL_MECHANISM: "plain",
      KAFKA_SASL_USERNAME: username,
      KAFKA_SASL_PASSWORD: password,
      KAFKA_SSL: false,
      KAFKA_TIMEOUT_MS: 3000,
    },
    overrides,
  );
}
