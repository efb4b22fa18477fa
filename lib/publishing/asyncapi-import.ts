import "server-only";
/**
 * AsyncAPI 3.0 import: each Kafka channel of the document becomes a new Kafka port of the chosen
 * product, made by the publishing rules (naming and topic policies, the topic-ownership claim, a
 * first schema from the message payload, provisioning on a live product). The dry run lists what
 * would be created and what is skipped (a channel whose topic the product already exposes).
 * Ports are created one by one: the answer says which were created before a refusal stopped it.
 */
import type { CurrentUser } from "@/lib/auth/types";
import type { AddressContext } from "@/lib/catalog/contract-io";
import { getEditableProduct } from "@/lib/catalog/queries";
import { AsyncApiError, readAsyncApiChannels, type ImportedChannel } from "@/lib/contracts/asyncapi";
import { AppError } from "@/lib/core/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { addPort } from "./ports";
import { PortCreateSchema, slugify, type PortCreate } from "./schemas";

export interface AsyncApiImportResult {
  applied: boolean;
  title: string;
  channels: {
    channel: string;
    topic: string;
    port: string;
    action: "create" | "skip" | "created" | "refused";
    detail: string;
    schema: "JSON_SCHEMA" | "AVRO" | null;
  }[];
}

const HOUR_MS = 3_600_000;

function portInput(channel: ImportedChannel, name: string): PortCreate {
  const retentionHours =
    channel.retentionMs === null
      ? 168
      : channel.retentionMs < 0
        ? -1
        : Math.max(1, Math.round(channel.retentionMs / HOUR_MS));
  return {
    type: "KAFKA_TOPIC",
    name,
    description: channel.description.slice(0, 2000),
    address: channel.topic,
    partitions: channel.partitions ?? 3,
    retentionHours,
    cleanupPolicy: channel.cleanupPolicy === "compact" ? "COMPACT" : "DELETE",
    keyDescription: "",
    ...(channel.schema
      ? {
          schema: {
            format: channel.schema.format,
            definition: channel.schema.definition,
            compatibility: "BACKWARD" as const,
            classifications: {},
          },
        }
      : {}),
  };
}

export async function importAsyncApi(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
  text: string,
  options: { dryRun: boolean },
  addresses: AddressContext,
): Promise<AsyncApiImportResult> {
  const product = await getEditableProduct(prisma, user, slug);
  if (text.trim() === "")
    throw new AppError("validation_failed", "The body must be an AsyncAPI 3.0 document", 422);
  let read: ReturnType<typeof readAsyncApiChannels>;
  try {
    read = readAsyncApiChannels(text);
  } catch (err) {
    if (err instanceof AsyncApiError)
      throw new AppError(
        "validation_failed",
        `${err.message} ${err.issues.map((i) => `${i.path || "(document)"}: ${i.message}`).join("; ")}`.trim(),
        422,
      );
    throw err;
  }
  if (read.channels.length === 0)
    throw new AppError("validation_failed", "channels: the document has no channels", 422);
  const existing = await prisma.outputPort.findMany({
    where: { productId: product.id },
    select: { name: true, address: true, type: true },
  });
  const taken = new Set(existing.map((p) => p.name));
  const planned = read.channels.map((channel) => {
    let name = slugify(channel.id.split(".").filter(Boolean).slice(-2, -1)[0] ?? channel.id) || "channel";
    if (!/^[a-z]/.test(name)) name = `port-${name}`;
    name = name.slice(0, 60);
    for (let n = 2; taken.has(name); n++) name = `${name.replace(/-\d+$/, "")}-${n}`;
    const exposed = existing.some((p) => p.type === "KAFKA_TOPIC" && p.address === channel.topic);
    if (!exposed) taken.add(name);
    return {
      channel,
      name,
      exposed,
    };
  });
  const rows = planned.map(({ channel, name, exposed }) => ({
    channel: channel.id,
    topic: channel.topic,
    port: exposed ? "" : name,
    action: exposed ? ("skip" as const) : ("create" as const),
    detail: exposed
      ? "the product already exposes this topic"
      : `${channel.partitions ?? 3} partitions, ${channel.schema ? `${channel.schema.format === "AVRO" ? "Avro" : "JSON Schema"} payload` : "no payload schema"}`,
    schema: channel.schema?.format ?? null,
  }));
  if (options.dryRun) return { applied: false, title: read.title, channels: rows };
  const result: AsyncApiImportResult["channels"] = [];
  for (const [i, p] of planned.entries()) {
    if (p.exposed) {
      result.push(rows[i]!);
      continue;
    }
    try {
      // The port as the ports route would take it: bounds on partitions, retention, names.
      const parsed = PortCreateSchema.safeParse(portInput(p.channel, p.name));
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new AppError("validation_failed", `${issue.path.join(".")}: ${issue.message}`, 422);
      }
      const created = await addPort(prisma, user, slug, parsed.data, addresses);
      result.push({
        ...rows[i]!,
        action: "created",
        detail: `port ${created.name} (${created.state.toLowerCase()})`,
      });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      result.push({ ...rows[i]!, action: "refused", detail: err.message });
      // Stop at the first refusal: what was created is listed, the rest is not tried.
      break;
    }
  }
  return { applied: result.some((r) => r.action === "created"), title: read.title, channels: result };
}
