import "server-only";
/** Schema versions of output ports: flattening, the compatibility check and the insert every writer shares. */
import { type CurrentUser } from "@/lib/auth/types";
import { AppError } from "@/lib/core/errors";
import { recordContractVersion } from "./port-contracts";
import { recordChange } from "@/lib/events/record";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { canEditProduct, canSeeProduct } from "./permissions";
import { checkCompatibility, describeViolations } from "./schema-compat";
import { flattenSchema } from "./schema-flatten";
import { type FlatField, type SchemaFormat } from "./schema-fields";
import type { Compatibility, SchemaVersionInput } from "./schemas";

type Tx = Prisma.TransactionClient;

export function toFlatField(f: {
  path: string;
  type: string;
  description: string;
  required: boolean;
  classification: FlatField["classification"];
  position: number;
}): FlatField {
  return {
    path: f.path,
    type: f.type,
    description: f.description,
    required: f.required,
    classification: f.classification,
    position: f.position,
  };
}

export function flattenOrThrow(format: SchemaFormat, definition: unknown): FlatField[] {
  const fields = flattenSchema(format, definition);
  if (fields.length === 0) {
    throw new AppError(
      "validation_failed",
      `definition: the ${format === "AVRO" ? "Avro record" : "JSON Schema"} defines no fields`,
      422,
    );
  }
  return fields;
}

/**
 * Adds the next schema version to a port after checking it against the port's compatibility
 * mode: a breaking version is refused (409 `incompatible_schema`) with a message naming the
 * offending fields. Two concurrent saves of the same next version: the unique (port, version)
 * key lets one win and the other gets 409.
 */
export async function insertSchemaVersion(
  tx: Tx,
  user: CurrentUser,
  port: { id: string; productId: string; compatibility: Compatibility },
  input: SchemaVersionInput,
  fields: FlatField[],
) {
  const current = await tx.schemaVersion.findFirst({
    where: { portId: port.id },
    orderBy: { version: "desc" },
    include: { fields: { orderBy: { position: "asc" } } },
  });
  const nextVersion = (current?.version ?? 0) + 1;
  if (current) {
    const violations = checkCompatibility(port.compatibility, current.fields.map(toFlatField), fields);
    if (violations.length > 0) {
      throw new AppError(
        "incompatible_schema",
        describeViolations(port.compatibility, violations, nextVersion),
        409,
      );
    }
  }
  const created = await tx.schemaVersion.create({
    data: {
      portId: port.id,
      version: nextVersion,
      format: input.format,
      definition: input.definition as Prisma.InputJsonValue,
      changeNote: input.changeNote,
      createdById: user.id,
      fields: {
        create: fields.map((f) => ({
          path: f.path,
          type: f.type,
          description: f.description,
          required: f.required,
          classification: f.classification,
          position: f.position,
        })),
      },
    },
  });
  await recordChange(tx, {
    actorId: user.id,
    action: "schema.version_added",
    subjectType: "output_port",
    subjectId: port.id,
    productId: port.productId,
    data: {
      version: nextVersion,
      format: input.format,
      fields: fields.length,
      changeNote: input.changeNote,
      // For consumers: would a reader of the previous version break (FORWARD), whatever the port's mode.
      breaking: current
        ? checkCompatibility("FORWARD", current.fields.map(toFlatField), fields).length > 0
        : false,
    },
  });
  // The contract describes the new schema from now on: its next version.
  await recordContractVersion(tx, port.id, user.id, input.changeNote || `Schema version ${nextVersion}`);
  return { portId: port.id, version: created.version };
}

export async function addSchemaVersion(
  prisma: PrismaClient,
  user: CurrentUser,
  portId: string,
  input: SchemaVersionInput,
) {
  const fields = flattenOrThrow(input.format, input.definition);
  return prisma.$transaction(async (tx) => {
    const port = await tx.outputPort.findUnique({ where: { id: portId }, include: { product: true } });
    if (!port || !canSeeProduct(user, port.product)) throw AppError.notFound("Output port");
    if (!canEditProduct(user, port.product))
      throw AppError.forbidden("Only the owner team's members and admins may change this port's schema");
    return insertSchemaVersion(tx, user, port, input, fields);
  });
}
