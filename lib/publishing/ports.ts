import "server-only";
/**
 * Output ports as their owners make them: add (a Kafka topic proposed from the naming policy, a
 * table or a file), change within policy, delete while draft, retry provisioning, and "create v2"
 * — a successor on a new topic for a breaking change. A port added to a live product is
 * provisioned at once, like a publish.
 */
import { isAdmin, type CurrentUser } from "@/lib/auth/types";
import type { AddressContext } from "@/lib/catalog/contract-io";
import { getEditableProduct } from "@/lib/catalog/queries";
import { claimPortAddress } from "@/lib/catalog/port-address";
import { contractStatusFor, createPortContract } from "@/lib/catalog/port-contracts";
import type { FlatField } from "@/lib/catalog/schema-fields";
import { flattenOrThrow, insertSchemaVersion } from "@/lib/catalog/schema-versions";
import { AppError } from "@/lib/core/errors";
import { recordChange } from "@/lib/events/record";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { ContractStatus } from "@/lib/generated/prisma/enums";
import { describeViolations, type PolicyViolation } from "@/lib/governance/policies";
import { proposeTopicName } from "@/lib/governance/policy-set";
import { getPolicySet } from "@/lib/governance/queries";
import { alterTopicConfig, deleteTopic, increasePartitions } from "@/lib/kafka/provision";
import { ownerAcls, topicConfig } from "./acls";
import type { PortResult, PortStateItem } from "./dto";
import { portViolations, type PortSettings } from "./policy-check";
import { lockProduct, movePort, portStateOf, provisionPort } from "./provisioning";
import type { PortCreate, PortSchemaInput, PortSuccessor, PortUpdate } from "./schemas";
import { z } from "zod";

type Tx = Prisma.TransactionClient;

/** What an imported contract brings to the port it creates. */
export interface NewPortContract {
  contractId?: string;
  version?: string;
  status?: ContractStatus;
  document?: Prisma.InputJsonObject;
  changeNote?: string;
}

/** Products that take new ports: not retired, not on their way out. */
const OPEN_LIFECYCLES = ["DRAFT", "EXPERIMENTAL", "ACTIVE"] as const;
const LIVE_LIFECYCLES = ["EXPERIMENTAL", "ACTIVE"] as const;

function policyRefusal(violations: PolicyViolation[]): AppError {
  return new AppError(
    "policy_violation",
    `The mesh policies refuse this:\n${describeViolations(violations)}`,
    422,
    {},
    violations,
  );
}

/** Fields of a first schema, with the classifications the form set on top of the document's. */
function schemaFields(schema: z.infer<typeof PortSchemaInput> | undefined): FlatField[] | null {
  if (!schema) return null;
  const fields = flattenOrThrow(schema.format, schema.definition);
  const unknown = Object.keys(schema.classifications).filter((p) => !fields.some((f) => f.path === p));
  if (unknown.length > 0)
    throw new AppError(
      "validation_failed",
      `schema.classifications: no field ${unknown.map((p) => `"${p}"`).join(", ")} in the schema`,
      422,
    );
  return fields.map((f) => ({ ...f, classification: schema.classifications[f.path] ?? f.classification }));
}

async function brokerTopicsFor(type: string, ctx: AddressContext): Promise<ReadonlySet<string> | null> {
  return type === "KAFKA_TOPIC" ? new Set(await ctx.listBrokerTopics()) : null;
}

async function loadPort(tx: Tx | PrismaClient, productId: string, portId: string) {
  const port = await tx.outputPort.findUnique({
    where: { id: portId },
    include: { schemaVersions: { orderBy: { version: "desc" }, take: 1, include: { fields: true } } },
  });
  if (!port || port.productId !== productId) throw AppError.notFound("Output port");
  return port;
}

type LoadedPort = Awaited<ReturnType<typeof loadPort>>;

const settingsOf = (port: LoadedPort): PortSettings => ({
  name: port.name,
  type: port.type,
  address: port.address,
  partitions: port.partitions,
  retentionHours: port.retentionHours,
  cleanupPolicy: port.cleanupPolicy,
  compatibility: port.compatibility,
  fields: port.schemaVersions[0]?.fields ?? null,
});

/**
 * Adds a port. On a draft it may break policies (the answer lists them, publishing refuses
 * them); on a live product it must not (422), and it is provisioned at once.
 */
