/** Publishing inputs: zod schemas shared by the wizard's forms and the REST API. */
import { z } from "zod";
import { markdownText, tag, topicName } from "@/lib/catalog/schemas";
import { PORT_NAME_PATTERN, rowId, slug as slugSchema } from "@/lib/core/schema-primitives";
import {
  Classification,
  CleanupPolicy,
  Compatibility,
  ProductKind,
  SchemaFormat,
} from "@/lib/generated/prisma/enums";

const slug = slugSchema();
const portName = z.string().trim().regex(PORT_NAME_PATTERN, "must be a lowercase port name (a-z, 0-9, -)");
const description = z.string().trim().max(1000, "at most 1,000 characters");

/** A product's slug from its name when none is given: `Order Returns` → `order-returns`. */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

/** `POST /api/v1/products`: a new product, DRAFT until published. */
export const ProductCreateSchema = z
  .object({
    name: z.string().trim().min(3, "at least 3 characters").max(80, "at most 80 characters"),
    slug: slug.optional(),
    domain: slug,
    kind: z.enum(ProductKind),
    ownerTeam: slug,
    summary: z.string().trim().min(1, "must not be empty").max(300, "at most 300 characters"),
    description: markdownText.optional(),
    tags: z.array(tag).max(20, "at most 20 tags").default([]),
  })
  .strict();
export type ProductCreate = z.infer<typeof ProductCreateSchema>;

/** The first schema of a Kafka port, with its compatibility mode and classifications per field path. */
export const PortSchemaInput = z
  .object({
    format: z.enum(SchemaFormat),
    definition: z.record(z.string(), z.unknown(), "must be a JSON object (the schema document)"),
    compatibility: z.enum(Compatibility).default("BACKWARD"),
    /** Overrides what the document says, e.g. `{"customer.email": "PII"}`. */
    classifications: z.record(z.string().max(300), z.enum(Classification)).default({}),
  })
  .strict();

/** Topic configuration: the mesh policies bound it (checked on create, update and publish). */
const topicConfig = {
  partitions: z.int("must be a whole number").min(1, "at least 1").max(1000, "at most 1,000"),
  retentionHours: z
    .int("must be a whole number")
    .min(-1, "-1 (forever) or at least 1")
    .max(87_600, "at most 10 years")
    .refine((h) => h !== 0, "-1 (forever) or at least 1"),
  cleanupPolicy: z.enum(CleanupPolicy),
  keyDescription: z.string().trim().max(500, "at most 500 characters"),
};

const KafkaPortCreate = z
  .object({
    type: z.literal("KAFKA_TOPIC"),
    name: portName,
    description: description.default(""),
    /** The topic; proposed from the mesh naming policy when absent. */
    address: topicName.optional(),
    partitions: topicConfig.partitions.default(3),
    retentionHours: topicConfig.retentionHours.default(168),
    cleanupPolicy: topicConfig.cleanupPolicy.default("DELETE"),
    keyDescription: topicConfig.keyDescription.default(""),
    schema: PortSchemaInput.optional(),
  })
  .strict();

const StoragePortCreate = (type: "TABLE" | "FILE") =>
  z
    .object({
      type: z.literal(type),
      name: portName,
      description: description.default(""),
      address: z
        .string()
        .trim()
        .min(1, "must not be empty")
        .max(500, "at most 500 characters")
        .describe(type === "TABLE" ? "`db.schema.table`" : "A path or URI"),
      server: z.string().trim().max(300, "at most 300 characters").default(""),
      format: z
        .string()
        .trim()
        .max(40, "at most 40 characters")
        .default(type === "TABLE" ? "table" : "parquet"),
    })
    .strict();

/** `POST /api/v1/products/{slug}/ports`: a Kafka topic, a table or a file. */
export const PortCreateSchema = z.discriminatedUnion("type", [
  KafkaPortCreate,
  StoragePortCreate("TABLE"),
  StoragePortCreate("FILE"),
]);
export type PortCreate = z.infer<typeof PortCreateSchema>;

/**
 * `PATCH …/ports/{portId}`: a draft port changes anything; a provisioned one evolves within
 * policy only — more partitions (never fewer), another retention — and keeps its topic.
 */
export const PortUpdateSchema = z
  .object({
    description: description.optional(),
    address: topicName.optional(),
    partitions: topicConfig.partitions.optional(),
    retentionHours: topicConfig.retentionHours.optional(),
    cleanupPolicy: topicConfig.cleanupPolicy.optional(),
    keyDescription: topicConfig.keyDescription.optional(),
    compatibility: z.enum(Compatibility).optional(),
  })
  .strict()
  .refine((u) => Object.keys(u).length > 0, "name at least one field to change");
export type PortUpdate = z.infer<typeof PortUpdateSchema>;

/** "Create v2 of this port": a successor port on a new topic (the next major in the naming policy). */
export const PortSuccessorSchema = z
  .object({
    name: portName.optional(),
    address: topicName.optional(),
    schema: PortSchemaInput.optional(),
  })
  .strict();
export type PortSuccessor = z.infer<typeof PortSuccessorSchema>;

/** `POST /api/v1/products/{slug}/lifecycle`. */
export const LifecycleChangeSchema = z.discriminatedUnion("to", [
  z.object({ to: z.literal("ACTIVE") }).strict(),
  z
    .object({
      to: z.literal("DEPRECATED"),
      sunsetAt: z.iso.datetime({ offset: true, message: "must be an ISO date-time" }),
      message: z
        .string()
        .trim()
        .min(1, "say why, and what to do instead")
        .max(2000, "at most 2,000 characters"),
      successor: slug.optional(),
    })
    .strict(),
  z.object({ to: z.literal("RETIRED") }).strict(),
]);
export type LifecycleChange = z.infer<typeof LifecycleChangeSchema>;

export const PortParams = z.object({ slug, portId: rowId("a port id") });

/** `POST /api/v1/products/{slug}/inputs`: declare that the product reads another product's port. */
export const InputPortSchema = z.object({ portId: rowId("a port id") }).strict();

/** `DELETE …/ports/{portId}/topic`: the topic's name, typed again, as confirmation. */
export const TopicDeletionSchema = z.object({ confirm: z.string().max(249) }).strict();
