import "server-only";
import type { CurrentUser } from "@/lib/auth/types";
import { AppError } from "@/lib/core/errors";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { SchemaVersions } from "./dto";
import { canEditProduct, canManageTopics, canSeeProduct, type ProductViewer } from "./permissions";
import { visibleProductSql } from "./visibility";
import { toFlatField } from "./schema-versions";

/** A port's newest schema version with its fields in document order. */
export const currentSchemaVersion = {
  orderBy: { version: "desc" },
  take: 1,
  include: { fields: { orderBy: { position: "asc" } } },
} satisfies Prisma.OutputPort$schemaVersionsArgs;

const productDetailInclude = {
  domain: true,
  successor: { select: { slug: true, name: true } },
  ownerTeam: {
    include: {
      memberships: {
        include: { user: { select: { id: true, name: true, email: true } } },
        orderBy: { role: "desc" },
      },
    },
  },
  outputPorts: {
    orderBy: { name: "asc" },
    include: {
      schemaVersions: currentSchemaVersion,
      contract: { select: { contractId: true, version: true, status: true, checkStatus: true } },
      predecessor: { select: { id: true, name: true } },
      successor: { select: { id: true, name: true } },
      consumers: {
        include: {
          product: {
            select: {
              slug: true,
              name: true,
              kind: true,
              lifecycle: true,
              ownerTeamId: true,
              domain: { select: { slug: true, name: true } },
            },
          },
        },
      },
    },
  },
  inputPorts: {
    include: {
      outputPort: {
        select: {
          id: true,
          name: true,
          type: true,
          address: true,
          state: true,
          product: {
            select: {
              slug: true,
              name: true,
              kind: true,
              lifecycle: true,
              ownerTeamId: true,
              domain: { select: { slug: true, name: true } },
            },
          },
        },
      },
    },
  },
} satisfies Prisma.DataProductInclude;

type DataProductRow = Prisma.DataProductGetPayload<{ include: typeof productDetailInclude }>;
type PortRow = DataProductRow["outputPorts"][number];
export type DataProductDetail = Omit<DataProductRow, "outputPorts"> & {
  outputPorts: (PortRow & { _count: { schemaVersions: number } })[];
};

/**
 * Each port's number of schema versions, counted for these ports only: Prisma's `_count` in an
 * include aggregates the whole schema_versions table before joining (300 ms at a million products).
 */
async function withVersionCounts(
  prisma: PrismaClient | Prisma.TransactionClient,
  products: DataProductRow[],
): Promise<DataProductDetail[]> {
  const portIds = products.flatMap((p) => p.outputPorts.map((port) => port.id));
  const byPort = new Map<string, number>();
  // In slices: a bind parameter per port, and PostgreSQL takes at most 65,535 of them.
  for (let i = 0; i < portIds.length; i += 10_000) {
    const counts = await prisma.schemaVersion.groupBy({
      by: ["portId"],
      where: { portId: { in: portIds.slice(i, i + 10_000) } },
      _count: true,
    });
    for (const c of counts) byPort.set(c.portId, c._count);
  }
  return products.map((p) => ({
    ...p,
    outputPorts: p.outputPorts.map((port) => ({
      ...port,
      _count: { schemaVersions: byPort.get(port.id) ?? 0 },
    })),
  }));
}

/** A product with everything its page shows; 404 when it does not exist or `viewer` may not see it (a draft). */
export async function getDataProductOrThrow(
  prisma: PrismaClient | Prisma.TransactionClient,
  viewer: ProductViewer,
  slug: string,
): Promise<DataProductDetail> {
  const row = await prisma.dataProduct.findUnique({ where: { slug }, include: productDetailInclude });
  if (!row || !canSeeProduct(viewer, row)) throw AppError.notFound(`Data product "${slug}"`);
  const [product] = (await withVersionCounts(prisma, [row])) as [DataProductDetail];
  // Drafts on either side of an input port are the viewer's only if they may see them.
  return {
    ...product,
    outputPorts: product.outputPorts.map((port) => ({
      ...port,
      consumers: port.consumers.filter((c) => canSeeProduct(viewer, c.product)),
    })),
    inputPorts: product.inputPorts.filter((i) => canSeeProduct(viewer, i.outputPort.product)),
  };
}

