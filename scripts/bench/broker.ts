import { isSet, setEnv } from "@/lib/core/env";
import { startKafka, type KafkaHandle } from "../lib/kafka-broker";

/**
 * The broker a benchmark talks to: KAFKA_BROKERS when set, else a fresh local one (ports
 * 19592/19593, data in .cache/kafka-bench) that the caller stops. This process's settings point at it.
 */
export async function benchBroker(): Promise<KafkaHandle | undefined> {
  if (isSet("KAFKA_BROKERS")) return undefined;
  const broker = await startKafka({
    dataDir: ".cache/kafka-bench",
    port: 19592,
    controllerPort: 19593,
    fresh: true,
  });
  setEnv({ KAFKA_BROKERS: broker.brokers });
  return broker;
}
