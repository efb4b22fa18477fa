import "server-only";
import { Kafka, type Admin } from "kafkajs";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { kafkaConfig } from "@/lib/kafka/client-config";

const holder = globalThis as unknown as { __meshportKafka?: Kafka; __meshportAdmin?: Promise<Admin> };

export function getKafka(): Kafka {
  holder.__meshportKafka ??= new Kafka(kafkaConfig(env()));
  return holder.__meshportKafka;
}

function kafkaUnavailable(cause: unknown): AppError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new AppError("kafka_unavailable", `Kafka unavailable (${env().KAFKA_BROKERS}): ${detail}`, 503);
}

async function connectedAdmin(): Promise<Admin> {
  holder.__meshportAdmin ??= (async () => {
    const admin = getKafka().admin();
    await admin.connect();
    return admin;
  })().catch((err: unknown) => {
    holder.__meshportAdmin = undefined;
    throw err;
  });
  return holder.__meshportAdmin;
}

/**
 * Runs `fn` with the shared admin client, bounded by KAFKA_TIMEOUT_MS. Any broker failure
 * becomes a 503 `kafka_unavailable` AppError, so pages and APIs degrade instead of hanging.
 */
export async function withKafkaAdmin<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
  const timeoutMs = env().KAFKA_TIMEOUT_MS * 2;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([connectedAdmin().then(fn), deadline]);
  } catch (err) {
    if (err instanceof AppError) throw err;
    // Drop the admin so the next call reconnects (the broker may be back).
    const stale = holder.__meshportAdmin;
    holder.__meshportAdmin = undefined;
    void stale?.then((a) => a.disconnect()).catch(() => undefined);
    throw kafkaUnavailable(err);
  } finally {
    clearTimeout(timer);
  }
}

/** The protocol error type of a kafkajs error, looking through its retry wrapper (`cause`). */
export function kafkaErrorType(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 3 && typeof current === "object" && current !== null; depth++) {
    const { type, cause } = current as { type?: unknown; cause?: unknown };
    if (typeof type === "string") return type;
    current = cause;
  }
  return undefined;
}

export interface TopicFacts {
  topic: string;
  partitions: number;
  /** Sum of high watermarks minus low watermarks: messages currently retained. */
  retainedMessages: number;
}

export async function getTopicFacts(topic: string): Promise<TopicFacts> {
  return withKafkaAdmin(async (admin) => {
    const offsets = await admin.fetchTopicOffsets(topic).catch((err: unknown) => {
      if (kafkaErrorType(err) === "UNKNOWN_TOPIC_OR_PARTITION") {
        throw AppError.notFound(`Topic "${topic}" on the broker`);
      }
      throw err;
    });
    const retained = offsets.reduce((sum, o) => sum + (Number(o.high) - Number(o.low)), 0);
    return { topic, partitions: offsets.length, retainedMessages: retained };
  });
}
