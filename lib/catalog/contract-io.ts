import "server-only";
/** A product as a data contract: ODCS export, and import (ODCS or DCS) with a dry-run preview. */
import { isAdmin, type CurrentUser } from "@/lib/auth/types";
import {
  ContractError,
  parseContract,
  toOdcsYaml,
  type ContractModel,
  type ContractPort,
} from "@/lib/contracts";
import { AppError } from "@/lib/core/errors";
import { recordChange } from "@/lib/events/record";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { claimPortAddress, normalizePortAddress, type ClaimContext } from "./port-address";
import { checkCompatibility, describeViolations, diffFields } from "./schema-compat";
import { flatFieldsToJsonSchema } from "./schema-fields";
import { flattenSchema } from "./schema-flatten";
import type { ContractImportResult, ContractPreview } from "./dto";
import { currentSchemaVersion, getEditableProduct } from "./queries";
import { canSeeProduct, type ProductViewer } from "./permissions";
import { insertSchemaVersion, toFlatField } from "./schema-versions";

const contractInclude = {
  domain: true,
  outputPorts: {
    orderBy: { name: "asc" },
    include: {
      schemaVersions: currentSchemaVersion,
    },
  },
} satisfies Prisma.DataProductInclude;

type ContractProduct = Prisma.DataProductGetPayload<{ include: typeof contractInclude }>;

function contractModelOf(product: ContractProduct): ContractModel {
  const extras = (product.contractExtras ?? {}) as Record<string, unknown>;
  return {
    id: product.slug,
    version: typeof extras.version === "string" ? extras.version : "1.0.0",
    ...(typeof extras.status === "string" ? { status: extras.status } : {}),
    product: {
      name: product.name,
      summary: product.summary,
      description: product.description,
      tags: product.tags,
      domain: product.domain.slug,
      serviceLevels: Object.fromEntries(
        Object.entries((product.serviceLevels ?? {}) as Record<string, unknown>).filter(
          (e): e is [string, string] => typeof e[1] === "string",
        ),
      ),
      termsOfUse: product.termsOfUse,
    },
    ports: product.outputPorts.map((port): ContractPort => {
      const current = port.schemaVersions[0];
      const schema = !current
        ? { type: "object", properties: {} }
        : current.format === "JSON_SCHEMA"
          ? (current.definition as Record<string, unknown>)
          : flatFieldsToJsonSchema(port.name, current.fields.map(toFlatField));
      return {
        name: port.name,
        description: port.description,
        type: port.type,
        address: port.address,
        server: port.server,
        format: port.format,
        compatibility: port.compatibility,
        schema,
      };
    }),
    extras: Object.fromEntries(Object.entries(extras).filter(([k]) => k !== "version" && k !== "status")),
  };
}

export async function exportContract(
  prisma: PrismaClient,
  viewer: ProductViewer,
  slug: string,
): Promise<string> {
  const product = await prisma.dataProduct.findUnique({ where: { slug }, include: contractInclude });
  if (!product || !canSeeProduct(viewer, product)) throw AppError.notFound(`Data product "${slug}"`);
  return toOdcsYaml(contractModelOf(product));
}

const text = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v ?? ""));

/** What importing `model` into `product` changes, and whether a port's new schema breaks its compatibility. */
function previewImport(
  product: ContractProduct,
  format: "odcs" | "dcs",
  model: ContractModel,
): ContractPreview {
  const productChanges: ContractPreview["product"] = [];
  const compare = (field: string, before: unknown, after: unknown) => {
    if (text(before) !== text(after))
      productChanges.push({ field, before: text(before), after: text(after) });
  };
  compare("summary", product.summary, model.product.summary);
  compare("description", product.description, model.product.description);
  compare("tags", product.tags, model.product.tags);
  compare("serviceLevels", product.serviceLevels, model.product.serviceLevels);
  compare("termsOfUse", product.termsOfUse, model.product.termsOfUse);

  const violations: string[] = [];
  const ports = model.ports.map((incoming) => {
    const existing = product.outputPorts.find((p) => p.name === incoming.name);
    const after = flattenSchema("JSON_SCHEMA", incoming.schema);
    const before = existing?.schemaVersions[0]?.fields.map(toFlatField) ?? [];
    // Field order is not compared: jsonb keeps object keys in its own order.
    // A port without a schema exports an empty one: importing that back is no change.
    const schemaChanged = existing?.schemaVersions[0]
      ? diffFields(before, after).length > 0
      : after.length > 0;
    const currentVersion = existing?.schemaVersions[0]?.version ?? null;
    const mode = incoming.compatibility ?? existing?.compatibility ?? "BACKWARD";
    if (existing && currentVersion !== null && schemaChanged) {
      const broken = checkCompatibility(mode, before, after);
      if (broken.length > 0)
        violations.push(`Port ${incoming.name}: ${describeViolations(mode, broken, currentVersion + 1)}`);
    }
    const changes: string[] = [];
    if (existing) {
      for (const key of ["description", "type", "address", "server", "format", "compatibility"] as const) {
        const value = incoming[key] ?? existing[key];
        if (value !== existing[key]) changes.push(`${key}: ${existing[key] || "—"} → ${value || "—"}`);
      }
    }
    return {
      name: incoming.name,
      action: !existing
        ? ("create" as const)
        : changes.length > 0 || schemaChanged
          ? ("update" as const)
          : ("unchanged" as const),
      changes,
      schema: {
        fromVersion: currentVersion,
        toVersion: schemaChanged ? (currentVersion ?? 0) + 1 : currentVersion,
        changes: schemaChanged ? diffFields(before, after) : [],
      },
    };
  });
  return { format, product: productChanges, ports, violations };
}

