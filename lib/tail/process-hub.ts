import "server-only";
import { env } from "@/lib/core/env";
import { withKafkaAdmin } from "@/lib/kafka/admin";
import { createKafka } from "@/lib/kafka/client-config";
import { avroType } from "./decode";
import { TailHub } from "./hub";

// One hub per server process (also across dev-server module reloads): one consumer per topic.
const holder = globalThis as unknown as { __meshportTail?: TailHub };

/** Avro schemas by Confluent id from SCHEMA_REGISTRY_URL (`GET /schemas/ids/{id}`). */
async function fromRegistry(id: number) {
  const url = env().SCHEMA_REGISTRY_URL;
  if (!url) return undefined;
  const res = await fetch(new URL(`schemas/ids/${id}`, url.endsWith("/") ? url : `${url}/`), {
    signal: AbortSignal.timeout(3000),
  });
  if (!res.ok) return undefined;
  const body = (await res.json()) as { schema?: string; schemaType?: string };
  if (!body.schema || (body.schemaType && body.schemaType !== "AVRO")) return undefined;
  return avroType(JSON.parse(body.schema));
}

export function tailHub(): TailHub {
  holder.__meshportTail ??= new TailHub({
    kafka: createKafka(env(), { clientId: `${env().KAFKA_CLIENT_ID}-tail`, retries: 2 }),
    // The portal's shared admin (deadlines, reconnecting): the hub keeps no admin of its own.
    withAdmin: withKafkaAdmin,
    registry: fromRegistry,
  });
  return holder.__meshportTail;
}

/** Streams and consumers of this process's live tail (zeros before the first viewer). */
export function tailHubStats(): { viewers: number; consumers: number; topics: number } {
  const stats = holder.__meshportTail?.stats();
  return { viewers: stats?.viewers ?? 0, consumers: stats?.consumers ?? 0, topics: stats?.topics ?? 0 };
}