export async function addPort(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
  input: PortCreate,
  ctx: AddressContext,
  /** The port this one is the next major of (`createSuccessorPort`): linked in the same transaction. */
  predecessorId?: string,
  /** The port's contract when it comes from an imported document (its id, version, content). */
  contract?: NewPortContract,
): Promise<PortResult> {
  const owned = await getEditableProduct(prisma, user, slug);
  if (!(OPEN_LIFECYCLES as readonly string[]).includes(owned.lifecycle))
    throw AppError.conflict(`The product is ${owned.lifecycle.toLowerCase()}: it takes no new ports`);
  const fields = input.type === "KAFKA_TOPIC" ? schemaFields(input.schema) : null;
  const brokerTopics = await brokerTopicsFor(input.type, ctx);
  const created = await prisma.$transaction(async (tx) => {
    await lockProduct(tx, owned.id);
    const product = await getEditableProduct(tx, user, slug);
    if (!(OPEN_LIFECYCLES as readonly string[]).includes(product.lifecycle))
      throw AppError.conflict(`The product is ${product.lifecycle.toLowerCase()}: it takes no new ports`);
    const [domain, team, policies] = await Promise.all([
      tx.domain.findUniqueOrThrow({ where: { id: product.domainId } }),
      tx.team.findUniqueOrThrow({ where: { id: product.ownerTeamId } }),
      getPolicySet(tx),
    ]);
    const live = (LIVE_LIFECYCLES as readonly string[]).includes(product.lifecycle);
    const kafka = input.type === "KAFKA_TOPIC" ? input : null;
    const address =
      input.type === "KAFKA_TOPIC"
        ? (input.address ?? proposeTopicName(policies.rules.topicNaming.template, domain.slug, input.name))
        : input.address;
    const server = input.type === "KAFKA_TOPIC" ? ctx.kafkaServer : input.server;
    const format =
      input.type === "KAFKA_TOPIC" ? (input.schema?.format === "AVRO" ? "avro" : "json") : input.format;
    const settings: PortSettings = {
      name: input.name,
      type: input.type,
      address,
      partitions: kafka?.partitions ?? null,
      retentionHours: kafka?.retentionHours ?? null,
      cleanupPolicy: kafka?.cleanupPolicy ?? null,
      compatibility: kafka?.schema?.compatibility ?? "BACKWARD",
      fields,
    };
    const violations = portViolations(policies.rules, domain.slug, settings);
    if (live && violations.length > 0) throw policyRefusal(violations);
    if (
      await tx.outputPort.findUnique({
        where: { productId_name: { productId: product.id, name: input.name } },
      })
    )
      throw AppError.conflict(`The product already has a port named "${input.name}"`);
    if (predecessorId && (await tx.outputPort.findUnique({ where: { predecessorId } })))
      throw AppError.conflict("This port already has a successor");
    const claim = await claimPortAddress(
      tx,
      user,
      { type: input.type, server, address },
      { kafkaServer: ctx.kafkaServer, portalTopics: ctx.portalTopics, brokerTopics },
    );
    const provision = live && input.type === "KAFKA_TOPIC";
    const port = await tx.outputPort.create({
      data: {
        productId: product.id,
        name: input.name,
        description: input.description,
        type: input.type,
        address: claim.address,
        server: claim.server,
        format,
        compatibility: settings.compatibility,
        state: !live ? "DRAFT" : provision ? "PROVISIONING" : "ACTIVE",
        partitions: settings.partitions,
        retentionHours: settings.retentionHours,
        cleanupPolicy: settings.cleanupPolicy,
        keyDescription: kafka?.keyDescription ?? "",
        ownerAcls: provision ? ownerAcls(team.kafkaPrincipal, claim.address) : [],
        ...(predecessorId ? { predecessorId } : {}),
      },
    });
    if (kafka?.schema && fields)
      await insertSchemaVersion(
        tx,
        user,
        port,
        { format: kafka.schema.format, definition: kafka.schema.definition, changeNote: "Initial version" },
        fields,
      );
    await createPortContract(tx, port, {
      status: contractStatusFor(product.lifecycle),
      actorId: user.id,
      ...contract,
    });
    await recordChange(tx, {
      actorId: user.id,
      action: "port.created",
      subjectType: "output_port",
      subjectId: port.id,
      productId: product.id,
      data: { portId: port.id, port: port.name, type: port.type, address: port.address, state: port.state },
    });
    return { port, violations };
  });
  const state =
    created.port.state === "PROVISIONING"
      ? await provisionPort(prisma, created.port.id, user.id)
      : portStateOf(created.port);
  return { ...state, violations: created.violations };
}

/**
 * Changes a port. A draft changes freely (its topic is a new claim); a provisioned Kafka port
 * evolves within policy on the broker first — more partitions, another retention or cleanup —
 * then in the catalog, so a refused change leaves both as they were. Its topic stays: a breaking
 * change is a new major (`createSuccessorPort`).
 */
