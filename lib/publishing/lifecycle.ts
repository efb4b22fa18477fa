import "server-only";
/**
 * A product's lifecycle as its owners move it: publish (every mesh policy first; then the Kafka
 * ports are provisioned), deprecate (sunset, message, successor; grants end at the sunset at the
 * latest), retire (every live grant revoked, the owner's write bindings removed, topics kept).
 */
import { completeRevocation } from "@/lib/access/mutations";
import { grantSourceStatuses } from "@/lib/access/state-machine";
import { isAdmin, type CurrentUser } from "@/lib/auth/types";
import { toProductDto } from "@/lib/catalog/dto";
import { getDataProductOrThrow, getEditableProduct } from "@/lib/catalog/queries";
import { canSeeProduct } from "@/lib/catalog/permissions";
import { AppError } from "@/lib/core/errors";
import { recordChange } from "@/lib/events/record";
import { syncContractStatuses } from "@/lib/catalog/port-contracts";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { describeViolations, evaluatePolicies } from "@/lib/governance/policies";
import { policyInputOf } from "@/lib/governance/product-report";
import { getPolicySet } from "@/lib/governance/queries";
import { ownerAcls } from "./acls";
import type { LifecycleResult } from "./dto";
import { canRetireBeforeSunset } from "./permissions";
import { completePortRetirement, lockProduct, portStateOf, provisionPort } from "./provisioning";
import type { LifecycleChange } from "./schemas";
import { checkLifecycleChange, lifecycleSources, portSourceStates } from "./state-machine";
import { utcMinute } from "@/lib/core/time";

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 300);

async function result(prisma: PrismaClient, slug: string): Promise<LifecycleResult> {
  const product = await prisma.dataProduct.findUniqueOrThrow({
    where: { slug },
    include: { outputPorts: { orderBy: { name: "asc" } } },
  });
  return { slug, lifecycle: product.lifecycle, ports: product.outputPorts.map(portStateOf) };
}

export async function changeLifecycle(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
  change: LifecycleChange,
): Promise<LifecycleResult> {
  const product = await getEditableProduct(prisma, user, slug);
  checkLifecycleChange(product.lifecycle, change.to, isAdmin(user));
  switch (change.to) {
    case "ACTIVE":
      return product.lifecycle === "DEPRECATED"
        ? withdrawDeprecation(prisma, user, slug)
        : publish(prisma, user, slug);
    case "DEPRECATED":
      return deprecate(prisma, user, slug, change);
    case "RETIRED":
      return retire(prisma, user, slug);
  }
}

/**
 * Publishing: every mesh policy is checked on the product as it is (422 listing all violations);
 * then one transaction makes it ACTIVE and its draft ports PROVISIONING (Kafka, with the owner
 * team's bindings stored) or ACTIVE (tables, files); then each Kafka port is provisioned.
 */
