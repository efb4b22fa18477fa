import "server-only";
import { type CurrentUser } from "@/lib/auth/types";
import { AppError } from "@/lib/core/errors";
import { recordChange } from "@/lib/events/record";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { canManageTopics } from "./permissions";
import { contractStatusFor, createPortContract } from "./port-contracts";
import { claimPortAddress } from "./port-address";
import type { ProductUpdate, RegisterTopic } from "./schemas";
import { getEditableProduct } from "./queries";
import type { AddressContext } from "./contract-io";

export async function updateProduct(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
  input: ProductUpdate,
) {
  const { revision, ...changes } = input;
  return prisma.$transaction(async (tx) => {
    const product = await getEditableProduct(tx, user, slug);
    const updated = await tx.dataProduct.updateMany({
      where: { id: product.id, revision },
      data: { ...changes, revision: { increment: 1 } },
    });
    if (updated.count === 0) {
      throw AppError.conflict(
        `Someone else saved this product since you opened it (revision ${product.revision}, yours ${revision}). Your text is kept: review their change, then save again.`,
      );
    }
    await recordChange(tx, {
      actorId: user.id,
      action: "product.updated",
      subjectType: "data_product",
      subjectId: product.id,
      productId: product.id,
      data: { slug, fields: Object.keys(changes), revision: revision + 1 },
    });
    return { slug, revision: revision + 1 };
  });
}

export async function registerTopicPort(
  prisma: PrismaClient,
  user: CurrentUser,
  input: RegisterTopic,
  addresses: Omit<AddressContext, "listBrokerTopics">,
) {
  if (!canManageTopics(user)) throw AppError.forbidden("Only admins may register topics");
  return prisma.$transaction(async (tx) => {
    const product = await tx.dataProduct.findUnique({ where: { slug: input.productSlug } });
    if (!product) throw AppError.notFound(`Data product "${input.productSlug}"`);
    const claim = await claimPortAddress(
      tx,
      user,
      { type: "KAFKA_TOPIC", server: addresses.kafkaServer, address: input.topic },
      { ...addresses, brokerTopics: null },
    );
    const port = await tx.outputPort.create({
      data: {
        productId: product.id,
        name: input.name,
        description: input.description,
        type: "KAFKA_TOPIC",
        address: claim.address,
        server: claim.server,
        format: input.format,
        compatibility: input.compatibility,
      },
    });
    await createPortContract(tx, port, { status: contractStatusFor(product.lifecycle), actorId: user.id });
    await recordChange(tx, {
      actorId: user.id,
      action: "port.registered",
      subjectType: "output_port",
      subjectId: port.id,
      productId: product.id,
      data: { topic: claim.address, product: product.slug, name: input.name },
    });
    return { id: port.id, name: port.name, address: port.address, product: product.slug };
  });
}
