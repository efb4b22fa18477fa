// The local broker's constants, types and files (see scripts/lib/kafka-broker.ts).
import path from "node:path";
import { fileURLToPath } from "node:url";

export const KAFKA_VERSION = "4.4.0";
export const DEFAULT_KAFKA_PORT = 9092;
export const DEFAULT_CONTROLLER_PORT = 9093;
export const DEFAULT_KAFKA_DATA_DIR = ".data/kafka";

export interface KafkaCredentials {
  username: string;
  password: string;
}

/** The broker's own principal (inter-broker and broker→controller traffic); a super user. */
export const BROKER_PRINCIPAL: KafkaCredentials = { username: "broker", password: "broker-secret" };
/** A principal with no ACLs at all, for tests of "authenticated but not authorized". */
export const OUTSIDER_PRINCIPAL: KafkaCredentials = { username: "outsider", password: "outsider-secret" };

export interface StartKafkaOptions {
  /** Directory for config, logs and data (created if missing). Relative paths resolve from cwd. */
  dataDir: string;
  /** SASL_PLAINTEXT client port on 127.0.0.1. Default 9092. */
  port?: number;
  /** Controller (KRaft) port on 127.0.0.1. Default 9093. */
  controllerPort?: number;
  /** Stop any broker of this data dir and wipe the dir first. */
  fresh?: boolean;
  /**
   * Keep the broker running after this process exits (for `scripts/kafka.ts start`). Otherwise the
   * broker is stopped when this process exits or is interrupted.
   */
  detached?: boolean;
  /** Team slugs that get a SASL user `<slug>`/`<slug>-secret`. Default: all DEMO_TEAMS. */
  teams?: readonly string[];
  /** How long to wait for the broker to accept a SASL admin connection. Default 60 s. */
  readyTimeoutMs?: number;
}

export interface KafkaHandle {
  /** Bootstrap servers, e.g. `127.0.0.1:9092`. */
  brokers: string;
  pid: number;
  /** Absolute data dir. */
  dataDir: string;
  /** True when an already running broker of this data dir was reused. */
  reused: boolean;
  /**
   * Stops the broker (gracefully; SIGKILL after 30 s) and resolves once it has exited — if this
   * call started it or adopted it from a dead owner. A no-op for a reused broker that is detached
   * or owned by another live process (use `stopKafka` to stop it anyway).
   */
  stop(): Promise<void>;
}

export interface KafkaStatus {
  dataDir: string;
  running: boolean;
  pid: number | null;
  brokers: string | null;
  /** The client port accepts TCP connections. */
  portOpen: boolean;
  /** The portal principal can log in and describe the cluster. */
  ready: boolean;
  /** Started with `detached` (runs until stopped); null when not running. */
  detached: boolean | null;
  /** The process that stops a non-detached broker when it exits. */
  ownerPid: number | null;
}

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const POM = path.join(REPO_ROOT, "scripts/kafka/pom.xml");
export const JARS_DIR = path.join(REPO_ROOT, ".cache/kafka", KAFKA_VERSION, "libs");
export const JARS_MARKER = ".complete.json";

export const STOP_TIMEOUT_MS = 30_000;
export const DEFAULT_READY_TIMEOUT_MS = 60_000;
/** Heap for the dev broker; override with KAFKA_HEAP_OPTS like Kafka's own scripts. */
export const DEFAULT_HEAP_OPTS = "-Xms128m -Xmx512m";

export const FILES = {
  properties: "server.properties",
  log4j: "log4j2.xml",
  clusterId: "cluster.id",
  pid: "kafka.pid",
  serverLog: "server.log",
  stdoutLog: "stdout.log",
  data: "data",
} as const;

export function log(message: string): void {
  process.stderr.write(`[kafka] ${message}\n`);
}
