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
 * Plain Node: no Next imports, usable from scripts and tests. The parts: kafka/jars.ts (Java,
 * Maven), kafka/config.ts (the files a data dir holds), kafka/process.ts (pid files, ports,
 * readiness, owned brokers), kafka/common.ts (constants and types); this file starts, stops and
 * reports. Kept hand-written (no library starts Kafka from Maven jars without Docker).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { scriptEnv } from "../config/env.ts";
import { DEMO_TEAMS } from "../../lib/demo/teams.ts";
import {
  DEFAULT_CONTROLLER_PORT,
  DEFAULT_HEAP_OPTS,
  DEFAULT_KAFKA_PORT,
  DEFAULT_READY_TIMEOUT_MS,
  FILES,
  type KafkaHandle,
  type KafkaStatus,
  STOP_TIMEOUT_MS,
  type StartKafkaOptions,
  log,
} from "./kafka/common.ts";
import { checkJava, ensureKafkaJars } from "./kafka/jars.ts";
import { type ClusterNode, log4jConfig, newClusterId, serverProperties } from "./kafka/config.ts";
import {
  assertPortFree,
  configuredPort,
  disown,
  fileSize,
  isAlive,
  own,
  portAnswers,
  runningBroker,
  saslReady,
  waitForExit,
  waitUntilReady,
  writePidFile,
} from "./kafka/process.ts";

export * from "./kafka/common.ts";
export { checkJava, ensureKafkaJars } from "./kafka/jars.ts";
export { kafkaUsers } from "./kafka/config.ts";
export { kafkaLogTail } from "./kafka/process.ts";

/**
 * Starts (or reuses) the broker of `opts.dataDir` and resolves once the portal principal can log
 * in over SASL.
 */
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

export async function startKafka(opts: StartKafkaOptions): Promise<KafkaHandle> {
  return (await startNode(opts)).ready();
}

/**
 * Starts (or finds running) the node of `opts.dataDir` and returns at once: `ready()` resolves
 * once its SASL listener answers. A cluster starts every node before waiting (a node is ready only
 * once a quorum of controllers runs).
 */
async function startNode(
  opts: StartKafkaOptions & { heapOpts?: string },
  cluster?: ClusterNode,
): Promise<{ ready: () => Promise<KafkaHandle> }> {
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
    return {
      ready: async () => {
        await waitUntilReady(dataDir, brokers, readyTimeoutMs, () =>
          isAlive(pid) ? null : "its process is gone",
        );
        // An orphan (its owner died without stopping it) is adopted; otherwise stop() leaves it alone.
        const orphan = existing.ownerPid !== null && !isAlive(existing.ownerPid);
        if (!orphan) return handle(dataDir, brokers, pid, true, false);
        writePidFile(dataDir, { pid, ownerPid: opts.detached ? null : process.pid });
        if (!opts.detached) own(pid);
        return handle(dataDir, brokers, pid, true, true);
      },
    };
  }

  await assertPortFree(port, "client");
  await assertPortFree(controllerPort, "controller");

  const propertiesFile = path.join(dataDir, FILES.properties);
  const log4jFile = path.join(dataDir, FILES.log4j);
  writeFileSync(propertiesFile, serverProperties(dataDir, port, controllerPort, teams, cluster));
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

  const heapOpts = (scriptEnv().KAFKA_HEAP_OPTS ?? opts.heapOpts ?? DEFAULT_HEAP_OPTS)
    .split(/\s+/)
    .filter(Boolean);
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
  return {
    ready: async () => {
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
    },
  };
}

/** A local cluster: its nodes (node i in `<dataDir>/node-<i>`) and every node's bootstrap address. */
export interface KafkaClusterHandle {
  brokers: string;
  nodes: KafkaHandle[];
  stop(): Promise<void>;
}

/** Heap per node of a local cluster (three fit beside the tests on a 2-core, 24 GB machine). */
export const CLUSTER_HEAP_OPTS = "-Xms96m -Xmx320m";

/** The data dir of node `i` (from 1) of a cluster. */
export const clusterNodeDir = (dataDir: string, i: number) => path.join(path.resolve(dataDir), `node-${i}`);

/** The nodes' data dirs of a cluster data dir (none for a single broker's dir). */
export function clusterNodeDirs(dataDir: string): string[] {
  const dir = path.resolve(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((entry) => /^node-\d+$/.test(entry))
    .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))
    .map((entry) => path.join(dir, entry));
}

/**
 * A KRaft cluster of `brokers` nodes on this machine, each running both roles (a controller
 * quorum of all of them): node i listens for clients on `port + 2(i-1)` and for controllers on the
 * port after it (9092/9093, 9094/9095, 9096/9097 by default). Same SASL users and ACL authorizer
 * as the single broker; every topic is replicated `brokers` times by default with
 * `min.insync.replicas` one less (3 and 2), the internal topics too.
 */
export async function startKafkaCluster(
  opts: StartKafkaOptions & { brokers: number },
): Promise<KafkaClusterHandle> {
  const count = opts.brokers;
  if (!Number.isInteger(count) || count < 1 || count > 9)
    throw new Error("A local cluster has 1 to 9 brokers");
  const port = opts.port ?? DEFAULT_KAFKA_PORT;
  const nodes = Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    dir: clusterNodeDir(opts.dataDir, i + 1),
    port: port + 2 * i,
    controllerPort: port + 2 * i + 1,
  }));
  if (opts.fresh) {
    for (const dir of clusterNodeDirs(opts.dataDir)) {
      await stopKafka(dir);
      wipeDataDir(dir);
    }
  }
  // One cluster id for every node, kept across restarts like a single broker's.
  const clusterId =
    nodes
      .map((n) => path.join(n.dir, FILES.clusterId))
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f, "utf8").trim())[0] ?? newClusterId();
  for (const node of nodes) {
    mkdirSync(node.dir, { recursive: true });
    writeFileSync(path.join(node.dir, FILES.clusterId), `${clusterId}\n`);
  }
  const voters = nodes.map((n) => `${n.id}@127.0.0.1:${n.controllerPort}`).join(",");
  const started = [];
  for (const node of nodes)
    started.push(
      await startNode(
        {
          ...opts,
          dataDir: node.dir,
          port: node.port,
          controllerPort: node.controllerPort,
          fresh: false,
          heapOpts: CLUSTER_HEAP_OPTS,
        },
        { nodeId: node.id, voters, replicas: Math.min(3, count) },
      ),
    );
  const handles = await Promise.all(started.map((s) => s.ready()));
  return {
    brokers: handles.map((h) => h.brokers).join(","),
    nodes: handles,
    stop: async () => {
      await Promise.all(handles.map((h) => h.stop()));
    },
  };
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