function parseOrThrow(yaml: string) {
  try {
    return parseContract(yaml);
  } catch (err) {
    if (err instanceof ContractError) {
      const issues = err.issues
        .slice(0, 5)
        .map((i) => `${i.path || "(document)"}${i.line ? ` (line ${i.line})` : ""}: ${i.message}`)
        .join("; ");
      throw new AppError("validation_failed", `${err.message}${issues ? ` — ${issues}` : ""}`, 422);
    }
    throw err;
  }
}

/** What a port-address claim needs from outside the database (see `claimPortAddress`). */
export type AddressContext = Omit<ClaimContext, "brokerTopics"> & {
  /** The broker's topics; asked only when a non-admin claims a new Kafka address. */
  listBrokerTopics: () => Promise<string[]>;
};

/**
 * Imports an ODCS v3 or DCS contract into a product: product docs, SLAs, terms, then each port
 * (created, or updated with a new schema version when its fields changed). All or nothing: one
 * transaction, and a port schema that breaks its compatibility mode refuses the whole import.
 * Each port's address is a claim (`claimPortAddress`), checked in the dry run too. Authorized
 * before the document is even parsed. With `dryRun` nothing is written and the preview says
 * what would change.
 */
export async function importContract(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
  yaml: string,
  dryRun: boolean,
  addresses: AddressContext,
): Promise<ContractImportResult> {
  const owned = await getEditableProduct(prisma, user, slug);
  if (yaml.trim() === "")
    throw new AppError("validation_failed", "The body must be a contract document (YAML)", 422);
  const { format, model: parsed } = parseOrThrow(yaml);
  if (parsed.id && parsed.id !== slug && format === "odcs") {
    throw new AppError("validation_failed", `id: the contract is for "${parsed.id}", not for "${slug}"`, 422);
  }
  // Every Kafka port lives on the portal's cluster, whatever server string the document gives.
  const model: ContractModel = {
    ...parsed,
    ports: parsed.ports.map((p) => {
      const { server, address } = normalizePortAddress(p, addresses.kafkaServer);
      return { ...p, server, address };
    }),
  };
  const existingPorts = await prisma.outputPort.findMany({
    where: { productId: owned.id },
    select: { name: true, type: true, address: true },
  });
  const claimsNewTopic = model.ports.some(
    (p) =>
      p.type === "KAFKA_TOPIC" &&
      !existingPorts.some((e) => e.name === p.name && e.type === p.type && e.address === p.address),
  );
  // Read before the transaction: no transaction stays open while Kafka answers.
  const brokerTopics = claimsNewTopic && !isAdmin(user) ? new Set(await addresses.listBrokerTopics()) : null;
  const claimContext: ClaimContext = {
    kafkaServer: addresses.kafkaServer,
    portalTopics: addresses.portalTopics,
    brokerTopics,
  };

  return prisma.$transaction(async (tx) => {
    await getEditableProduct(tx, user, slug);
    const product = await tx.dataProduct.findUniqueOrThrow({ where: { slug }, include: contractInclude });
    for (const incoming of model.ports) {
      const existing = product.outputPorts.find((p) => p.name === incoming.name);
      // A Kafka port that keeps its topic keeps its server string too: the cluster is the same
      // whatever the document calls it (so an export imported back changes nothing).
      if (
        existing &&
        incoming.type === "KAFKA_TOPIC" &&
        existing.type === "KAFKA_TOPIC" &&
        existing.address === incoming.address
      )
        incoming.server = existing.server;
      await claimPortAddress(
        tx,
        user,
        incoming,
        claimContext,
        existing && {
          portId: existing.id,
          type: existing.type,
          server: existing.server,
          address: existing.address,
        },
      );
    }
    const preview = previewImport(product, format, model);
    if (preview.violations.length > 0) {
      if (dryRun) return { applied: false, preview };
      throw new AppError("incompatible_schema", preview.violations.join(" "), 409);
    }
    if (dryRun) return { applied: false, preview };

    await tx.dataProduct.update({
      where: { id: product.id },
      data: {
        summary: model.product.summary || product.summary,
        description: model.product.description,
        tags: model.product.tags,
        serviceLevels: model.product.serviceLevels,
        termsOfUse: model.product.termsOfUse,
        contractExtras: {
          ...model.extras,
          version: model.version,
          ...(model.status ? { status: model.status } : {}),
        } as Prisma.InputJsonValue,
        revision: { increment: 1 },
      },
    });
    for (const incoming of model.ports) {
      const planned = preview.ports.find((p) => p.name === incoming.name)!;
      const data = {
        description: incoming.description,
        type: incoming.type,
        address: incoming.address,
        server: incoming.server,
        format: incoming.format,
        ...(incoming.compatibility ? { compatibility: incoming.compatibility } : {}),
      };
      const existing = product.outputPorts.find((p) => p.name === incoming.name);
      const port = existing
        ? await tx.outputPort.update({ where: { id: existing.id }, data })
        : await tx.outputPort.create({ data: { ...data, productId: product.id, name: incoming.name } });
      if (planned.schema.toVersion !== planned.schema.fromVersion) {
        const input = {
          format: "JSON_SCHEMA" as const,
          definition: incoming.schema,
          changeNote: `Imported from a ${format.toUpperCase()} contract`,
        };
        await insertSchemaVersion(tx, user, port, input, flattenSchema("JSON_SCHEMA", incoming.schema));
      }
    }
    await recordChange(tx, {
      actorId: user.id,
      action: "contract.imported",
      subjectType: "data_product",
      subjectId: product.id,
      productId: product.id,
      data: {
        slug,
        format,
        version: model.version,
        ports: preview.ports.map((p) => ({ name: p.name, action: p.action })),
      },
    });
    return { applied: true, preview };
  });
}
