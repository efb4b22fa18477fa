import "server-only";
/**
 * Input ports: a product declares what it reads. Allowed when its owner team owns the port or
 * holds an active grant on it — otherwise the team requests access first. Lineage reads input
 * ports directly, so it shows the edge at once.
 */
import type { CurrentUser } from "@/lib/auth/types";
import { getEditableProduct } from "@/lib/catalog/queries";
import { canSeeProduct } from "@/lib/catalog/permissions";
import { AppError } from "@/lib/core/errors";
import { recordChange } from "@/lib/events/record";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { InputPortResult } from "./dto";
import { mayDeclareInput } from "./permissions";

export async function declareInputPort(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
  portId: string,
): Promise<InputPortResult> {
  return prisma.$transaction(async (tx) => {
    const product = await getEditableProduct(tx, user, slug);
    if (product.lifecycle === "RETIRED") throw AppError.conflict("A retired product reads nothing new");
    const port = await tx.outputPort.findUnique({
      where: { id: portId },
      include: {
        product: { select: { id: true, slug: true, name: true, lifecycle: true, ownerTeamId: true } },
      },
    });
    if (!port || !canSeeProduct(user, port.product)) throw AppError.notFound("Output port");
    if (port.product.id === product.id) throw AppError.conflict("A product does not read its own port");
    const grants = await tx.grant.findMany({
      where: { portId, teamId: product.ownerTeamId, status: "ACTIVE" },
      select: { teamId: true },
    });
    if (
      !mayDeclareInput(
        product,
        port.product,
        grants.map((g) => g.teamId),
      )
    )
      throw AppError.forbidden(
        `The owner team holds no active grant on "${port.name}" of ${port.product.name}: request access first (/products/${port.product.slug}#access-${port.id})`,
      );
    const existing = await tx.inputPort.findUnique({
      where: { productId_outputPortId: { productId: product.id, outputPortId: portId } },
    });
    if (existing && !existing.flaggedAt)
      throw AppError.conflict("The product already declares this input port");
    if (existing) {
      await tx.inputPort.update({ where: { id: existing.id }, data: { flaggedAt: null, flagReason: null } });
    } else {
      await tx.inputPort.create({ data: { productId: product.id, outputPortId: portId } });
    }
    await recordChange(tx, {
      actorId: user.id,
      action: "input_port.declared",
      subjectType: "data_product",
      subjectId: product.id,
      productId: product.id,
      data: { slug, portId, port: port.name, from: port.product.slug },
    });
    return { product: slug, portId, declared: true };
  });
}

export async function removeInputPort(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
  portId: string,
): Promise<InputPortResult> {
  return prisma.$transaction(async (tx) => {
    const product = await getEditableProduct(tx, user, slug);
    const deleted = await tx.inputPort.deleteMany({ where: { productId: product.id, outputPortId: portId } });
    if (deleted.count === 0) throw AppError.notFound("Input port");
    await recordChange(tx, {
      actorId: user.id,
      action: "input_port.removed",
      subjectType: "data_product",
      subjectId: product.id,
      productId: product.id,
      data: { slug, portId },
    });
    return { product: slug, portId, declared: false };
  });
}