export async function updatePort(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
  portId: string,
  input: PortUpdate,
  ctx: AddressContext,
): Promise<PortResult> {
  const product = await getEditableProduct(prisma, user, slug);
  const before = await loadPort(prisma, product.id, portId);
  if (before.state === "RETIRED" || before.state === "RETIRING")
    throw AppError.conflict("This port is retired: it does not change any more");
  const draft = before.state === "DRAFT";
  if (
    !draft &&
    before.type === "KAFKA_TOPIC" &&
    before.partitions === null &&
    (input.partitions ?? input.retentionHours ?? input.cleanupPolicy) !== undefined
  )
    throw AppError.conflict("This port links a topic the portal did not create: configure it on the broker");
  if (!draft && input.address !== undefined && input.address !== before.address)
    throw AppError.conflict(
      `A provisioned port keeps its topic "${before.address}": create v2 of this port for a new topic`,
    );
  if (
    before.type !== "KAFKA_TOPIC" &&
    (input.partitions ?? input.retentionHours ?? input.cleanupPolicy) !== undefined
  )
    throw new AppError(
      "validation_failed",
      "partitions, retention and cleanup apply to Kafka ports only",
      422,
    );
  if (
    !draft &&
    input.partitions !== undefined &&
    before.partitions !== null &&
    input.partitions < before.partitions
  )
    throw new AppError(
      "validation_failed",
      `partitions: Kafka cannot lower a topic's partitions (it has ${before.partitions})`,
      422,
    );
  const after: PortSettings = {
    ...settingsOf(before),
    address: input.address ?? before.address,
    partitions: input.partitions ?? before.partitions,
    retentionHours: input.retentionHours ?? before.retentionHours,
    cleanupPolicy: input.cleanupPolicy ?? before.cleanupPolicy,
    compatibility: input.compatibility ?? before.compatibility,
  };
  const [domain, policies] = await Promise.all([
    prisma.domain.findUniqueOrThrow({ where: { id: product.domainId } }),
    getPolicySet(prisma),
  ]);
  const violations = portViolations(policies.rules, domain.slug, after);
  if (!draft && violations.length > 0) throw policyRefusal(violations);
  const brokerTopics = draft && input.address !== undefined ? await brokerTopicsFor(before.type, ctx) : null;
  if (!draft && before.type === "KAFKA_TOPIC" && before.state === "ACTIVE") {
    if (after.partitions !== null && after.partitions !== before.partitions)
      await increasePartitions(before.address, after.partitions);
    if (after.retentionHours !== before.retentionHours || after.cleanupPolicy !== before.cleanupPolicy)
      await alterTopicConfig(before.address, topicConfig(after));
  }
  const port = await prisma.$transaction(async (tx) => {
    await lockProduct(tx, product.id);
    const current = await loadPort(tx, product.id, portId);
    if (current.updatedAt.getTime() !== before.updatedAt.getTime() || current.state !== before.state)
      throw AppError.conflict("Someone changed this port a moment ago: reload and try again");
    const claim =
      draft && input.address !== undefined
        ? await claimPortAddress(
            tx,
            user,
            { type: current.type, server: current.server, address: input.address },
            { kafkaServer: ctx.kafkaServer, portalTopics: ctx.portalTopics, brokerTopics },
            { portId: current.id, type: current.type, server: current.server, address: current.address },
          )
        : null;
    const { address: _address, ...rest } = input;
    void _address;
    const updated = await tx.outputPort.update({
      where: { id: current.id },
      data: { ...rest, ...(claim ? { address: claim.address, server: claim.server } : {}) },
    });
    await recordChange(tx, {
      actorId: user.id,
      action: "port.updated",
      subjectType: "output_port",
      subjectId: current.id,
      productId: product.id,
      data: { portId: current.id, port: current.name, fields: Object.keys(input) },
    });
    return updated;
  });
  return { ...portStateOf(port), violations };
}

/** Deletes a draft port (nothing of it is on the broker); a provisioned one is retired with its product. */
export async function deletePort(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
  portId: string,
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const product = await getEditableProduct(tx, user, slug);
    const port = await loadPort(tx, product.id, portId);
    const deleted = await tx.outputPort.deleteMany({ where: { id: port.id, state: "DRAFT" } });
    if (deleted.count === 0)
      throw AppError.conflict(
        `Port "${port.name}" is ${port.state.toLowerCase()}: only draft ports are deleted (a live one is retired with its product, or replaced by a v2)`,
      );
    await recordChange(tx, {
      actorId: user.id,
      action: "port.deleted",
      subjectType: "output_port",
      subjectId: port.id,
      productId: product.id,
      data: { portId: port.id, port: port.name, address: port.address },
    });
  });
}

