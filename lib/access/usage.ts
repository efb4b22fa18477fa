import "server-only";
/**
 * Who actually uses a grant: the team's consumer groups on the port's topic, their lag in
 * messages and in time, and when they last committed — from one batch of admin calls per set of
 * topics (cached for a few seconds), plus the sampler's marks in the database (Kafka keeps no
 * commit times and no message ages): `sampleUsage` runs in the background every
 * MESHPORT_USAGE_SAMPLE_SECONDS, records high watermarks and group offsets when they move, and
 * flags grants no group has read for MESHPORT_UNUSED_GRANT_DAYS (a `grant.unused` event tells
 * both teams).
 */
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { recordChange } from "@/lib/events/record";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { readConsumption, type GroupTopicOffsets, type Watermarks } from "@/lib/kafka/offsets";
import { groupUsage, isTeamGroup, isUnused, type GroupUsage, type OffsetSample } from "./usage-math";

export interface UsageGrant {
  id: string;
  teamSlug: string;
  topic: string;
  unusedFlaggedAt: Date | null;
}

export interface GrantUsage {
  groups: GroupUsage[];
  lag: number;
  lagSeconds: number | null;
  lastCommitAt: string | null;
  /** Set while the grant is flagged unused. */
  unusedSince: string | null;
  checkedAt: string;
}

type Consumption = Awaited<ReturnType<typeof readConsumption>>;
const CACHE_MS = 5000;
const cache = new Map<string, { at: number; value: Promise<Consumption> }>();

