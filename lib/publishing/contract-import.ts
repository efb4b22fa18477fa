import "server-only";
/**
 * Importing a data contract (ODCS v3.0/v3.1, or DCS) onto one output port of a product.
 *
 * The port: the one whose contract has the document's `id`; else the one at the address a schema
 * object names (`physicalName`, Kafka normalized onto the portal's cluster); else the caller's
 * choice (`port`: a port id, or "new" — a new port made by the publishing rules, policies and the
 * topic-ownership rule included). The dry run says which, or lists the candidates.
 *
 * A contract changes only its port and its contract, never the product (ODPS does that). Absent
 * keys keep what is stored; explicit empty values clear it (`mergeContractDocument`). All or
 * nothing: one transaction; a schema breaking the port's compatibility refuses the import.
 */
import { isAdmin, type CurrentUser } from "@/lib/auth/types";
import type { AddressContext } from "@/lib/catalog/contract-io";
import type { ContractMatch, ContractPreview, ContractImportResult } from "@/lib/catalog/dto";
import { claimPortAddress, normalizePortAddress } from "@/lib/catalog/port-address";
import {
  contractPortInclude,
  contractSourceOf,
  recordContractVersion,
  storedContractOf,
  type ContractPortRow,
} from "@/lib/catalog/port-contracts";
import { getEditableProduct } from "@/lib/catalog/queries";
import { checkCompatibility, describeViolations, diffFields } from "@/lib/catalog/schema-compat";
import { flattenSchema } from "@/lib/catalog/schema-flatten";
import { insertSchemaVersion, toFlatField } from "@/lib/catalog/schema-versions";
import { ContractError } from "@/lib/contracts";
import { deepEqual } from "@/lib/contracts/json";
import {
  mergeContractDocument,
  objectForPort,
  portContractDocument,
  readContractDocument,
  type ContractDocument,
} from "@/lib/contracts/port-contract";
import { AppError } from "@/lib/core/errors";
import { recordChange } from "@/lib/events/record";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { PortType } from "@/lib/generated/prisma/enums";
import { addPort } from "./ports";
import { PortCreateSchema, slugify } from "./schemas";
import { lockProduct } from "./provisioning";

export interface ImportOptions {
  dryRun: boolean;
  /** A port id of the product, or "new": used when neither the contract id nor an address matches. */
  port?: string;
}

