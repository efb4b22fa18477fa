// The broker process: pid files, ports, readiness, and stopping brokers this process owns.
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { localKafka } from "../../../lib/kafka/client-config.ts";
import { PORTAL_PRINCIPAL } from "../../../lib/demo/teams.ts";
import { sleep } from "../../../lib/core/time.ts";
import { FILES } from "./common.ts";

export function isAlive(pid: number): boolean {
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
export function isOurBroker(pid: number, dataDir: string): boolean {
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
export interface PidFile {
  pid: number;
  /** null: detached. */
  ownerPid: number | null;
}

export function writePidFile(dataDir: string, { pid, ownerPid }: PidFile): void {
  writeFileSync(
    path.join(dataDir, FILES.pid),
    `${pid}\n${ownerPid === null ? "detached" : `owner ${ownerPid}`}\n`,
  );
}

export function readPidFile(dataDir: string): PidFile | null {
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
export function runningBroker(dataDir: string): PidFile | null {
  const pidFile = readPidFile(dataDir);
  if (pidFile === null) return null;
  if (isOurBroker(pidFile.pid, dataDir)) return pidFile;
  rmSync(path.join(dataDir, FILES.pid), { force: true });
  return null;
}

/** The client port written to the data dir's server.properties, if any. */
export function configuredPort(dataDir: string): number | null {
  try {
    const properties = readFileSync(path.join(dataDir, FILES.properties), "utf8");
    const match = /^advertised\.listeners=CLIENT:\/\/[^:]+:(\d+)/m.exec(properties);
    return match?.[1] ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

export function portAnswers(port: number, host = "127.0.0.1", timeoutMs = 1000): Promise<boolean> {
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

export async function assertPortFree(port: number, what: string): Promise<void> {
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

export function fileSize(file: string): number {
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
export async function saslReady(brokers: string, timeoutMs = 3000): Promise<boolean> {
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

export async function waitUntilReady(
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

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
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
export const ownedBrokers = new Set<number>();
export const EXIT_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

export function terminateOwnedBrokers(): void {
  for (const pid of ownedBrokers) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  ownedBrokers.clear();
}

export function onExitSignal(signal: NodeJS.Signals): void {
  terminateOwnedBrokers();
  unregisterExitHandlers();
  // Keep the default behaviour (terminate) unless someone else handles the signal.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

export function unregisterExitHandlers(): void {
  process.off("exit", terminateOwnedBrokers);
  for (const signal of EXIT_SIGNALS) process.off(signal, onExitSignal);
}

export function own(pid: number): void {
  if (ownedBrokers.size === 0) {
    process.on("exit", terminateOwnedBrokers);
    for (const signal of EXIT_SIGNALS) process.on(signal, onExitSignal);
  }
  ownedBrokers.add(pid);
}

export function disown(pid: number): void {
  if (ownedBrokers.delete(pid) && ownedBrokers.size === 0) unregisterExitHandlers();
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------
