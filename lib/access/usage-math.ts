/**
 * Usage of a grant from what the broker says: per consumer group of the team, the lag in messages
 * per partition, the lag in time (the age of the next message to consume), and when the group
 * was last seen committing. Pure; the offsets come from `lib/kafka/offsets.ts`, the times from
 * the sampler's marks (`lib/access/usage.ts`).
 */

export interface OffsetSample {
  /** A high watermark the sampler saw … */
  offset: number;
  /** … first at this time. */
  observedAt: Date;
}

export interface PartitionLag {
  partition: number;
  /** -1 when the group committed nothing on this partition. */
  committed: number;
  high: number;
  lag: number;
}

export interface GroupUsage {
  groupId: string;
  lag: number;
  /** Seconds the next message to consume has waited (max over partitions); 0 with no lag; null when unknown. */
  lagSeconds: number | null;
  /** When the sampler last saw the group's committed offsets move (or first saw them). */
  lastCommitAt: string | null;
  partitions: PartitionLag[];
}

/** Lag per partition: from the committed offset (or the log start, when nothing is committed or it was deleted). */
export function partitionLags(
  committed: ReadonlyMap<number, number>,
  watermarks: ReadonlyMap<number, { high: number; low: number }>,
): PartitionLag[] {
  return [...watermarks]
    .sort(([a], [b]) => a - b)
    .map(([partition, { high, low }]) => {
      const c = committed.get(partition) ?? -1;
      const from = c < 0 || c < low ? low : c;
      return { partition, committed: c, high, lag: Math.max(0, high - from) };
    });
}

/**
 * The age (seconds) of the message at `offset`: it was written no later than the first time the
 * sampler saw the high watermark pass it. Samples sorted by offset ascending. When even the
 * oldest sample is past it, that sample's age is a lower bound; when none is, null.
 */
export function ageOfOffset(samples: readonly OffsetSample[], offset: number, now: Date): number | null {
  const first = samples.find((s) => s.offset > offset);
  if (!first) return null;
  return Math.max(0, Math.round((now.getTime() - first.observedAt.getTime()) / 1000));
}

export function groupUsage(
  groupId: string,
  committed: ReadonlyMap<number, number>,
  watermarks: ReadonlyMap<number, { high: number; low: number }>,
  samples: ReadonlyMap<number, readonly OffsetSample[]>,
  lastCommitAt: Date | null,
  now: Date,
): GroupUsage {
  const partitions = partitionLags(committed, watermarks);
  const lag = partitions.reduce((sum, p) => sum + p.lag, 0);
  let lagSeconds: number | null = 0;
  for (const p of partitions) {
    if (p.lag === 0) continue;
    const next = Math.max(p.committed, watermarks.get(p.partition)?.low ?? 0);
    const age = ageOfOffset(samples.get(p.partition) ?? [], next, now);
    if (age === null) {
      lagSeconds = null;
      break;
    }
    lagSeconds = Math.max(lagSeconds, age);
  }
  return { groupId, lag, lagSeconds, lastCommitAt: lastCommitAt?.toISOString() ?? null, partitions };
}

/** Whether a group id is one of the team's (the grant's READ binding on groups is this prefix). */
export function isTeamGroup(groupId: string, teamSlug: string): boolean {
  return groupId.startsWith(`${teamSlug}.`);
}

/** A grant is unused when no group of the team moved its offsets for `days` (counted from provisioning). */
export function isUnused(
  provisionedAt: Date | null,
  lastCommits: readonly (Date | null)[],
  now: Date,
  days: number,
): boolean {
  const horizon = now.getTime() - days * 86_400_000;
  if (!provisionedAt || provisionedAt.getTime() > horizon) return false;
  return lastCommits.every((c) => c === null || c.getTime() < horizon);
}