/** Many products with everything their pages show (the governance page reads the published mesh). */
export async function listProductDetails(
  prisma: PrismaClient,
  where: Prisma.DataProductWhereInput,
): Promise<DataProductDetail[]> {
  return withVersionCounts(
    prisma,
    await prisma.dataProduct.findMany({ where, include: productDetailInclude, orderBy: { name: "asc" } }),
  );
}

/**
 * Domains with the number of products `viewer` may see in each: summed from
 * `domain_product_counts` (per domain, owner team and lifecycle, kept by a trigger) under the
 * same visibility rule as the products themselves, not counted product by product.
 */
export async function listDomains(prisma: PrismaClient, viewer: ProductViewer) {
  const [domains, counts] = await Promise.all([
    prisma.domain.findMany({
      orderBy: { name: "asc" },
      include: { teams: { select: { slug: true, name: true } } },
    }),
    prisma.$queryRaw<{ domain_id: string; n: bigint }[]>`
      SELECT p.domain_id, sum(p.n)::bigint AS n FROM domain_product_counts p
       WHERE ${visibleProductSql(viewer)} GROUP BY p.domain_id`,
  ]);
  const countOf = new Map(counts.map((c) => [c.domain_id, Number(c.n)]));
  return domains.map((d) => ({
    slug: d.slug,
    name: d.name,
    description: d.description,
    productCount: countOf.get(d.id) ?? 0,
    teams: d.teams,
  }));
}

export async function getEditableProduct(
  prisma: PrismaClient | Prisma.TransactionClient,
  user: CurrentUser,
  slug: string,
) {
  const product = await prisma.dataProduct.findUnique({ where: { slug } });
  if (!product || !canSeeProduct(user, product)) throw AppError.notFound(`Data product "${slug}"`);
  if (!canEditProduct(user, product))
    throw AppError.forbidden("Only the owner team's members and admins may change this product");
  return product;
}

/** A port's schema versions, newest first, with their fields; 404 when `viewer` may not see its product. */
export async function listSchemaVersions(
  prisma: PrismaClient,
  viewer: ProductViewer,
  portId: string,
): Promise<SchemaVersions> {
  const port = await prisma.outputPort.findUnique({
    where: { id: portId },
    include: {
      product: { select: { slug: true, name: true, lifecycle: true, ownerTeamId: true } },
      schemaVersions: {
        orderBy: { version: "desc" },
        include: { fields: { orderBy: { position: "asc" } }, createdBy: { select: { name: true } } },
      },
    },
  });
  if (!port || !canSeeProduct(viewer, port.product)) throw AppError.notFound("Output port");
  return {
    port: {
      id: port.id,
      name: port.name,
      compatibility: port.compatibility,
      product: { slug: port.product.slug, name: port.product.name },
    },
    versions: port.schemaVersions.map((v) => ({
      version: v.version,
      format: v.format,
      changeNote: v.changeNote,
      createdAt: v.createdAt.toISOString(),
      createdBy: v.createdBy?.name ?? null,
      definition: v.definition,
      fields: v.fields.map(toFlatField),
    })),
  };
}

// ─── Topic discovery ────────────────────────────────────────────────────────

export async function findUnregisteredTopics(
  prisma: PrismaClient,
  user: CurrentUser,
  brokerTopics: string[],
  ownTopics: readonly string[],
) {
  if (!canManageTopics(user)) throw AppError.forbidden("Only admins may browse the broker's topics");
  const registered = new Set(
    (await prisma.outputPort.findMany({ where: { type: "KAFKA_TOPIC" }, select: { address: true } })).map(
      (p) => p.address.trim(),
    ),
  );
  return brokerTopics
    .filter((t) => !t.startsWith("__") && !ownTopics.includes(t) && !registered.has(t))
    .sort((a, b) => a.localeCompare(b));
}

/** Admins link a topic that exists on the broker to a product as a new output port. */
