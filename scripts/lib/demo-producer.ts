/**
 * The demo mesh's topics and its event producer: realistic events (with PII fields) on every
 * kafka-topic port at the rates the mesh declares. Runs inside `npm run demo` and the e2e setup.
 */
import { createRng, generateEvent } from "@/lib/demo/events";
import { DEMO_PRODUCTS } from "@/lib/demo/mesh";
import { env } from "@/lib/core/env";
import type { Admin, Kafka, Message, Producer } from "@/lib/kafka/client-config";
import { waitForTopics } from "@/lib/kafka/topics";
import { DEMO_TOPIC } from "@/lib/demo/seed";

/** The portal's own events topic (MESHPORT_EVENTS_TOPIC), created with the demo topics. */
export function portalEventsTopic(): string {
  return env().MESHPORT_EVENTS_TOPIC;
}

const demoPorts = DEMO_PRODUCTS.flatMap((product) =>
  product.outputPorts.filter((port) => port.type === "KAFKA_TOPIC").map((port) => ({ product, port })),
);

/** Creates every demo topic that does not exist yet (and the portal's own events topic). */
export async function ensureDemoTopics(admin: Admin, partitions = 3): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const wanted = [...demoPorts.map(({ port }) => port.address), portalEventsTopic()];
  const missing = wanted.filter((t) => !existing.has(t));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      // The configuration the catalog records for demo ports (DEMO_TOPIC), so provisioning finds
      // each topic as it expects it.
      topics: missing.map((topic) => ({
        topic,
        numPartitions: partitions,
        replicationFactor: 1,
        configEntries: [
          { name: "cleanup.policy", value: "delete" },
          { name: "retention.ms", value: String(DEMO_TOPIC.retentionHours * 3_600_000) },
        ],
      })),
    });
    await waitForTopics(admin, missing);
  }
  return missing;
}

export interface DemoProducer {
  stop(): Promise<void>;
  /** Events written so far. */
  sent(): number;
}

/**
 * Produces demo events until stopped. `rateFactor` scales every topic's declared rate.
 * A broker outage only pauses production: sends are retried on the next tick. With `asTeam`,
 * each topic is written by a producer authenticated as its owner team (its WRITE bindings are
 * what publishing provisions), so a team's topics wait until the portal has provisioned them.
 */
export async function startDemoProducer(
  kafka: Kafka,
  opts: { rateFactor?: number; seed?: number; asTeam?: (team: string) => Kafka } = {},
): Promise<DemoProducer> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureDemoTopics(admin);
  } finally {
    await admin.disconnect();
  }
  const teams = [...new Set(demoPorts.map(({ product }) => product.ownerTeam))];
  const producers = new Map<string, Producer>(
    opts.asTeam
      ? teams.map((t) => [t, opts.asTeam!(t).producer({ allowAutoTopicCreation: false })])
      : [["*", kafka.producer({ allowAutoTopicCreation: false })]],
  );
  await Promise.all([...producers.values()].map((p) => p.connect()));
  const producerOf = (team: string) => producers.get(opts.asTeam ? team : "*")!;
  /** Per team, the topics it could not write yet (a topic leaves on its first successful send). */
  const refused = new Map<string, Set<string>>();
  const topicsOf = (team: string) =>
    demoPorts.filter(
      ({ product, port }) => (port.eventsPerSecond ?? 0) > 0 && (team === "*" || product.ownerTeam === team),
    ).length;

  const rng = createRng(opts.seed ?? Date.now() % 2_147_483_647);
  const factor = opts.rateFactor ?? 1;
  const credit = new Map<string, number>();
  const tickMs = 250;
  let total = 0;
  let busy = false;

  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    const now = new Date();
    const batches = new Map<string, { topic: string; messages: Message[] }[]>();
    for (const { product, port } of demoPorts) {
      const rate = (port.eventsPerSecond ?? 0) * factor;
      if (rate <= 0) continue;
      const due = (credit.get(port.address) ?? 0) + (rate * tickMs) / 1000;
      const count = Math.floor(due);
      credit.set(port.address, due - count);
      if (count === 0) continue;
      const messages: Message[] = [];
      for (let i = 0; i < count; i++) {
        const event = generateEvent(product, port, rng, now);
        // A broken producer: some events leave out a required field (the contract monitor's demo).
        if (port.faults && rng() < port.faults.share) delete event.value[port.faults.drop];
        messages.push({ key: event.key, value: JSON.stringify(event.value), headers: event.headers });
      }
      const team = opts.asTeam ? product.ownerTeam : "*";
      batches.set(team, [...(batches.get(team) ?? []), { topic: port.address, messages }]);
    }
    void Promise.all(
      [...batches].map(async ([team, batch]) => {
        // One send per topic: a team's provisioned topics get their events while others wait.
        const results = await Promise.allSettled(
          batch.map((b) =>
            producerOf(team)
              .send({ topic: b.topic, messages: b.messages })
              .then(() => b.messages.length),
          ),
        );
        // A team's topics send at different ticks (each at its own rate): it writes all of them
        // only once every topic it could not write has been written since.
        const blocked = refused.get(team) ?? new Set<string>();
        refused.set(team, blocked);
        const before = blocked.size;
        let firstError: unknown;
        results.forEach((r, i) => {
          if (r.status === "fulfilled") {
            total += r.value;
            blocked.delete(batch[i]!.topic);
          } else {
            blocked.add(batch[i]!.topic);
            firstError ??= r.reason;
          }
        });
        if (before > 0 && blocked.size === 0)
          console.log(`[demo-producer] ${team} writes all its topics now`);
        // Said once per team until it recovers (waiting for provisioning, or a broker outage).
        if (before === 0 && blocked.size > 0)
          console.error(
            `[demo-producer] ${team === "*" ? "send" : `${team} cannot write ${blocked.size} of ${topicsOf(team)} topics yet`}: ${firstError instanceof Error ? firstError.message : String(firstError)}`,
          );
      }),
    ).finally(() => {
      busy = false;
    });
  }, tickMs);

  return {
    sent: () => total,
    async stop() {
      clearInterval(timer);
      await Promise.all([...producers.values()].map((p) => p.disconnect().catch(() => undefined)));
    },
  };
}