/** Provisions a FAILED (or ACTIVE, to repair it) port again: idempotent on the broker. */
export async function retryPort(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
  portId: string,
): Promise<PortStateItem> {
  const product = await getEditableProduct(prisma, user, slug);
  const port = await loadPort(prisma, product.id, portId);
  if (port.type !== "KAFKA_TOPIC") throw AppError.conflict("Only Kafka ports are provisioned on the broker");
  if (port.partitions === null)
    throw AppError.conflict(
      "This port links a topic the portal did not create: there is nothing to provision",
    );
  await prisma.$transaction(async (tx) => {
    if (!(await movePort(tx, port, "retry", { provisioningError: null })))
      throw AppError.conflict("The port changed a moment ago");
  });
  return provisionPort(prisma, port.id, user.id);
}

const MAJOR = /\.v(\d+)$/;
const nextMajorName = (name: string) => {
  const m = /-v(\d+)$/.exec(name);
  return m ? name.replace(/-v\d+$/, `-v${Number(m[1]) + 1}`) : `${name}-v2`;
};

/**
 * "Create v2 of this port": a successor port with a new topic (the next major under the naming
 * policy), linked to the one it replaces. Its first schema may break the old one: that is the
 * point of a new major. It is provisioned at once on a live product.
 */
export async function createSuccessorPort(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
  portId: string,
  input: PortSuccessor,
  ctx: AddressContext,
): Promise<PortResult> {
  const product = await getEditableProduct(prisma, user, slug);
  const old = await loadPort(prisma, product.id, portId);
  if (old.type !== "KAFKA_TOPIC") throw AppError.conflict("Versions with a new topic are for Kafka ports");
  const successor = await prisma.outputPort.findUnique({ where: { predecessorId: old.id } });
  if (successor) throw AppError.conflict(`Port "${old.name}" already has a successor ("${successor.name}")`);
  const major = Number(MAJOR.exec(old.address)?.[1] ?? "1") + 1;
  const current = old.schemaVersions[0];
  const schema = input.schema ?? (current && { format: current.format, definition: current.definition });
  const result = await addPort(
    prisma,
    user,
    slug,
    {
      type: "KAFKA_TOPIC",
      name: input.name ?? nextMajorName(old.name),
      description: old.description,
      address:
        input.address ?? (MAJOR.test(old.address) ? old.address.replace(MAJOR, `.v${major}`) : undefined),
      partitions: old.partitions ?? 3,
      retentionHours: old.retentionHours ?? 168,
      cleanupPolicy: old.cleanupPolicy ?? "DELETE",
      keyDescription: old.keyDescription,
      schema: schema
        ? {
            format: schema.format,
            definition: z.record(z.string(), z.unknown()).parse(schema.definition),
            compatibility: input.schema?.compatibility ?? old.compatibility,
            classifications: input.schema?.classifications ?? {},
          }
        : undefined,
    },
    ctx,
    old.id,
  );
  await prisma.$transaction(async (tx) => {
    await recordChange(tx, {
      actorId: user.id,
      action: "port.successor_created",
      subjectType: "output_port",
      subjectId: result.id,
      productId: product.id,
      data: { portId: result.id, port: result.name, predecessor: old.name, topic: result.address },
    });
  });
  return result;
}

/**
 * Deletes a retired port's topic and its data — an admin action, confirmed by typing the topic's
 * name. The port stays (retired, in the catalog's history) with a note that its topic is gone.
 */
export async function deleteRetiredTopic(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
  portId: string,
  confirm: string,
): Promise<PortStateItem> {
  if (!isAdmin(user)) throw AppError.forbidden("Deleting a topic and its data is for admins");
  const product = await getEditableProduct(prisma, user, slug);
  const port = await loadPort(prisma, product.id, portId);
  if (port.type !== "KAFKA_TOPIC") throw AppError.conflict("Only Kafka ports have a topic to delete");
  if (port.state !== "RETIRED")
    throw AppError.conflict(`Port "${port.name}" is ${port.state.toLowerCase()}: retire the product first`);
  if (confirm !== port.address)
    throw new AppError(
      "validation_failed",
      `confirm: type the topic's name, "${port.address}", to delete it`,
      422,
    );
  await deleteTopic(port.address);
  const updated = await prisma.$transaction(async (tx) => {
    const row = await tx.outputPort.update({
      where: { id: port.id },
      data: { provisioningError: "Topic deleted with its data" },
    });
    await recordChange(tx, {
      actorId: user.id,
      action: "port.topic_deleted",
      subjectType: "output_port",
      subjectId: port.id,
      productId: product.id,
      data: { portId: port.id, port: port.name, topic: port.address },
    });
    return row;
  });
  return portStateOf(updated);
}
