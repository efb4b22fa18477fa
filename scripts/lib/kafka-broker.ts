/**
 * Local single-node Apache Kafka (KRaft, combined broker + controller) for dev and tests.
 *
 * Kafka's jars come from Maven Central through scripts/kafka/pom.xml (cached in
 * `<repo>/.cache/kafka/<version>/libs`), so the only system requirements are Java 17+ and Maven.
 * Clients authenticate with SASL/PLAIN (no TLS) as the portal principal, one principal per demo
 * team, or the ACL-less `outsider`; ACLs are enforced by the KRaft StandardAuthorizer.
 *
 * Layout of a data dir:
 *   server.properties, log4j2.xml  rewritten on every start (edit this file, not them)
 *   cluster.id                     kept across restarts so the formatted storage stays valid
 *   kafka.pid                      pid of the running broker and whether it is detached or which
 *                                  process owns (and stops) it
 *   server.log                     broker log (log4j2, rolled at 20 MB)
 *   stdout.log                     the JVM's own stdout/stderr (startup failures land here)
 *   data/                          topic partitions and the KRaft metadata log
 *
 * Plain Node: no Next imports, usable from scripts and tests.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { localKafka } from "../../lib/kafka/client-config.ts";
import { scriptEnv } from "../config/env.ts";
import { DEMO_TEAMS, PORTAL_PRINCIPAL, teamKafkaPassword } from "../../lib/demo/teams.ts";
import { sleep } from "../../lib/core/time.ts";

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

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const POM = path.join(REPO_ROOT, "scripts/kafka/pom.xml");
const JARS_DIR = path.join(REPO_ROOT, ".cache/kafka", KAFKA_VERSION, "libs");
const JARS_MARKER = ".complete.json";

const STOP_TIMEOUT_MS = 30_000;
const DEFAULT_READY_TIMEOUT_MS = 60_000;
/** Heap for the dev broker; override with KAFKA_HEAP_OPTS like Kafka's own scripts. */
const DEFAULT_HEAP_OPTS = "-Xms128m -Xmx512m";

const FILES = {
  properties: "server.properties",
  log4j: "log4j2.xml",
  clusterId: "cluster.id",
  pid: "kafka.pid",
  serverLog: "server.log",
  stdoutLog: "stdout.log",
  data: "data",
} as const;

// ---------------------------------------------------------------------------------------------
// Prerequisites: Java and the jars
// ---------------------------------------------------------------------------------------------

function log(message: string): void {
  process.stderr.write(`[kafka] ${message}\n`);
}

/** The java binary to use: $JAVA_HOME/bin/java if set, else `java` from PATH. */
function javaBinary(): string {
  const home = scriptEnv().JAVA_HOME;
  if (home) {
    const candidate = path.join(home, "bin", process.platform === "win32" ? "java.exe" : "java");
    if (existsSync(candidate)) return candidate;
  }
  return "java";
}

/** Checks that Java 17+ is installed and returns the binary; throws a readable error otherwise. */
export function checkJava(): string {
  const java = javaBinary();
  const result = spawnSync(java, ["-version"], { encoding: "utf8" });
  if (result.error) {
    throw new Error(
      `Java not found (${java}: ${result.error.message}). Kafka ${KAFKA_VERSION} needs Java 17+: ` +
        "install a JDK/JRE (e.g. `apt-get install openjdk-17-jre-headless`) or set JAVA_HOME.",
    );
  }
  // `java -version` prints to stderr, e.g. `openjdk version "17.0.15" 2025-04-15` or `"1.8.0_392"`.
  const output = `${result.stderr}${result.stdout}`;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (!match?.[1]) throw new Error(`Could not parse the output of \`${java} -version\`:\n${output}`);
  const major = match[1] === "1" ? Number(match[2]) : Number(match[1]);
  if (major < 17) {
    throw new Error(`Kafka ${KAFKA_VERSION} needs Java 17+, but \`${java} -version\` reports Java ${major}.`);
  }
  return java;
}