async function publish(prisma: PrismaClient, user: CurrentUser, slug: string): Promise<LifecycleResult> {
  const { toProvision } = await prisma.$transaction(async (tx) => {
    // Locked, then checked as it is: no port changes between the policy check and the commit.
    const { id } = await tx.dataProduct.findUniqueOrThrow({ where: { slug }, select: { id: true } });
    await lockProduct(tx, id);
    const detail = toProductDto(await getDataProductOrThrow(tx, user, slug));
    const policies = await getPolicySet(tx);
    const violations = evaluatePolicies(policies.rules, policyInputOf(detail));
    if (violations.length > 0)
      throw new AppError(
        "policy_violation",
        `Publishing is refused by ${violations.length} mesh polic${violations.length === 1 ? "y" : "ies"}:\n${describeViolations(violations)}`,
        422,
        {},
        violations,
      );
    const product = await tx.dataProduct.findUniqueOrThrow({
      where: { slug },
      include: { ownerTeam: true, outputPorts: true },
    });
    const moved = await tx.dataProduct.updateMany({
      where: { id: product.id, lifecycle: { in: [...lifecycleSources("ACTIVE", false)] } },
      data: {
        lifecycle: "ACTIVE",
        publishedAt: product.publishedAt ?? new Date(),
        revision: { increment: 1 },
      },
    });
    if (moved.count === 0)
      throw AppError.conflict("The product changed a moment ago: reload and publish again");
    const ports: string[] = [];
    for (const port of product.outputPorts.filter((p) => portSourceStates("publish").includes(p.state))) {
      const kafka = port.type === "KAFKA_TOPIC";
      await tx.outputPort.update({
        where: { id: port.id },
        data: kafka
          ? { state: "PROVISIONING", ownerAcls: ownerAcls(product.ownerTeam.kafkaPrincipal, port.address) }
          : { state: "ACTIVE", provisionedAt: new Date() },
      });
      if (kafka) ports.push(port.id);
    }
    await syncContractStatuses(tx, product.id, "ACTIVE", user.id);
    await recordChange(tx, {
      actorId: user.id,
      action: "product.published",
      subjectType: "data_product",
      subjectId: product.id,
      productId: product.id,
      data: {
        slug,
        policyVersion: policies.version,
        principal: product.ownerTeam.kafkaPrincipal,
        ports: product.outputPorts.map((p) => p.name),
      },
    });
    return { toProvision: ports };
  });
  await Promise.all(toProvision.map((id) => provisionPort(prisma, id, user.id)));
  return result(prisma, slug);
}

async function withdrawDeprecation(prisma: PrismaClient, user: CurrentUser, slug: string) {
  await prisma.$transaction(async (tx) => {
    const product = await getEditableProduct(tx, user, slug);
    const moved = await tx.dataProduct.updateMany({
      where: { id: product.id, lifecycle: "DEPRECATED" },
      data: { lifecycle: "ACTIVE", sunsetAt: null, deprecationMessage: "", successorId: null },
    });
    if (moved.count === 0) throw AppError.conflict("The product changed a moment ago");
    await syncContractStatuses(tx, product.id, "ACTIVE", user.id);
    await recordChange(tx, {
      actorId: user.id,
      action: "product.deprecation_withdrawn",
      subjectType: "data_product",
      subjectId: product.id,
      productId: product.id,
      data: { slug },
    });
  });
  return result(prisma, slug);
}

/**
 * Deprecation: a sunset in the future, a message, maybe a successor (a published product the
 * caller can see). Grants on its ports end at the sunset at the latest (their expiry is capped);
 * new requests are refused from now on.
 */
async function deprecate(
  prisma: PrismaClient,
  user: CurrentUser,
  slug: string,
  change: Extract<LifecycleChange, { to: "DEPRECATED" }>,
): Promise<LifecycleResult> {
  const sunsetAt = new Date(change.sunsetAt);
  if (sunsetAt.getTime() <= Date.now())
    throw new AppError("validation_failed", "sunsetAt: must be in the future", 422);
  await prisma.$transaction(async (tx) => {
    const product = await getEditableProduct(tx, user, slug);
    let successorId: string | null = null;
    if (change.successor) {
      const successor = await tx.dataProduct.findUnique({ where: { slug: change.successor } });
      if (!successor || !canSeeProduct(user, successor))
        throw new AppError("validation_failed", `successor: no data product "${change.successor}"`, 422);
      if (successor.id === product.id)
        throw new AppError("validation_failed", "successor: a product cannot succeed itself", 422);
      if (successor.lifecycle !== "ACTIVE" && successor.lifecycle !== "EXPERIMENTAL")
        throw new AppError(
          "validation_failed",
          `successor: "${successor.slug}" is ${successor.lifecycle.toLowerCase()}; name a published product`,
          422,
        );
      successorId = successor.id;
    }
    const moved = await tx.dataProduct.updateMany({
      where: { id: product.id, lifecycle: { in: [...lifecycleSources("DEPRECATED", false)] } },
      data: { lifecycle: "DEPRECATED", sunsetAt, deprecationMessage: change.message, successorId },
    });
    if (moved.count === 0) throw AppError.conflict("The product changed a moment ago");
    const capped = await tx.grant.updateMany({
      where: {
        port: { productId: product.id },
        status: { in: ["PROVISIONING", "ACTIVE", "FAILED"] },
        expiresAt: { gt: sunsetAt },
      },
      data: { expiresAt: sunsetAt },
    });
    await syncContractStatuses(tx, product.id, "DEPRECATED", user.id);
    await recordChange(tx, {
      actorId: user.id,
      action: "product.deprecated",
      subjectType: "data_product",
      subjectId: product.id,
      productId: product.id,
      data: {
        slug,
        sunsetAt: sunsetAt.toISOString(),
        message: change.message,
        successor: change.successor ?? null,
        grantsEndingAtSunset: capped.count,
      },
    });
  });
  return result(prisma, slug);
}

