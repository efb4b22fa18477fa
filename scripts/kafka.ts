/**
 * Local Kafka broker for development:
 *
 *   npx tsx scripts/kafka.ts start|stop|status|fetch [--data-dir .data/kafka] [--port 9092] [--controller-port 9093] [--fresh] [--brokers 3]
 *
 * `start` runs the broker in the background (it keeps running after this command exits) and
 * prints the bootstrap servers and SASL/PLAIN credentials. Env overrides: KAFKA_DATA_DIR,
 * KAFKA_PORT, KAFKA_CONTROLLER_PORT (flags win over env).
 */
import { parseArgs } from "node:util";
import { scriptEnv } from "./config/env.ts";
import { DEMO_TEAMS, PORTAL_PRINCIPAL, teamKafkaPassword } from "../lib/demo/teams.ts";
import {
  DEFAULT_CONTROLLER_PORT,
  DEFAULT_KAFKA_DATA_DIR,
  DEFAULT_KAFKA_PORT,
  KAFKA_VERSION,
  OUTSIDER_PRINCIPAL,
  ensureKafkaJars,
  kafkaLogTail,
  kafkaStatus,
  clusterNodeDirs,
  startKafka,
  startKafkaCluster,
  stopKafka,
} from "./lib/kafka-broker.ts";

const USAGE = `Usage: npx tsx scripts/kafka.ts start|stop|status|fetch [options]

  fetch  only resolve the broker's jars from Maven Central into .cache/kafka/

Options:
  --data-dir <dir>          data directory (env KAFKA_DATA_DIR, default ${DEFAULT_KAFKA_DATA_DIR})
  --port <port>             SASL_PLAINTEXT client port (env KAFKA_PORT, default ${DEFAULT_KAFKA_PORT})
  --controller-port <port>  KRaft controller port (env KAFKA_CONTROLLER_PORT, default ${DEFAULT_CONTROLLER_PORT})
  --fresh                   start: wipe the data dir first (all topics and ACLs are lost)
  --brokers <n>             start: a KRaft cluster of n nodes (each broker + controller) in <data-dir>/node-<i>,
                            node i on ports <port>+2(i-1) (client) and the next one (controller); topics get
                            min(n, 3) replicas and min.insync.replicas one less (default: one broker)
  --logs                    status: also print the tail of the broker log
  -h, --help                show this help`;

function parsePort(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`${name} must be a port number, got ${JSON.stringify(value)}`);
  return port;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      "data-dir": { type: "string" },
      port: { type: "string" },
      "controller-port": { type: "string" },
      fresh: { type: "boolean", default: false },
      brokers: { type: "string" },
      logs: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const command = positionals[0];
  if (values.help || !command || positionals.length > 1) {
    (values.help ? console.log : console.error)(USAGE);
    return values.help ? 0 : 2;
  }

  const dataDir = values["data-dir"] ?? scriptEnv().KAFKA_DATA_DIR ?? DEFAULT_KAFKA_DATA_DIR;
  const port = parsePort(values.port ?? scriptEnv().KAFKA_PORT, "--port", DEFAULT_KAFKA_PORT);
  const controllerPort = parsePort(
    values["controller-port"] ?? scriptEnv().KAFKA_CONTROLLER_PORT,
    "--controller-port",
    DEFAULT_CONTROLLER_PORT,
  );

  switch (command) {
    case "fetch": {
      // Resolve the broker's jars only (CI does this before the tests).
      console.log(`Kafka ${KAFKA_VERSION} jars in ${await ensureKafkaJars()}`);
      return 0;
    }
    case "start": {
      const started = Date.now();
      if (values.brokers !== undefined) {
        const count = Number(values.brokers);
        const cluster = await startKafkaCluster({
          dataDir,
          port,
          brokers: count,
          fresh: values.fresh,
          detached: true,
        });
        console.log(
          `Kafka ${KAFKA_VERSION}: a cluster of ${count} in ${((Date.now() - started) / 1000).toFixed(1)} s (pids ${cluster.nodes.map((n) => n.pid).join(", ")}).`,
        );
        console.log(
          `  brokers:   ${cluster.brokers}   (SASL_PLAINTEXT, mechanism PLAIN; same principals as one broker)`,
        );
        console.log(`  data dirs: ${cluster.nodes.map((n) => n.dataDir).join(", ")}`);
        console.log(`  stop with: npx tsx scripts/kafka.ts stop --data-dir ${dataDir}`);
        return 0;
      }
      const broker = await startKafka({ dataDir, port, controllerPort, fresh: values.fresh, detached: true });
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        broker.reused
          ? `Kafka ${KAFKA_VERSION} is already running (pid ${broker.pid}).`
          : `Kafka ${KAFKA_VERSION} started in ${seconds} s (pid ${broker.pid}).`,
      );
      console.log(`  brokers:   ${broker.brokers}   (SASL_PLAINTEXT, mechanism PLAIN)`);
      console.log(`  data dir:  ${broker.dataDir}   (logs: server.log)`);
      console.log("  principals (username / password):");
      console.log(`    ${PORTAL_PRINCIPAL.username} / ${PORTAL_PRINCIPAL.password}   portal, super user`);
      for (const team of DEMO_TEAMS)
        console.log(`    ${team.slug} / ${teamKafkaPassword(team.slug)}   team ${team.name}`);
      console.log(`    ${OUTSIDER_PRINCIPAL.username} / ${OUTSIDER_PRINCIPAL.password}   no ACLs`);
      console.log(
        "  stop with: npx tsx scripts/kafka.ts stop" +
          (values["data-dir"] ? ` --data-dir ${values["data-dir"]}` : ""),
      );
      return 0;
    }
    case "stop": {
      const nodes = clusterNodeDirs(dataDir);
      if (nodes.length > 0) {
        const stopped = await Promise.all(nodes.map((dir) => stopKafka(dir)));
        console.log(
          `Kafka cluster: stopped ${stopped.filter(Boolean).length} of ${nodes.length} nodes (${dataDir}).`,
        );
        return 0;
      }
      const stopped = await stopKafka(dataDir);
      console.log(stopped ? `Kafka stopped (${dataDir}).` : `Kafka is not running (${dataDir}).`);
      return 0;
    }
    case "status": {
      const nodes = clusterNodeDirs(dataDir);
      if (nodes.length > 0) {
        const statuses = await Promise.all(nodes.map((dir) => kafkaStatus(dir)));
        for (const st of statuses)
          console.log(
            `${st.dataDir}: ${st.running ? `pid ${st.pid}, ${st.brokers}, ${st.ready ? "ready" : "not ready"}` : "not running"}`,
          );
        return statuses.every((st) => st.ready) ? 0 : 1;
      }
      const status = await kafkaStatus(dataDir);
      if (!status.running) {
        console.log(`Kafka is not running (${status.dataDir}).`);
      } else {
        const state = status.ready
          ? "ready"
          : status.portOpen
            ? "port open, SASL login failing"
            : "starting (port closed)";
        const owner = status.detached ? "detached" : `stops when process ${status.ownerPid} exits`;
        console.log(
          `Kafka is running: pid ${status.pid}, brokers ${status.brokers}, ${state}, ${owner} (${status.dataDir}).`,
        );
      }
      if (values.logs) console.log(kafkaLogTail(dataDir));
      // Exit code 0 only when usable, so scripts can `status && …`.
      return status.ready ? 0 : 1;
    }
    default:
      console.error(`Unknown command ${JSON.stringify(command)}.\n\n${USAGE}`);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