interface JarsMarker {
  pomSha256: string;
  jars: string[];
}

function pomHash(): string {
  return createHash("sha256").update(readFileSync(POM)).digest("hex");
}

function jarsComplete(dir: string, pomSha256: string): boolean {
  const markerFile = path.join(dir, JARS_MARKER);
  if (!existsSync(markerFile)) return false;
  try {
    const marker = JSON.parse(readFileSync(markerFile, "utf8")) as JarsMarker;
    return (
      marker.pomSha256 === pomSha256 &&
      marker.jars.length > 0 &&
      marker.jars.every((jar) => existsSync(path.join(dir, jar)))
    );
  } catch {
    return false;
  }
}

/**
 * Resolves Kafka's runtime classpath with Maven into `<repo>/.cache/kafka/<version>/libs` (once;
 * again only if scripts/kafka/pom.xml changes). Returns the libs directory.
 */
export async function ensureKafkaJars(): Promise<string> {
  const hash = pomHash();
  if (jarsComplete(JARS_DIR, hash)) return JARS_DIR;

  const mvn = spawnSync("mvn", ["-v"], { encoding: "utf8" });
  if (mvn.error) {
    throw new Error(
      `Maven (mvn) not found: ${mvn.error.message}. It is needed once to download Kafka's jars.`,
    );
  }

  // Resolve into a private temp dir and rename it into place, so concurrent callers (parallel test
  // workers) never see a half-filled libs dir.
  const parent = path.dirname(JARS_DIR);
  mkdirSync(parent, { recursive: true });
  const tmp = path.join(parent, `libs.tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
  const started = Date.now();
  log(
    `resolving Kafka ${KAFKA_VERSION} jars with Maven into ${path.relative(process.cwd(), JARS_DIR) || JARS_DIR} (first run only)…`,
  );
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(
      "mvn",
      ["-B", "-f", POM, "dependency:copy-dependencies", `-DoutputDirectory=${tmp}`, "-DincludeScope=runtime"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    // Maven's output is long; show it only on failure, and a heartbeat meanwhile (a cold
    // ~/.m2 downloads ~45 MB).
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const heartbeat = setInterval(() => {
      const downloads = output.match(/^(?:\[INFO\] )?Downloaded from /gm)?.length ?? 0;
      log(`still resolving… (${downloads} files downloaded, ${Math.round((Date.now() - started) / 1000)} s)`);
    }, 5000);
    child.on("error", (error) => {
      clearInterval(heartbeat);
      reject(error);
    });
    child.on("close", (exitCode) => {
      clearInterval(heartbeat);
      if (exitCode !== 0) process.stderr.write(output);
      resolve(exitCode ?? 1);
    });
  });
  if (code !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(
      `Maven failed (exit ${code}) resolving Kafka ${KAFKA_VERSION} from ${POM}; see its output above.`,
    );
  }
  const jars = readdirSync(tmp)
    .filter((name) => name.endsWith(".jar"))
    .sort();
  if (!jars.some((jar) => jar.startsWith("kafka_2.13-"))) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`Maven finished but ${tmp} holds no kafka_2.13 jar.`);
  }
  const marker: JarsMarker = { pomSha256: hash, jars };
  writeFileSync(path.join(tmp, JARS_MARKER), `${JSON.stringify(marker, null, 2)}\n`);

  if (jarsComplete(JARS_DIR, hash)) {
    // Another process won the race.
    rmSync(tmp, { recursive: true, force: true });
  } else {
    rmSync(JARS_DIR, { recursive: true, force: true });
    try {
      renameSync(tmp, JARS_DIR);
    } catch (error) {
      rmSync(tmp, { recursive: true, force: true });
      if (!jarsComplete(JARS_DIR, hash)) throw error;
    }
  }
  log(`resolved ${jars.length} jars in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return JARS_DIR;
}

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

/** SASL users of the client listener: broker, portal, one per team, outsider. */
export function kafkaUsers(
  teams: readonly string[] = DEMO_TEAMS.map((team) => team.slug),
): KafkaCredentials[] {
  const users: KafkaCredentials[] = [
    BROKER_PRINCIPAL,
    { username: PORTAL_PRINCIPAL.username, password: PORTAL_PRINCIPAL.password },
    ...teams.map((slug) => ({ username: slug, password: teamKafkaPassword(slug) })),
    OUTSIDER_PRINCIPAL,
  ];
  for (const user of users) {
    // Names end up unquoted in a JAAS option key (user_<name>), passwords in a quoted value.
    if (!/^[A-Za-z0-9._-]+$/.test(user.username) || /["\\;\n]/.test(user.password)) {
      throw new Error(`Unsupported Kafka user name or password for ${JSON.stringify(user.username)}`);
    }
  }
  // First wins, so a team slug cannot shadow the broker or portal principal.
  return users.filter(
    (user, index) => users.findIndex((other) => other.username === user.username) === index,
  );
}

function plainJaas(self: KafkaCredentials, users: readonly KafkaCredentials[]): string {
  // `username`/`password` are what this node logs in with as a client of the listener;
  // each `user_<name>="<password>"` is an account the listener accepts.
  const accounts = users.map((user) => `user_${user.username}="${user.password}"`).join(" ");
  return `org.apache.kafka.common.security.plain.PlainLoginModule required username="${self.username}" password="${self.password}" ${accounts};`;
}

/** Escapes a java.util.Properties value. */
function propertyValue(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/\n/g, "\\n")
    .replace(/^\s/, (space) => `\\${space}`);
}

function serverProperties(
  dataDir: string,
  port: number,
  controllerPort: number,
  teams: readonly string[],
): string {
  const users = kafkaUsers(teams);
  const settings: Array<[string, string | number | boolean] | string> = [
    "# Generated by scripts/lib/kafka-broker.ts on every start: edit the script, not this file.",
    "",
    "# Single node running both KRaft roles.",
    ["process.roles", "broker,controller"],
    ["node.id", 1],
    ["controller.quorum.voters", `1@127.0.0.1:${controllerPort}`],
    ["controller.listener.names", "CONTROLLER"],
    ["listeners", `CLIENT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`],
    ["advertised.listeners", `CLIENT://127.0.0.1:${port}`],
    ["listener.security.protocol.map", "CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT"],
    ["inter.broker.listener.name", "CLIENT"],
    "",
    "# SASL/PLAIN on both listeners; the controller listener only knows the broker's own principal.",
    ["sasl.enabled.mechanisms", "PLAIN"],
    ["sasl.mechanism.inter.broker.protocol", "PLAIN"],
    ["sasl.mechanism.controller.protocol", "PLAIN"],
    ["listener.name.client.plain.sasl.jaas.config", plainJaas(BROKER_PRINCIPAL, users)],
    ["listener.name.controller.plain.sasl.jaas.config", plainJaas(BROKER_PRINCIPAL, [BROKER_PRINCIPAL])],
    "",
    "# ACLs: no matching ACL means denied; the broker and the portal bypass ACLs.",
    ["authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer"],
    ["allow.everyone.if.no.acl.found", false],
    ["super.users", `User:${BROKER_PRINCIPAL.username};User:${PORTAL_PRINCIPAL.username}`],
    "",
    "# Storage.",
    ["log.dirs", path.join(dataDir, FILES.data)],
    ["num.partitions", 3],
    ["default.replication.factor", 1],
    ["min.insync.replicas", 1],
    ["auto.create.topics.enable", false],
    "# Demo retention: a day or 256 MB per partition, whichever comes first (retention deletes whole",
    "# segments, hence segments well below the size limit).",
    ["log.retention.hours", 24],
    ["log.retention.bytes", 256 * 1024 * 1024],
    ["log.segment.bytes", 64 * 1024 * 1024],
    "",
    "# Internal topics: replication 1 (the defaults of 3 can never be met on one node) and a single",
    "# partition each, so they are created quickly on first use.",
    ["offsets.topic.replication.factor", 1],
    ["offsets.topic.num.partitions", 1],
    ["transaction.state.log.replication.factor", 1],
    ["transaction.state.log.min.isr", 1],
    ["transaction.state.log.num.partitions", 1],
    ["share.coordinator.state.topic.replication.factor", 1],
    ["share.coordinator.state.topic.min.isr", 1],
    ["share.coordinator.state.topic.num.partitions", 1],
    "# New consumer groups start at once instead of waiting 3 s for more members.",
    ["group.initial.rebalance.delay.ms", 0],
  ];
  return `${settings.map((line) => (typeof line === "string" ? line : `${line[0]}=${propertyValue(String(line[1]))}`)).join("\n")}\n`;
}

function xmlAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function log4jConfig(dataDir: string): string {
  const logFile = xmlAttribute(path.join(dataDir, FILES.serverLog));
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by scripts/lib/kafka-broker.ts on every start. -->
<Configuration status="warn" name="meshport-kafka">
  <Appenders>
    <RollingFile name="server" fileName="${logFile}" filePattern="${logFile}.%i">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
      <SizeBasedTriggeringPolicy size="20 MB"/>
      <DefaultRolloverStrategy max="3"/>
    </RollingFile>
  </Appenders>
  <Loggers>
    <Root level="INFO"><AppenderRef ref="server"/></Root>
    <!-- Denied operations are logged at INFO by the authorizer logger: useful when debugging ACLs. -->
    <Logger name="kafka.authorizer.logger" level="INFO"/>
    <Logger name="kafka.request.logger" level="WARN"/>
    <Logger name="state.change.logger" level="WARN"/>
  </Loggers>
</Configuration>
`;
}

/** A Kafka Uuid (16 random bytes, base64url without padding); Kafka rejects ids starting with '-'. */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString("base64url");
    if (!id.startsWith("-")) return id;
  }
}

// ---------------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------------

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether `pid` is a Kafka broker of this data dir, so that a recycled pid is never killed. Where
 * /proc is unavailable (macOS), a live pid is trusted.
 */
function isOurBroker(pid: number, dataDir: string): boolean {
  if (!isAlive(pid)) return false;
  const cmdlineFile = `/proc/${pid}/cmdline`;
  if (!existsSync("/proc/self/cmdline")) return true;
  try {
    const args = readFileSync(cmdlineFile, "utf8").split("\0");
    // A zombie (exited, not yet reaped) has an empty command line.
    return args.includes("kafka.Kafka") && args.includes(path.join(dataDir, FILES.properties));
  } catch {
    return false;
  }
}

/**
 * The pid file holds the broker's pid and, on a second line, who owns the broker: `detached`
 * (keeps running until `stopKafka`) or `owner <pid>` (the process that stops it when exiting).
 */
interface PidFile {
  pid: number;
  /** null: detached. */
  ownerPid: number | null;
}

function writePidFile(dataDir: string, { pid, ownerPid }: PidFile): void {
  writeFileSync(
    path.join(dataDir, FILES.pid),
    `${pid}\n${ownerPid === null ? "detached" : `owner ${ownerPid}`}\n`,
  );
}

function readPidFile(dataDir: string): PidFile | null {
  try {
    const [first = "", second = ""] = readFileSync(path.join(dataDir, FILES.pid), "utf8").split("\n");
    const pid = Number.parseInt(first.trim(), 10);
    if (!Number.isInteger(pid) || pid <= 0) return null;
    const owner = /^owner (\d+)$/.exec(second.trim());
    return { pid, ownerPid: owner?.[1] ? Number(owner[1]) : null };
  } catch {
    return null;
  }
}

/** The running broker of `dataDir`, or null (removing a stale pid file). */
function runningBroker(dataDir: string): PidFile | null {
  const pidFile = readPidFile(dataDir);
  if (pidFile === null) return null;
  if (isOurBroker(pidFile.pid, dataDir)) return pidFile;
  rmSync(path.join(dataDir, FILES.pid), { force: true });
  return null;
}

/** The client port written to the data dir's server.properties, if any. */
function configuredPort(dataDir: string): number | null {
  try {
    const properties = readFileSync(path.join(dataDir, FILES.properties), "utf8");
    const match = /^advertised\.listeners=CLIENT:\/\/[^:]+:(\d+)/m.exec(properties);
    return match?.[1] ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

function portAnswers(port: number, host = "127.0.0.1", timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

async function assertPortFree(port: number, what: string): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve(true)));
  });
  if (!free) {
    throw new Error(
      `Cannot start Kafka: the ${what} port 127.0.0.1:${port} is already in use by another process.`,
    );
  }
}

function fileSize(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

/**
 * The last `lines` lines of the broker's logs (stdout.log, server.log), for error messages.
 * `serverLogOffset` skips what server.log held before the current start (it is appended to).
 */
export function kafkaLogTail(dataDir: string, lines = 40, serverLogOffset = 0): string {
  const parts: string[] = [];
  for (const name of [FILES.stdoutLog, FILES.serverLog]) {
    const file = path.join(path.resolve(dataDir), name);
    const size = fileSize(file);
    // server.log may have rolled over since the offset was taken: then read it whole.
    const offset = name === FILES.serverLog && serverLogOffset <= size ? serverLogOffset : 0;
    if (size <= offset) continue;
    const content = readFileSync(file)
      .subarray(offset)
      .toString("utf8")
      .trimEnd()
      .split("\n")
      .slice(-lines)
      .join("\n");
    parts.push(`--- ${file} (last ${lines} lines) ---\n${content}`);
  }
  return parts.length > 0 ? parts.join("\n") : "(the broker wrote no log)";
}

/** One attempt: can the portal principal log in and describe the cluster? */
async function saslReady(brokers: string, timeoutMs = 3000): Promise<boolean> {
  const kafka = localKafka(brokers, PORTAL_PRINCIPAL.username, PORTAL_PRINCIPAL.password, {
    clientId: "meshport-kafka-readiness",
    retries: 0,
    tune: { connectionTimeout: timeoutMs, authenticationTimeout: timeoutMs, requestTimeout: timeoutMs },
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function waitUntilReady(
  dataDir: string,
  brokers: string,
  timeoutMs: number,
  exited: () => string | null,
  serverLogOffset = 0,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const exit = exited();
    if (exit !== null) {
      throw new Error(
        `Kafka exited during startup (${exit}).\n${kafkaLogTail(dataDir, 40, serverLogOffset)}`,
      );
    }
    if (await saslReady(brokers)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `Kafka did not accept a SASL connection on ${brokers} within ${Math.round(timeoutMs / 1000)} s.\n` +
          kafkaLogTail(dataDir, 40, serverLogOffset),
      );
    }
    await sleep(500);
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return !isAlive(pid);
}

/**
 * Brokers owned by this process (started without `detached`) get SIGTERM when this process exits
 * or receives SIGINT/SIGTERM/SIGHUP; the JVM then shuts down on its own. A SIGKILLed owner cannot
 * clean up: the next `startKafka` of that data dir adopts the orphan (see the pid file).
 */
const ownedBrokers = new Set<number>();
const EXIT_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

function terminateOwnedBrokers(): void {
  for (const pid of ownedBrokers) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  ownedBrokers.clear();
}

function onExitSignal(signal: NodeJS.Signals): void {
  terminateOwnedBrokers();
  unregisterExitHandlers();
  // Keep the default behaviour (terminate) unless someone else handles the signal.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function unregisterExitHandlers(): void {
  process.off("exit", terminateOwnedBrokers);
  for (const signal of EXIT_SIGNALS) process.off(signal, onExitSignal);
}

function own(pid: number): void {
  if (ownedBrokers.size === 0) {
    process.on("exit", terminateOwnedBrokers);
    for (const signal of EXIT_SIGNALS) process.on(signal, onExitSignal);
  }
  ownedBrokers.add(pid);
}

function disown(pid: number): void {
  if (ownedBrokers.delete(pid) && ownedBrokers.size === 0) unregisterExitHandlers();
}

function handle(dataDir: string, brokers: string, pid: number, reused: boolean, owned: boolean): KafkaHandle {
  return {
    brokers,
    pid,
    dataDir,
    reused,
    stop: async () => {
      if (!owned) return; // someone else's broker: detached, or owned by a live process
      await stopKafka(dataDir);
      disown(pid);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/**
 * Starts (or reuses) the broker of `opts.dataDir` and resolves once the portal principal can log
 * in over SASL.
 */
export async function startKafka(opts: StartKafkaOptions): Promise<KafkaHandle> {
  const dataDir = path.resolve(opts.dataDir);
  const port = opts.port ?? DEFAULT_KAFKA_PORT;
  const controllerPort = opts.controllerPort ?? DEFAULT_CONTROLLER_PORT;
  const teams = opts.teams ?? DEMO_TEAMS.map((team) => team.slug);
  const readyTimeoutMs = opts.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;

  const java = checkJava();
  const libs = await ensureKafkaJars();

  if (opts.fresh) {
    await stopKafka(dataDir);
    wipeDataDir(dataDir);
  }
  mkdirSync(dataDir, { recursive: true });

  // Reuse a broker that is already running for this data dir (e.g. `npm run kafka start`).
  const existing = runningBroker(dataDir);
  if (existing !== null) {
    const { pid } = existing;
    const existingPort = configuredPort(dataDir) ?? port;
    if (existingPort !== port)
      log(`reusing the broker of ${dataDir} (pid ${pid}) on port ${existingPort}, not ${port}`);
    const brokers = `127.0.0.1:${existingPort}`;
    await waitUntilReady(dataDir, brokers, readyTimeoutMs, () =>
      isAlive(pid) ? null : "its process is gone",
    );
    // An orphan (its owner died without stopping it) is adopted; otherwise stop() leaves it alone.
    const orphan = existing.ownerPid !== null && !isAlive(existing.ownerPid);
    if (!orphan) return handle(dataDir, brokers, pid, true, false);
    writePidFile(dataDir, { pid, ownerPid: opts.detached ? null : process.pid });
    if (!opts.detached) own(pid);
    return handle(dataDir, brokers, pid, true, true);
  }

  await assertPortFree(port, "client");
  await assertPortFree(controllerPort, "controller");

  const propertiesFile = path.join(dataDir, FILES.properties);
  const log4jFile = path.join(dataDir, FILES.log4j);
  writeFileSync(propertiesFile, serverProperties(dataDir, port, controllerPort, teams));
  writeFileSync(log4jFile, log4jConfig(dataDir));

  const classpath = `${libs}${path.sep}*`; // expanded by the JVM itself

  // Format the storage once; the cluster id is kept so that restarts keep their data.
  const clusterIdFile = path.join(dataDir, FILES.clusterId);
  const formatted = existsSync(path.join(dataDir, FILES.data, "meta.properties"));
  if (!formatted) {
    const clusterId = existsSync(clusterIdFile) ? readFileSync(clusterIdFile, "utf8").trim() : newClusterId();
    writeFileSync(clusterIdFile, `${clusterId}\n`);
    // Without a log4j2 config the tool only prints its result (log4j2's default is ERROR to console).
    const format = spawnSync(
      java,
      ["-cp", classpath, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", propertiesFile],
      {
        encoding: "utf8",
      },
    );
    if (format.status !== 0) {
      throw new Error(
        `Formatting Kafka storage in ${dataDir} failed (exit ${format.status}):\n${format.stdout}${format.stderr}`,
      );
    }
  }

  const heapOpts = (scriptEnv().KAFKA_HEAP_OPTS ?? DEFAULT_HEAP_OPTS).split(/\s+/).filter(Boolean);
  const jvmArgs = [
    "-server",
    ...heapOpts,
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=20",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djava.awt.headless=true",
    `-Dlog4j2.configurationFile=${log4jFile}`,
    "-cp",
    classpath,
    "kafka.Kafka",
    propertiesFile,
  ];

  const serverLogOffset = fileSize(path.join(dataDir, FILES.serverLog));
  // The JVM's own stdout/stderr (log4j writes server.log itself); truncated on every start.
  const stdoutFd = openSync(path.join(dataDir, FILES.stdoutLog), "w");
  let child: ChildProcess;
  try {
    child = spawn(java, jvmArgs, {
      cwd: dataDir,
      // Detached: own process group, so it survives the parent and its terminal's signals.
      detached: opts.detached === true,
      stdio: ["ignore", stdoutFd, stdoutFd],
    });
  } finally {
    closeSync(stdoutFd);
  }
  const pid = child.pid;
  if (pid === undefined) {
    const error = await new Promise<Error>((resolve) => child.once("error", resolve));
    throw new Error(`Could not start ${java}: ${error.message}`);
  }
  let exitStatus: string | null = null;
  child.once("exit", (code, signal) => {
    exitStatus = signal ? `signal ${signal}` : `exit code ${code}`;
  });
  writePidFile(dataDir, { pid, ownerPid: opts.detached ? null : process.pid });
  if (opts.detached) {
    child.unref();
  } else {
    own(pid);
    child.once("exit", () => disown(pid));
  }

  const brokers = `127.0.0.1:${port}`;
  try {
    await waitUntilReady(dataDir, brokers, readyTimeoutMs, () => exitStatus, serverLogOffset);
  } catch (error) {
    if (exitStatus === null) {
      child.kill("SIGKILL");
      await waitForExit(pid, 5000);
    }
    rmSync(path.join(dataDir, FILES.pid), { force: true });
    throw error;
  }
  return handle(dataDir, brokers, pid, false, true);
}

/** Deletes a data dir's contents; refuses dirs that do not look like a broker data dir. */
function wipeDataDir(dataDir: string): void {
  if (!existsSync(dataDir)) return;
  const entries = readdirSync(dataDir);
  if (entries.length > 0 && !entries.includes(FILES.properties)) {
    throw new Error(`Refusing to wipe ${dataDir}: it is not empty and holds no ${FILES.properties}.`);
  }
  for (const entry of entries) rmSync(path.join(dataDir, entry), { recursive: true, force: true });
}

/**
 * Stops the broker of `dataDir` (SIGTERM → graceful shutdown; SIGKILL after 30 s). Resolves true
 * if a broker was running.
 */
export async function stopKafka(dataDir: string): Promise<boolean> {
  const dir = path.resolve(dataDir);
  const pid = runningBroker(dir)?.pid ?? null;
  if (pid === null) return false;
  process.kill(pid, "SIGTERM");
  if (!(await waitForExit(pid, STOP_TIMEOUT_MS))) {
    log(`broker pid ${pid} did not stop within ${STOP_TIMEOUT_MS / 1000} s; killing it`);
    process.kill(pid, "SIGKILL");
    await waitForExit(pid, 5000);
  }
  rmSync(path.join(dir, FILES.pid), { force: true });
  return true;
}

/** Whether the broker of `dataDir` runs, where, and whether it accepts SASL logins. */
export async function kafkaStatus(dataDir: string): Promise<KafkaStatus> {
  const dir = path.resolve(dataDir);
  const broker = existsSync(dir) ? runningBroker(dir) : null;
  const pid = broker?.pid ?? null;
  const port = configuredPort(dir);
  const brokers = port === null ? null : `127.0.0.1:${port}`;
  const portOpen = pid !== null && port !== null && (await portAnswers(port));
  const ready = portOpen && brokers !== null && (await saslReady(brokers));
  const detached = broker === null ? null : broker.ownerPid === null;
  return {
    dataDir: dir,
    running: pid !== null,
    pid,
    brokers,
    portOpen,
    ready,
    detached,
    ownerPid: broker?.ownerPid ?? null,
  };
}
