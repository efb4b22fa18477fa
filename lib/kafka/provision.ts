import "server-only";
/** Topics the portal provisions for data products: created with their configuration, idempotently. */
import { AppError } from "@/lib/core/errors";
import { retry } from "@/lib/core/retry";
import { kafkaErrorType, withKafkaAdmin } from "./admin";
import { ConfigResourceTypes, type Admin } from "./client-config";
import { waitForTopics } from "./topics";

export interface TopicSpec {
  name: string;
  partitions: number;
  /** Topic-level configuration, e.g. `retention.ms`, `cleanup.policy`. */
  config: Record<string, string>;
}

/** Broker answers that are a verdict on the request, not an outage: they fail the port, not retry it. */
const REFUSALS = new Set([
  "INVALID_CONFIG",
  "INVALID_PARTITIONS",
  "INVALID_REPLICATION_FACTOR",
  "INVALID_TOPIC_EXCEPTION",
  "POLICY_VIOLATION",
  "TOPIC_AUTHORIZATION_FAILED",
  "CLUSTER_AUTHORIZATION_FAILED",
]);

async function describeTopic(admin: Admin, name: string) {
  const [metadata, configs] = await Promise.all([
    admin.fetchTopicMetadata({ topics: [name] }),
    admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name }],
    }),
  ]);
  const entries = configs.resources[0]?.configEntries ?? [];
  return {
    partitions: metadata.topics[0]?.partitions.length ?? 0,
    config: new Map(entries.map((e) => [e.configName, e.configValue])),
  };
}

/**
 * Creates the topic with `spec`, or accepts an existing one with the same partitions and
 * configuration (a retry after a crash finds its own topic). A topic that exists with a different
 * configuration is a 409 naming the differences; a broker refusal is a 422 with its reason; an
 * outage is the usual 503.
 */
export async function ensureTopic(spec: TopicSpec): Promise<"created" | "existed"> {
  return withKafkaAdmin(async (admin) => {
    let created: boolean;
    try {
      created = await admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic: spec.name,
            numPartitions: spec.partitions,
            configEntries: Object.entries(spec.config).map(([name, value]) => ({ name, value })),
          },
        ],
      });
    } catch (err) {
      const type = kafkaErrorType(err);
      if (type && REFUSALS.has(type))
        throw new AppError("broker_refused", `The broker refused topic "${spec.name}": ${type}`, 422);
      throw err;
    }
    if (created) {
      await waitForTopics(admin, [spec.name]);
      return "created";
    }
    const actual = await describeTopic(admin, spec.name);
    const differences = [
      ...(actual.partitions !== spec.partitions
        ? [`partitions ${actual.partitions} (wanted ${spec.partitions})`]
        : []),
      ...Object.entries(spec.config)
        .filter(([key, value]) => actual.config.get(key) !== value)
        .map(([key, value]) => `${key} ${actual.config.get(key) ?? "unset"} (wanted ${value})`),
    ];
    if (differences.length > 0)
      throw AppError.conflict(
        `Topic "${spec.name}" already exists on the broker with another configuration: ${differences.join(", ")}`,
      );
    return "existed";
  });
}

/**
 * Raises a topic's partition count (never lowers it: Kafka cannot), and returns once the
 * broker's metadata shows the new count: CreatePartitions answers before it does, and a check
 * right after (provisioning the port again) would see the old count as a different topic.
 */
export async function increasePartitions(topic: string, count: number, timeoutMs = 15_000): Promise<void> {
  await withKafkaAdmin(async (admin) => {
    const { partitions } = await describeTopic(admin, topic);
    if (partitions >= count) return;
    await admin.createPartitions({ topicPartitions: [{ topic, count }] });
    const deadline = Date.now() + timeoutMs;
    const shown = await retry(
      async () => {
        const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
        if ((metadata.topics[0]?.partitions.length ?? 0) < count)
          throw new Error(`Topic "${topic}" does not show ${count} partitions yet`);
      },
      { delayMs: () => 100, active: () => Date.now() <= deadline },
    );
    if (!shown.ok)
      throw new Error(`Topic "${topic}" did not show ${count} partitions within ${timeoutMs} ms`);
  });
}

/** A topic-level override (DYNAMIC_TOPIC_CONFIG), as opposed to a broker default. */
const TOPIC_OVERRIDE = 1;

/**
 * Sets topic-level configuration keys and keeps the topic's other overrides: kafkajs only has the
 * non-incremental AlterConfigs, which replaces the whole set, so the current overrides are read
 * and sent along.
 */
export async function alterTopicConfig(topic: string, config: Record<string, string>): Promise<void> {
  await withKafkaAdmin(async (admin) => {
    const current = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
    });
    const kept = (current.resources[0]?.configEntries ?? [])
      .filter((e) => e.configSource === TOPIC_OVERRIDE && !e.readOnly && !e.isSensitive)
      .map((e) => [e.configName, e.configValue] as const);
    const merged = { ...Object.fromEntries(kept), ...config };
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topic,
          configEntries: Object.entries(merged).map(([name, value]) => ({ name, value })),
        },
      ],
    });
  });
}

/** Deletes a topic (a retired port's, after a typed confirmation); absent is fine. */
export async function deleteTopic(topic: string): Promise<void> {
  await withKafkaAdmin(async (admin) => {
    try {
      await admin.deleteTopics({ topics: [topic] });
    } catch (err) {
      if (kafkaErrorType(err) !== "UNKNOWN_TOPIC_OR_PARTITION") throw err;
    }
  });
}
