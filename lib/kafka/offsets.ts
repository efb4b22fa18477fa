import "server-only";
import type { Admin } from "./client-config";
import { kafkaErrorType, withKafkaAdmin } from "./admin";

/** Committed offsets of one group on one topic, per partition (`-1`: nothing committed there). */
export interface GroupTopicOffsets {
  groupId: string;
  topic: string;
  partitions: { partition: number; offset: number }[];
}

/** High and low watermarks of a topic, per partition; null when the topic is gone. */
export type Watermarks = Map<number, { high: number; low: number }> | null;

/**
 * Consumption facts for a set of topics and group prefixes, in one batch of admin calls: the
 * groups whose id starts with one of `prefixes` (ListGroups once), their committed offsets on
 * `topics` (one OffsetFetch per group), and each topic's watermarks (one ListOffsets per topic).
 * Broker failures become 503 `kafka_unavailable` (withKafkaAdmin).
 */
export async function readConsumption(
  topics: readonly string[],
  prefixes: readonly string[],
): Promise<{ offsets: GroupTopicOffsets[]; watermarks: Map<string, Watermarks> }> {
  return withKafkaAdmin(async (admin) => {
    const { groups } = await admin.listGroups();
    const groupIds = groups.map((g) => g.groupId).filter((id) => prefixes.some((p) => id.startsWith(p)));
    const [offsets, marks] = await Promise.all([
      Promise.all(groupIds.map((groupId) => groupOffsets(admin, groupId, topics))),
      Promise.all(topics.map(async (topic) => [topic, await watermarks(admin, topic)] as const)),
    ]);
    return { offsets: offsets.flat(), watermarks: new Map(marks) };
  });
}

async function groupOffsets(
  admin: Admin,
  groupId: string,
  topics: readonly string[],
): Promise<GroupTopicOffsets[]> {
  const byTopic = await admin.fetchOffsets({ groupId, topics: [...topics] }).catch(() => []);
  return byTopic
    .map((t) => ({
      groupId,
      topic: t.topic,
      partitions: t.partitions.map((p) => ({ partition: p.partition, offset: Number(p.offset) })),
    }))
    .filter((t) => t.partitions.some((p) => p.offset >= 0));
}

async function watermarks(admin: Admin, topic: string): Promise<Watermarks> {
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((o) => [o.partition, { high: Number(o.high), low: Number(o.low) }]));
  } catch (err) {
    if (
      kafkaErrorType(err) === "UNKNOWN_TOPIC_OR_PARTITION" ||
      /does not host this topic-partition/.test(err instanceof Error ? err.message : "")
    )
      return null;
    throw err;
  }
}