/** The broker's consumption facts for these topics and prefixes, shared for a few seconds. */
function consumption(topics: string[], prefixes: string[]): Promise<Consumption> {
  const key = `${[...topics].sort().join(",")}|${[...prefixes].sort().join(",")}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
  const value = readConsumption(topics, prefixes);
  cache.set(key, { at: Date.now(), value });
  value.catch(() => cache.delete(key));
  if (cache.size > 200) cache.delete(cache.keys().next().value!);
  return value;
}

const committedOf = (o: GroupTopicOffsets) => new Map(o.partitions.map((p) => [p.partition, p.offset]));

/** Usage per grant id; throws 503 kafka_unavailable when the broker does not answer. */
export async function grantUsages(
  prisma: PrismaClient,
  grants: readonly UsageGrant[],
  now = new Date(),
  options: { cached?: boolean } = {},
): Promise<Map<string, GrantUsage>> {
  const result = new Map<string, GrantUsage>();
  if (grants.length === 0) return result;
  const topics = [...new Set(grants.map((g) => g.topic))];
  const prefixes = [...new Set(grants.map((g) => `${g.teamSlug}.`))];
  const { offsets, watermarks } =
    options.cached === false ? await readConsumption(topics, prefixes) : await consumption(topics, prefixes);
  const [samples, marks] = await Promise.all([
    prisma.topicOffsetSample.findMany({ where: { topic: { in: topics } }, orderBy: { offset: "asc" } }),
    prisma.groupOffsetMark.findMany({ where: { topic: { in: topics } } }),
  ]);
  const samplesOf = new Map<string, Map<number, OffsetSample[]>>();
  for (const s of samples) {
    const byPartition = samplesOf.get(s.topic) ?? new Map<number, OffsetSample[]>();
    const list = byPartition.get(s.partition) ?? [];
    list.push({ offset: Number(s.offset), observedAt: s.observedAt });
    byPartition.set(s.partition, list);
    samplesOf.set(s.topic, byPartition);
  }
  const lastCommit = new Map<string, Date>();
  for (const m of marks) {
    const key = `${m.groupId}\u0000${m.topic}`;
    const seen = lastCommit.get(key);
    if (!seen || m.changedAt > seen) lastCommit.set(key, m.changedAt);
  }
  for (const grant of grants) {
    const marksOfTopic: Watermarks = watermarks.get(grant.topic) ?? null;
    const groups = marksOfTopic
      ? offsets
          .filter((o) => o.topic === grant.topic && isTeamGroup(o.groupId, grant.teamSlug))
          .map((o) =>
            groupUsage(
              o.groupId,
              committedOf(o),
              marksOfTopic,
              samplesOf.get(grant.topic) ?? new Map(),
              lastCommit.get(`${o.groupId}\u0000${grant.topic}`) ?? null,
              now,
            ),
          )
      : [];
    const seconds = groups.map((g) => g.lagSeconds);
    result.set(grant.id, {
      groups,
      lag: groups.reduce((max, g) => Math.max(max, g.lag), 0),
      lagSeconds: seconds.includes(null) ? null : Math.max(0, ...(seconds as number[])),
      lastCommitAt: groups
        .map((g) => g.lastCommitAt)
        .reduce<string | null>((a, b) => (b && (!a || b > a) ? b : a), null),
      unusedSince: grant.unusedFlaggedAt?.toISOString() ?? null,
      checkedAt: now.toISOString(),
    });
  }
  return result;
}

/** Usage per grant, or the reason it is unknown (Kafka unavailable) — for pages and lists that still render. */
export async function grantUsagesOrError(
  prisma: PrismaClient,
  grants: readonly UsageGrant[],
  budgetMs = 1500,
): Promise<{ usage: Map<string, GrantUsage>; error: string | null }> {
  // A list must not wait for a broker that does not answer: past the budget it says so (the
  // answer, when it comes, fills the cache for the next look).
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), budgetMs);
  });
  const work = grantUsages(prisma, grants);
  try {
    const result = await Promise.race([work, late]);
    if (result === "late") {
      work.catch(() => undefined);
      return { usage: new Map(), error: `Kafka did not answer within ${budgetMs} ms: usage unknown for now` };
    }
    return { usage: result, error: null };
  } catch (err) {
    if (err instanceof AppError && err.code === "kafka_unavailable")
      return { usage: new Map(), error: err.message };
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** The active Kafka grants, as the sampler and the lists need them. */
export async function activeTopicGrants(prisma: PrismaClient, where: { ids?: string[] } = {}) {
  const grants = await prisma.grant.findMany({
    where: {
      status: "ACTIVE",
      port: { type: "KAFKA_TOPIC" },
      ...(where.ids ? { id: { in: where.ids } } : {}),
    },
    select: {
      id: true,
      teamId: true,
      provisionedAt: true,
      unusedFlaggedAt: true,
      team: { select: { slug: true } },
      port: { select: { address: true, productId: true } },
    },
  });
  return grants.map((g) => ({
    id: g.id,
    teamSlug: g.team.slug,
    topic: g.port.address,
    unusedFlaggedAt: g.unusedFlaggedAt,
    provisionedAt: g.provisionedAt,
    productId: g.port.productId,
  }));
}

/**
 * One pass of the sampler: records watermarks and group offsets that moved, and flags (or
 * unflags) unused grants. Returns what it did. Runs under the notifier's lease (once across instances).
 */
export async function sampleUsage(
  prisma: PrismaClient,
  now = new Date(),
  days = env().MESHPORT_UNUSED_GRANT_DAYS,
): Promise<{ grants: number; samples: number; flagged: number }> {
  const grants = await activeTopicGrants(prisma);
  if (grants.length === 0) return { grants: 0, samples: 0, flagged: 0 };
  const topics = [...new Set(grants.map((g) => g.topic))];
  const prefixes = [...new Set(grants.map((g) => `${g.teamSlug}.`))];
  const { offsets, watermarks } = await readConsumption(topics, prefixes);
  let samples = 0;
  for (const [topic, marks] of watermarks) {
    for (const [partition, { high }] of marks ?? []) {
      samples += await prisma.$executeRaw`
        INSERT INTO topic_offset_samples (topic, partition, "offset", observed_at)
        SELECT ${topic}, ${partition}, ${high}, ${now}
         WHERE NOT EXISTS (SELECT 1 FROM topic_offset_samples
                            WHERE topic = ${topic} AND partition = ${partition} AND "offset" >= ${high})
        ON CONFLICT DO NOTHING`;
    }
  }
  for (const o of offsets)
    for (const p of o.partitions) {
      if (p.offset < 0) continue;
      await prisma.$executeRaw`
        INSERT INTO group_offset_marks (group_id, topic, partition, "offset", changed_at, seen_at)
        VALUES (${o.groupId}, ${o.topic}, ${p.partition}, ${p.offset}, ${now}, ${now})
        ON CONFLICT (group_id, topic, partition) DO UPDATE
           SET seen_at = EXCLUDED.seen_at,
               changed_at = CASE WHEN group_offset_marks."offset" = EXCLUDED."offset"
                                 THEN group_offset_marks.changed_at ELSE EXCLUDED.changed_at END,
               "offset" = EXCLUDED."offset"`;
    }
  // Old samples go, but each partition keeps its newest.
  await prisma.$executeRaw`
    DELETE FROM topic_offset_samples s
     WHERE s.observed_at < ${new Date(now.getTime() - 14 * 86_400_000)}
       AND EXISTS (SELECT 1 FROM topic_offset_samples n
                    WHERE n.topic = s.topic AND n.partition = s.partition AND n."offset" > s."offset")`;

  const marks = await prisma.groupOffsetMark.findMany({ where: { topic: { in: topics } } });
  let flagged = 0;
  for (const grant of grants) {
    const commits = marks
      .filter((m) => m.topic === grant.topic && isTeamGroup(m.groupId, grant.teamSlug))
      .map((m) => m.changedAt);
    const unused = isUnused(grant.provisionedAt, commits, now, days);
    if (unused && !grant.unusedFlaggedAt) {
      await prisma.$transaction(async (tx) => {
        const marked = await tx.grant.updateMany({
          where: { id: grant.id, status: "ACTIVE", unusedFlaggedAt: null },
          data: { unusedFlaggedAt: now },
        });
        if (marked.count === 0) return;
        flagged++;
        await recordChange(tx, {
          actorId: null,
          action: "grant.unused",
          subjectType: "grant",
          subjectId: grant.id,
          productId: grant.productId,
          data: { grantId: grant.id, days },
        });
      });
    } else if (!unused && grant.unusedFlaggedAt)
      await prisma.grant.updateMany({ where: { id: grant.id }, data: { unusedFlaggedAt: null } });
  }
  return { grants: grants.length, samples, flagged };
}
