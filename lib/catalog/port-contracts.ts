import "server-only";
/**
 * Output ports' data contracts in the database: one `DataContract` per port, every change a
 * `DataContractVersion` (history, diffs). A port without a row yet (created by a tool that
 * predates contracts) reads as a default contract whose id is the port's id.
 */
import { randomUUID } from "node:crypto";
import {
  diffJson,
  portContractDocument,
  portContractYaml,
  type ContractChange,
  type PortContractSource,
  type StoredContract,
} from "@/lib/contracts/port-contract";
import { AppError } from "@/lib/core/errors";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { ContractStatus, Lifecycle } from "@/lib/generated/prisma/enums";
import { canSeeProduct, type ProductViewer } from "./permissions";
import { flatFieldsToJsonSchema } from "./schema-fields";
import { toFlatField } from "./schema-versions";
import type { ContractVersionDto, ContractVersionsDto, PortContractDto } from "./dto";

type Tx = Prisma.TransactionClient;
type Db = PrismaClient | Tx;

/** The contract status that follows a product's lifecycle (a draft product's contracts are drafts). */
export function contractStatusFor(lifecycle: Lifecycle): ContractStatus {
  switch (lifecycle) {
    case "DRAFT":
      return "DRAFT";
    case "DEPRECATED":
      return "DEPRECATED";
    case "RETIRED":
      return "RETIRED";
    default:
      return "ACTIVE";
  }
}

async function currentSchemaNumber(tx: Db, portId: string): Promise<number | null> {
  const latest = await tx.schemaVersion.findFirst({
    where: { portId },
    orderBy: { version: "desc" },
    select: { version: true },
  });
  return latest?.version ?? null;
}

/** Creates a new port's contract and its first version (in the port's creating transaction). */
export async function createPortContract(
  tx: Tx,
  port: { id: string; description: string },
  opts: {
    status: ContractStatus;
    actorId: string | null;
    contractId?: string;
    version?: string;
    document?: Prisma.InputJsonObject;
    changeNote?: string;
  },
): Promise<void> {
  const contractId = opts.contractId ?? randomUUID();
  const version = opts.version ?? "1.0.0";
  const document = opts.document ?? {};
  await tx.dataContract.create({
    data: { portId: port.id, contractId, version, status: opts.status, document },
  });
  await tx.dataContractVersion.create({
    data: {
      portId: port.id,
      revision: 1,
      contractId,
      version,
      status: opts.status,
      document,
      schemaVersion: await currentSchemaNumber(tx, port.id),
      portDescription: port.description,
      changeNote: opts.changeNote ?? "Contract created",
      createdById: opts.actorId,
    },
  });
}

/**
 * Records the port's contract as it is now as its next version (after the caller changed the
 * contract row, the port or its schema). No-op for a port without a contract row.
 */
export async function recordContractVersion(
  tx: Tx,
  portId: string,
  actorId: string | null,
  changeNote: string,
): Promise<number | null> {
  const contract = await tx.dataContract.findUnique({ where: { portId } });
  if (!contract) return null;
  const port = await tx.outputPort.findUniqueOrThrow({
    where: { id: portId },
    select: { description: true },
  });
  const revision = contract.revision + 1;
  await tx.dataContract.update({ where: { portId }, data: { revision } });
  await tx.dataContractVersion.create({
    data: {
      portId,
      revision,
      contractId: contract.contractId,
      version: contract.version,
      status: contract.status,
      document: contract.document as Prisma.InputJsonValue,
      schemaVersion: await currentSchemaNumber(tx, portId),
      portDescription: port.description,
      changeNote,
      createdById: actorId,
    },
  });
  return revision;
}

/** Moves every contract of a product to the status its new lifecycle implies (a new version each). */
export async function syncContractStatuses(
  tx: Tx,
  productId: string,
  lifecycle: Lifecycle,
  actorId: string | null,
): Promise<void> {
  const status = contractStatusFor(lifecycle);
  const contracts = await tx.dataContract.findMany({
    where: { port: { productId }, status: { not: status } },
    select: { portId: true },
  });
  for (const c of contracts) {
    await tx.dataContract.update({ where: { portId: c.portId }, data: { status } });
    await recordContractVersion(
      tx,
      c.portId,
      actorId,
      `Status ${status.toLowerCase()} (product ${lifecycle.toLowerCase()})`,
    );
  }
}

// The current schema version, spelled out here: `queries.ts` imports this module (a cycle would
// leave an imported constant undefined while this one is built).
export const contractPortInclude = {
  contract: true,
  schemaVersions: {
    orderBy: { version: "desc" },
    take: 1,
    include: { fields: { orderBy: { position: "asc" } } },
  },
  product: { include: { domain: { select: { slug: true } } } },
} satisfies Prisma.OutputPortInclude;

export type ContractPortRow = Prisma.OutputPortGetPayload<{ include: typeof contractPortInclude }>;

export function storedContractOf(port: {
  id: string;
  contract: ContractPortRow["contract"];
}): StoredContract {
  const c = port.contract;
  if (!c) return { contractId: port.id, version: "1.0.0", status: "ACTIVE", document: {} };
  return {
    contractId: c.contractId,
    version: c.version,
    status: c.status,
    document: (c.document ?? {}) as Record<string, unknown>,
  };
}

