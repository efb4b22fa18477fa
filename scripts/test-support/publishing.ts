/** Draft products for publishing tests and benchmarks: orders' product with one Kafka port that meets every default policy. */
import type { CurrentUser } from "@/lib/auth/types";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { PortResult } from "@/lib/publishing/dto";

export async function createDraftKafkaProduct(
  prisma: PrismaClient,
  owner: CurrentUser,
  opts: { slug: string; name: string; port: string; partitions?: number; retentionHours?: number },
): Promise<{ slug: string; port: PortResult }> {
  // Loaded on call: callers set the environment (KAFKA_BROKERS) first.
  const { createProduct } = await import("@/lib/publishing/products");
  const { addPort } = await import("@/lib/publishing/ports");
  const { addressContext } = await import("@/lib/catalog/address-context");
  const { slug } = await createProduct(prisma, owner, {
    name: opts.name,
    slug: opts.slug,
    domain: "orders",
    kind: "AGGREGATE",
    ownerTeam: "orders",
    summary: "A product made by a test",
    description: "## Purpose\nExercises publishing.",
    tags: [],
  });
  const port = await addPort(
    prisma,
    owner,
    slug,
    {
      type: "KAFKA_TOPIC",
      name: opts.port,
      description: "",
      partitions: opts.partitions ?? 2,
      retentionHours: opts.retentionHours ?? 24,
      cleanupPolicy: "DELETE",
      keyDescription: "",
      schema: {
        format: "JSON_SCHEMA",
        definition: { type: "object", properties: { id: { type: "string", description: "id" } } },
        compatibility: "BACKWARD",
        classifications: {},
      },
    },
    addressContext(),
  );
  return { slug, port };
}
