/** Demo events produced on the e2e server's broker by specs that need events they can recognize. */
import { env } from "@/lib/core/env";
import { createRng, generateEvent } from "@/lib/demo/events";
import { DEMO_PRODUCTS } from "@/lib/demo/mesh";
import { createKafka } from "@/lib/kafka/client-config";
import { readHarness } from "./harness";

/**
 * One event per partition of a demo product's topic, produced now: like the demo producer's (its
 * PII included, which non-owners see masked), keyed `<prefix>-p<partition>`. Returns the keys.
 */
export async function produceOnePerPartition(slug: string, topic: string, prefix: string): Promise<string[]> {
  const kafka = createKafka({ ...env(), KAFKA_BROKERS: readHarness().kafkaBrokers }, { retries: 8 });
  const admin = kafka.admin();
  const producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  try {
    const partitions = (await admin.fetchTopicOffsets(topic)).map((o) => o.partition);
    const product = DEMO_PRODUCTS.find((p) => p.slug === slug)!;
    const port = product.outputPorts.find((p) => p.address === topic)!;
    const rng = createRng(Date.now());
    const keys = partitions.map((p) => `${prefix}-p${p}`);
    await producer.send({
      topic,
      messages: keys.map((key, i) => ({
        key,
        partition: partitions[i],
        value: JSON.stringify(generateEvent(product, port, rng, new Date()).value),
      })),
    });
    return keys;
  } finally {
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  }
}
