import { retry } from "@/lib/core/retry";
import type { Admin } from "./client-config";

/**
 * Waits until every topic answers offset requests. `createTopics({waitForLeaders})` can return
 * before the broker's metadata cache serves the new partitions ("does not host this
 * topic-partition" / "not the leader"), and kafkajs does not retry those for admin calls.
 */
export async function waitForTopics(admin: Admin, topics: string[], timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const topic of topics) {
    let last: unknown;
    const answered = await retry(() => admin.fetchTopicOffsets(topic), {
      delayMs: () => 100,
      active: () => Date.now() <= deadline,
      onFailure: (err) => {
        last = err;
      },
    });
    if (!answered.ok) throw last ?? new Error(`Topic ${topic} did not answer within ${timeoutMs} ms`);
  }
}