function readOrThrow(yaml: string): ContractDocument {
  if (yaml.trim() === "")
    throw new AppError("validation_failed", "The body must be a contract document (YAML)", 422);
  try {
    const doc = readContractDocument(yaml);
    if (doc.id !== null && doc.id.length > 255)
      throw new AppError("validation_failed", "id: a contract id has at most 255 characters", 422);
    return doc;
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

const show = (v: unknown) =>
  v === undefined || v === null || v === "" ? "—" : typeof v === "string" ? v : JSON.stringify(v);

/** Keys the export fills in from the product and port when the contract does not state them. */
const FILLED_IN = new Set(["description", "name", "tags", "slaProperties"]);

interface Plan {
  preview: ContractPreview;
  port: ContractPortRow | null;
  objectIndex: number | null;
  /** The port's new schema breaks its compatibility mode (409, not 422). */
  incompatible: boolean;
  /** The document's top-level keys that change something (repeats of the export left out). */
  patch: Record<string, unknown>;
  /** Normalized address of the port's object (when the object names one). */
  address: { type: PortType; server: string; address: string } | null;
  schemaChanged: boolean;
}

type Ports = ContractPortRow[];

async function findMatch(
  db: PrismaClient | Prisma.TransactionClient,
  productId: string,
  ports: Ports,
  doc: ContractDocument,
  kafkaServer: string,
  chosen: string | undefined,
): Promise<{ by: ContractMatch; port: ContractPortRow | null } | null> {
  const owner = doc.id
    ? await db.dataContract.findUnique({
        where: { contractId: doc.id },
        select: { portId: true, port: { select: { productId: true } } },
      })
    : null;
  if (owner && owner.port.productId !== productId)
    throw AppError.conflict(`id: the contract "${doc.id}" belongs to another data product's port`);
  const byId = owner ? ports.find((p) => p.id === owner.portId) : undefined;
  if (chosen === "new") {
    if (byId) throw AppError.conflict(`id: the contract "${doc.id}" is already port "${byId.name}"'s`);
    return { by: "new-port", port: null };
  }
  if (chosen) {
    const port = ports.find((p) => p.id === chosen);
    if (!port) throw AppError.notFound(`Output port "${chosen}" of this product`);
    if (byId && byId.id !== port.id)
      throw AppError.conflict(`id: the contract "${doc.id}" is port "${byId.name}"'s, not "${port.name}"'s`);
    return { by: byId ? "contract-id" : "chosen", port };
  }
  if (byId) return { by: "contract-id", port: byId };
  for (const object of doc.objects) {
    if (!object.address) continue;
    let key: string;
    try {
      key = normalizePortAddress(object, kafkaServer).key;
    } catch {
      continue;
    }
    const port = ports.find((p) => {
      try {
        return normalizePortAddress(p, kafkaServer).key === key;
      } catch {
        return false;
      }
    });
    if (port) return { by: "address", port };
  }
  return null;
}

function plan(
  doc: ContractDocument,
  format: "odcs" | "dcs",
  ports: Ports,
  match: Awaited<ReturnType<typeof findMatch>>,
  kafkaServer: string,
): Plan {
  const candidates = ports.map((p) => ({ id: p.id, name: p.name, type: p.type, address: p.address }));
  const violations: string[] = [];
  const base = { format, contractId: doc.id, candidates, violations };
  if (!match) {
    violations.push(
      "No output port matches the contract by its id or the topic/table it names: choose a port, or a new one (API: ?port=<portId> or ?port=new)",
    );
    return {
      preview: { ...base, match: null, contract: [], port: null },
      port: null,
      objectIndex: null,
      address: null,
      schemaChanged: false,
      incompatible: false,
      patch: {},
    };
  }
  const port = match.port;
  const objectIndex = port ? objectForPort(doc, port.address) : doc.objects.length > 0 ? 0 : null;
  const object = objectIndex === null ? undefined : doc.objects[objectIndex];
  const raw = objectIndex === null ? undefined : doc.rawObjects[objectIndex];
  if (!port && !object)
    violations.push(
      "A new port needs a schema object in the contract (its name, physicalName and properties)",
    );
  if (port && !object && doc.objects.length > 1)
    violations.push(
      `None of the contract's ${doc.objects.length} schema objects is at the port's address ${port.address}`,
    );

  let address: Plan["address"] = null;
  if (object?.address) {
    // An address the broker or a database would refuse is bad input (422), in the dry run too.
    const n = normalizePortAddress(object, kafkaServer);
    address = { type: n.type, server: n.server, address: n.address };
  }

  // Contract-level changes.
  const stored = port ? storedContractOf(port) : null;
  const contract: ContractPreview["contract"] = [];
  const compare = (field: string, before: unknown, after: unknown) => {
    if (!deepEqual(before, after)) contract.push({ field, before: show(before), after: show(after) });
  };
  compare("id", stored?.contractId, doc.id ?? stored?.contractId ?? "(new id)");
  compare("version", stored?.version, doc.version ?? stored?.version ?? "1.0.0");
  compare("status", stored?.status, doc.status ?? stored?.status);
  // What the document repeats of the contract as exported (values Meshport fills in from the
  // product included) is no change: an export imported back changes nothing.
  const exported = port ? portContractDocument(contractSourceOf(port)) : {};
  const patch = Object.fromEntries(Object.entries(doc.patch).filter(([k, v]) => !deepEqual(v, exported[k])));
  const mergedDocument = mergeContractDocument(stored?.document ?? {}, patch);
  for (const key of [
    ...new Set([...Object.keys(stored?.document ?? {}), ...Object.keys(mergedDocument)]),
  ].sort())
    // "Before" is what the contract showed: the stored value, else what the export filled in.
    compare(
      key,
      stored?.document[key] ?? exported[key],
      mergedDocument[key] ?? (FILLED_IN.has(key) ? "(filled in from the product and port)" : undefined),
    );
  if (doc.rawObjects.length > 1) {
    const others = doc.rawObjects.filter((_, i) => i !== objectIndex);
    compare("schema (other objects)", stored?.document.schema, others);
  }

  if (!port) {
    return {
      preview: {
        ...base,
        match: {
          by: "new-port",
          portId: null,
          portName: object?.name ?? "",
          address: address?.address ?? "",
        },
        contract,
        port: object
          ? {
              action: "create",
              changes: [`${object.type} at ${address?.address ?? object.address}`],
              schema: {
                fromVersion: null,
                toVersion: 1,
                changes: diffFields([], flattenSchema("JSON_SCHEMA", object.schema)),
              },
            }
          : null,
      },
      port: null,
      objectIndex,
      address,
      schemaChanged: true,
      incompatible: false,
      patch,
    };
  }

  const changes: string[] = [];
  if (raw && Object.hasOwn(raw, "description") && (object?.description ?? "") !== port.description)
    changes.push(`description: ${show(port.description)} → ${show(object?.description)}`);
  if (address && match.by === "chosen" && (address.address !== port.address || address.type !== port.type)) {
    // The caller chose the port for the contract: the document does not move it.
    changes.push(`physicalName ${address.address} not applied: the port stays at ${port.address}`);
    address = null;
  } else if (address && (address.address !== port.address || address.type !== port.type)) {
    changes.push(`address: ${port.address} → ${address.address}`);
    if (port.type === "KAFKA_TOPIC" && port.state !== "DRAFT")
      violations.push(
        `Port ${port.name} is live on ${port.address}: it keeps its topic (a breaking change is a new major: "Create v2 of this port")`,
      );
  }
  if (object?.compatibility && object.compatibility !== port.compatibility)
    changes.push(`compatibility: ${port.compatibility} → ${object.compatibility}`);

  // The schema changes when the document's object renders differently from the port's own
  // (fields, or what rides along: quality rules, classifications, examples …).
  const before = port.schemaVersions[0]?.fields.map(toFlatField) ?? [];
  let schemaChanged = false;
  let incompatible = false;
  let fieldChanges: ReturnType<typeof diffFields> = [];
  const currentVersion = port.schemaVersions[0]?.version ?? null;
  if (object && raw && Object.hasOwn(raw, "properties")) {
    const source = contractSourceOf(port);
    const current = portContractDocument(source).schema as unknown[];
    const incoming = portContractDocument({ ...source, port: { ...source.port, schema: object.schema } })
      .schema as unknown[];
    schemaChanged = !deepEqual(current[0], incoming[0]);
    if (schemaChanged) {
      const after = flattenSchema("JSON_SCHEMA", object.schema);
      fieldChanges = diffFields(before, after);
      const mode = object.compatibility ?? port.compatibility;
      if (currentVersion !== null) {
        const broken = checkCompatibility(mode, before, after);
        if (broken.length > 0) {
          incompatible = true;
          violations.push(`Port ${port.name}: ${describeViolations(mode, broken, currentVersion + 1)}`);
        }
      }
    }
  }
  return {
    preview: {
      ...base,
      match: { by: match.by, portId: port.id, portName: port.name, address: port.address },
      contract,
      port: {
        action: changes.length > 0 || schemaChanged ? "update" : "unchanged",
        changes,
        schema: {
          fromVersion: currentVersion,
          toVersion: schemaChanged ? (currentVersion ?? 0) + 1 : currentVersion,
          changes: fieldChanges,
        },
      },
    },
    port,
    objectIndex,
    address,
    schemaChanged,
    incompatible,
    patch,
  };
}

/** The other schema objects of a multi-object document, kept with the contract (exported after the port's). */
function documentFor(
  doc: ContractDocument,
  patch: Record<string, unknown>,
  storedDocument: Record<string, unknown>,
  objectIndex: number | null,
) {
  const merged = mergeContractDocument(storedDocument, patch);
  const others = doc.rawObjects.filter((_, i) => i !== objectIndex);
  if (others.length > 0) merged.schema = others;
  else if (doc.rawObjects.length > 0) delete merged.schema;
  return merged as Prisma.InputJsonObject;
}

/**
 * Imports a contract onto one port of `slug` (see the file comment). Authorized before the
 * document is parsed; with `dryRun` nothing is written and the preview says what would change.
 */
export async function importContract(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
  yaml: string,
  options: ImportOptions,
  addresses: AddressContext,
): Promise<ContractImportResult> {
  const owned = await getEditableProduct(prisma, user, slug);
  const doc = readOrThrow(yaml);
  const format = doc.format;
  const loadPorts = (db: PrismaClient | Prisma.TransactionClient) =>
    db.outputPort.findMany({
      where: { productId: owned.id },
      orderBy: { name: "asc" },
      include: contractPortInclude,
    });

  const ports = await loadPorts(prisma);
  const match = await findMatch(prisma, owned.id, ports, doc, addresses.kafkaServer, options.port);
  const planned = plan(doc, format, ports, match, addresses.kafkaServer);
  // The address is a claim (topic ownership): checked first, in the dry run too, for a new port
  // before the mesh policies (its refusal names the address).
  const claims =
    planned.address !== null &&
    (planned.port
      ? planned.address.address !== planned.port.address
      : planned.preview.match?.by === "new-port");
  if (claims) await checkClaim(prisma, user, planned, addresses);
  if (options.dryRun || planned.preview.violations.length > 0) {
    if (options.dryRun) return { applied: false, preview: planned.preview };
    if (planned.incompatible)
      throw new AppError("incompatible_schema", planned.preview.violations.join(" "), 409);
    throw new AppError("validation_failed", planned.preview.violations.join(" "), 422);
  }

  // A new port: the publishing rules make it (policies, naming, topic ownership, provisioning).
  if (!planned.port) {
    const object = doc.objects[planned.objectIndex!]!;
    const storedDocument = documentFor(doc, planned.patch, {}, planned.objectIndex);
    // A port name is lowercase with dashes: "seller_payments_v1" becomes "seller-payments-v1".
    const common = { name: slugify(object.name) || object.name, description: object.description };
    const input =
      object.type === "KAFKA_TOPIC"
        ? {
            type: "KAFKA_TOPIC" as const,
            ...common,
            address: planned.address?.address,
            partitions: 3,
            retentionHours: 168,
            cleanupPolicy: "DELETE" as const,
            keyDescription: "",
            schema: {
              format: "JSON_SCHEMA" as const,
              definition: object.schema,
              compatibility: object.compatibility ?? ("BACKWARD" as const),
              classifications: {},
            },
          }
        : {
            type: object.type,
            ...common,
            address: planned.address?.address ?? object.address,
            server: planned.address?.server ?? object.server,
            format: object.format,
          };
    // A token making a port needs what the ports route needs.
    if (user.credential?.kind === "token" && !user.credential.scopes.includes("catalog:publish"))
      throw AppError.forbidden('A new port needs the "catalog:publish" scope');
    // The port as the ports route would take it (name, address, description, topic settings).
    const parsed = PortCreateSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new AppError(
        "validation_failed",
        `schema[${planned.objectIndex}]: ${issue.path.join(".")}: ${issue.message}`,
        422,
      );
    }
    const result = await addPort(prisma, user, slug, parsed.data, addresses, undefined, {
      ...(doc.id ? { contractId: doc.id } : {}),
      ...(doc.version ? { version: doc.version } : {}),
      ...(doc.status ? { status: doc.status } : {}),
      document: storedDocument,
      changeNote: `Imported from ${format === "odcs" ? "an ODCS" : "a DCS"} contract`,
    });
    const preview = { ...planned.preview, match: { ...planned.preview.match!, portId: result.id } };
    await prisma.$transaction((tx) =>
      recordChange(tx, {
        actorId: user.id,
        action: "contract.imported",
        subjectType: "output_port",
        subjectId: result.id,
        productId: owned.id,
        data: { slug, format, contractId: doc.id, port: object.name, match: "new-port" },
      }),
    );
    return { applied: true, preview };
  }

  const brokerTopics = await brokerTopicsIfNeeded(user, planned, addresses);
  return prisma.$transaction(async (tx) => {
    await lockProduct(tx, owned.id);
    await getEditableProduct(tx, user, slug);
    // Read again under the lock: what the plan saw may have changed since.
    const fresh = await loadPorts(tx);
    const again = plan(
      doc,
      format,
      fresh,
      await findMatch(tx, owned.id, fresh, doc, addresses.kafkaServer, options.port),
      addresses.kafkaServer,
    );
    if (again.preview.violations.length > 0)
      throw new AppError(
        "conflict",
        `The product changed meanwhile: ${again.preview.violations.join(" ")}`,
        409,
      );
    const port = again.port!;
    const object = again.objectIndex === null ? undefined : doc.objects[again.objectIndex];
    const raw = again.objectIndex === null ? undefined : doc.rawObjects[again.objectIndex];
    const data: Prisma.OutputPortUpdateInput = {};
    if (raw && Object.hasOwn(raw, "description")) {
      const description = object?.description ?? "";
      if (description.length > 1000)
        throw new AppError(
          "validation_failed",
          "schema: a port's description has at most 1,000 characters",
          422,
        );
      data.description = description;
    }
    if (object?.compatibility) data.compatibility = object.compatibility;
    if (again.address && (again.address.address !== port.address || again.address.type !== port.type)) {
      const claim = await claimPortAddress(
        tx,
        user,
        again.address,
        { kafkaServer: addresses.kafkaServer, portalTopics: addresses.portalTopics, brokerTopics },
        { portId: port.id, type: port.type, server: port.server, address: port.address },
      );
      Object.assign(data, { type: claim.type, address: claim.address, server: claim.server });
    }
    const updated =
      Object.keys(data).length > 0 ? await tx.outputPort.update({ where: { id: port.id }, data }) : port;
    const stored = storedContractOf(port);
    const contract = {
      contractId: doc.id ?? stored.contractId,
      version: doc.version ?? stored.version,
      status: doc.status ?? stored.status,
      document: documentFor(doc, again.patch, stored.document, again.objectIndex),
    };
    await tx.dataContract.upsert({
      where: { portId: port.id },
      create: { portId: port.id, ...contract, revision: 0 },
      update: contract,
    });
    const note = `Imported from ${format === "odcs" ? "an ODCS" : "a DCS"} contract`;
    if (again.schemaChanged && object) {
      await insertSchemaVersion(
        tx,
        user,
        updated,
        { format: "JSON_SCHEMA", definition: object.schema, changeNote: note },
        flattenSchema("JSON_SCHEMA", object.schema),
      );
    } else {
      await recordContractVersion(tx, port.id, user.id, note);
    }
    await recordChange(tx, {
      actorId: user.id,
      action: "contract.imported",
      subjectType: "output_port",
      subjectId: port.id,
      productId: owned.id,
      data: {
        slug,
        format,
        contractId: contract.contractId,
        version: contract.version,
        port: port.name,
        match: again.preview.match?.by ?? null,
      },
    });
    return { applied: true, preview: again.preview };
  });
}

async function brokerTopicsIfNeeded(user: CurrentUser, planned: Plan, addresses: AddressContext) {
  const claimsTopic =
    planned.address?.type === "KAFKA_TOPIC" &&
    (!planned.port || planned.address.address !== planned.port.address);
  return claimsTopic && !isAdmin(user) ? new Set(await addresses.listBrokerTopics()) : null;
}

/** The address check ahead of the work: the same claim, in a transaction rolled back. */
async function checkClaim(prisma: PrismaClient, user: CurrentUser, planned: Plan, addresses: AddressContext) {
  const brokerTopics = await brokerTopicsIfNeeded(user, planned, addresses);
  const port = planned.port;
  class DryRun extends Error {}
  try {
    await prisma.$transaction(async (tx) => {
      await claimPortAddress(
        tx,
        user,
        planned.address!,
        { kafkaServer: addresses.kafkaServer, portalTopics: addresses.portalTopics, brokerTopics },
        port ? { portId: port.id, type: port.type, server: port.server, address: port.address } : undefined,
      );
      throw new DryRun();
    });
  } catch (err) {
    if (!(err instanceof DryRun)) throw err;
  }
}