/** The port's current schema as the JSON Schema a contract carries. */
export function portJsonSchema(port: ContractPortRow): Record<string, unknown> {
  const current = port.schemaVersions[0];
  if (!current) return { type: "object", properties: {} };
  return current.format === "JSON_SCHEMA"
    ? (current.definition as Record<string, unknown>)
    : flatFieldsToJsonSchema(port.name, current.fields.map(toFlatField));
}

export function contractSourceOf(port: ContractPortRow): PortContractSource {
  const product = port.product;
  return {
    contract: storedContractOf(port),
    product: {
      slug: product.slug,
      name: product.name,
      domain: product.domain.slug,
      tags: product.tags,
      summary: product.summary,
      serviceLevels: Object.fromEntries(
        Object.entries((product.serviceLevels ?? {}) as Record<string, unknown>).filter(
          (e): e is [string, string] => typeof e[1] === "string",
        ),
      ),
    },
    port: {
      name: port.name,
      description: port.description,
      type: port.type,
      address: port.address,
      server: port.server,
      format: port.format,
      compatibility: port.compatibility,
      schema: portJsonSchema(port),
    },
  };
}

/** Loads a port the viewer may see, with what its contract needs (404 otherwise). */
export async function loadContractPort(
  db: Db,
  viewer: ProductViewer,
  portId: string,
): Promise<ContractPortRow> {
  const port = await db.outputPort.findUnique({ where: { id: portId }, include: contractPortInclude });
  if (!port || !canSeeProduct(viewer, port.product)) throw AppError.notFound(`Output port "${portId}"`);
  return port;
}

/** The port's contract as ODCS v3.1.0 YAML. */
export async function exportPortContract(
  prisma: PrismaClient,
  viewer: ProductViewer,
  portId: string,
): Promise<{ yaml: string; filename: string }> {
  const port = await loadContractPort(prisma, viewer, portId);
  return {
    yaml: portContractYaml(contractSourceOf(port)),
    // Header-safe whatever a port name became (names from imported documents included).
    filename: `${port.product.slug}.${port.name}.odcs.yaml`.replace(/[^A-Za-z0-9._-]/g, "_"),
  };
}

/** The port's contract: its identity, status and the monitor's verdict, for the product page and the API. */
export async function getPortContract(
  prisma: PrismaClient,
  viewer: ProductViewer,
  portId: string,
): Promise<PortContractDto> {
  const port = await loadContractPort(prisma, viewer, portId);
  const c = storedContractOf(port);
  return {
    portId: port.id,
    contractId: c.contractId,
    version: c.version,
    status: c.status,
    revision: port.contract?.revision ?? 0,
    checkStatus: port.contract?.checkStatus ?? "NOT_EVALUATED",
    checkedAt: port.contract?.checkedAt?.toISOString() ?? null,
    document: portContractDocument(contractSourceOf(port)),
  };
}

export async function listContractVersions(
  prisma: PrismaClient,
  viewer: ProductViewer,
  portId: string,
): Promise<ContractVersionsDto> {
  await loadContractPort(prisma, viewer, portId);
  const rows = await prisma.dataContractVersion.findMany({
    where: { portId },
    orderBy: { revision: "desc" },
    include: { createdBy: { select: { name: true } } },
  });
  return {
    portId,
    versions: rows.map((r): ContractVersionDto => ({
      revision: r.revision,
      contractId: r.contractId,
      version: r.version,
      status: r.status,
      schemaVersion: r.schemaVersion,
      changeNote: r.changeNote,
      createdBy: r.createdBy?.name ?? null,
      createdAt: r.createdAt.toISOString(),
    })),
  };
}

/** What changed between two versions of a port's contract (`from` → `to`), path by path. */
export async function diffContractVersions(
  prisma: PrismaClient,
  viewer: ProductViewer,
  portId: string,
  from: number,
  to: number,
): Promise<{ from: number; to: number; changes: ContractChange[] }> {
  await loadContractPort(prisma, viewer, portId);
  const rows = await prisma.dataContractVersion.findMany({ where: { portId, revision: { in: [from, to] } } });
  const a = rows.find((r) => r.revision === from);
  const b = rows.find((r) => r.revision === to);
  if (!a || !b) throw AppError.notFound(`Contract version ${!a ? from : to} of port "${portId}"`);
  const fieldsOf = async (version: number | null) =>
    version === null
      ? []
      : (
          await prisma.schemaField.findMany({
            where: { schemaVersion: { portId, version } },
            orderBy: { position: "asc" },
            select: { path: true, type: true, required: true, classification: true, description: true },
          })
        ).map((f) => ({ ...f }));
  const snapshot = async (r: typeof a) => ({
    contractId: r.contractId,
    version: r.version,
    status: r.status,
    description: r.portDescription,
    schemaVersion: r.schemaVersion,
    fields: Object.fromEntries((await fieldsOf(r.schemaVersion)).map((f) => [f.path, f])),
    document: r.document,
  });
  return { from, to, changes: diffJson(await snapshot(a), await snapshot(b)) };
}