/**
 * Retirement, at or after the sunset (admins: any time): every live grant on its ports is revoked
 * (their ACLs removed), pending requests are declined, the owner team's write bindings removed.
 * Topics are not deleted: the data stays. What the broker does not finish now, the sweep does.
 */
async function retire(prisma: PrismaClient, user: CurrentUser, slug: string): Promise<LifecycleResult> {
  const { grants, ports } = await prisma.$transaction(async (tx) => {
    const product = await getEditableProduct(tx, user, slug);
    await lockProduct(tx, product.id);
    if (!canRetireBeforeSunset(user) && (!product.sunsetAt || product.sunsetAt.getTime() > Date.now()))
      throw AppError.conflict(
        product.sunsetAt
          ? `Retire at or after the announced sunset (${utcMinute(product.sunsetAt.toISOString())} UTC); admins may retire earlier`
          : "Deprecate the product with a sunset date first",
      );
    const moved = await tx.dataProduct.updateMany({
      where: { id: product.id, lifecycle: { in: [...lifecycleSources("RETIRED", isAdmin(user))] } },
      data: { lifecycle: "RETIRED", retiredAt: new Date() },
    });
    if (moved.count === 0) throw AppError.conflict("The product changed a moment ago");
    const declined = await tx.accessRequest.updateMany({
      where: { port: { productId: product.id }, status: "PENDING" },
      data: {
        status: "DENIED",
        decidedById: user.id,
        decidedAt: new Date(),
        decisionReason: "The data product was retired",
      },
    });
    const grants = await tx.grant.findMany({
      where: { port: { productId: product.id }, status: { in: [...grantSourceStatuses("revoke")] } },
      select: { id: true },
    });
    await tx.grant.updateMany({
      where: { id: { in: grants.map((g) => g.id) }, status: { in: [...grantSourceStatuses("revoke")] } },
      data: { status: "REVOKING", revokedById: user.id },
    });
    const ports = await tx.outputPort.findMany({
      where: { productId: product.id, state: { in: [...portSourceStates("retire"), "DRAFT"] } },
      select: { id: true, state: true, type: true },
    });
    for (const port of ports) {
      const bound = port.type === "KAFKA_TOPIC" && port.state !== "DRAFT";
      await tx.outputPort.update({
        where: { id: port.id },
        data: { state: bound ? "RETIRING" : "RETIRED" },
      });
    }
    await syncContractStatuses(tx, product.id, "RETIRED", user.id);
    await recordChange(tx, {
      actorId: user.id,
      action: "product.retired",
      subjectType: "data_product",
      subjectId: product.id,
      productId: product.id,
      data: { slug, grantsRevoked: grants.length, requestsDeclined: declined.count },
    });
    return { grants, ports: ports.filter((p) => p.type === "KAFKA_TOPIC" && p.state !== "DRAFT") };
  });
  for (const grant of grants)
    await completeRevocation(prisma, grant.id, user.id).catch((err: unknown) =>
      console.warn(`[retire] grant ${grant.id} stays revoking for the sweep: ${errorText(err)}`),
    );
  for (const port of ports)
    await completePortRetirement(prisma, port.id, user.id).catch((err: unknown) =>
      console.warn(`[retire] port ${port.id} stays retiring for the sweep: ${errorText(err)}`),
    );
  return result(prisma, slug);
}
