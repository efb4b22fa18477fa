import "server-only";
/**
 * Products in the formats event-driven tools exchange: AsyncAPI 3.0 (one product, or the whole
 * mesh the viewer may see) and ODPS 1.0 (the product, its output ports referencing their contract
 * ids, its input ports the contracts it consumes). The mapping is pure (`lib/contracts/asyncapi.ts`,
 * `lib/contracts/odps.ts`); this reads the database.
 */
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import {
  meshAsyncApi,
  productAsyncApi,
  toAsyncApiYaml,
  type AsyncApiCluster,
  type AsyncApiProduct,
} from "@/lib/contracts/asyncapi";
import { toOdpsYaml, type OdpsProductModel } from "@/lib/contracts/odps";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { retentionMs } from "@/lib/governance/policies";
import { canSeeProduct, type ProductViewer } from "./permissions";
import { visibleProducts } from "./visibility";

const exportInclude = {
  domain: true,
  ownerTeam: { include: { memberships: { include: { user: true }, orderBy: { user: { email: "asc" } } } } },
  outputPorts: {
    orderBy: { name: "asc" },
    include: {
      contract: true,
      schemaVersions: { orderBy: { version: "desc" }, take: 1 },
      grants: { where: { status: "ACTIVE" }, include: { team: true } },
    },
  },
  inputPorts: {
    include: {
      outputPort: {
        include: { contract: true, product: { select: { slug: true, lifecycle: true, ownerTeamId: true } } },
      },
    },
  },
} satisfies Prisma.DataProductInclude;

type ExportProduct = Prisma.DataProductGetPayload<{ include: typeof exportInclude }>;

/** The portal's cluster as AsyncAPI servers describe it. */
export function clusterOf(): AsyncApiCluster {
  const e = env();
  const sasl = {
    plain: "PLAIN",
    "scram-sha-256": "SCRAM-SHA-256",
    "scram-sha-512": "SCRAM-SHA-512",
    none: null,
  } as const;
  return {
    id: "meshport",
    bootstrap: e.KAFKA_BROKERS.split(",")
      .map((b) => b.trim())
      .filter(Boolean),
    sasl: sasl[e.KAFKA_SASL_MECHANISM],
    tls: e.KAFKA_SSL,
    description: "The mesh's Kafka cluster (authenticate as your team's principal)",
  };
}

const baseUrl = () => (env().NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/$/, "");

function toAsyncApiProduct(p: ExportProduct): AsyncApiProduct {
  const owners = p.ownerTeam.memberships
    .filter((m) => m.role === "OWNER")
    .map((m) => ({ name: m.user.name, email: m.user.email }));
  return {
    slug: p.slug,
    name: p.name,
    summary: p.summary,
    description: p.description,
    domain: { slug: p.domain.slug, name: p.domain.name },
    lifecycle: p.lifecycle,
    tags: p.tags,
    ownerTeam: {
      slug: p.ownerTeam.slug,
      name: p.ownerTeam.name,
      principal: p.ownerTeam.kafkaPrincipal,
      groupIdPrefix: `${p.ownerTeam.slug}.`,
    },
    owners,
    url: `${baseUrl()}/products/${p.slug}`,
    ports: p.outputPorts
      .filter((port) => port.type === "KAFKA_TOPIC" && port.state !== "RETIRED")
      .map((port) => {
        const schema = port.schemaVersions[0];
        const teams = new Map(port.grants.map((g) => [g.team.slug, g.team]));
        return {
          id: port.id,
          name: port.name,
          description: port.description,
          topic: port.address,
          format: port.format,
          schema: schema
            ? {
                format: schema.format === "AVRO" ? "AVRO" : "JSON_SCHEMA",
                definition: schema.definition,
                version: schema.version,
              }
            : null,
          partitions: port.partitions,
          replicas: null,
          retentionMs: port.retentionHours === null ? null : retentionMs(port.retentionHours),
          cleanupPolicy:
            port.cleanupPolicy === null ? null : port.cleanupPolicy === "COMPACT" ? "compact" : "delete",
          keyDescription: port.keyDescription,
          contractId: port.contract?.contractId ?? port.id,
          contractVersion: port.contract?.version ?? "1.0.0",
          consumers: [...teams.values()]
            .sort((a, b) => a.slug.localeCompare(b.slug))
            .map((t) => ({
              teamSlug: t.slug,
              teamName: t.name,
              principal: t.kafkaPrincipal,
              groupIdPrefix: `${t.slug}.`,
            })),
        };
      }),
  };
}

async function loadVisible(
  prisma: PrismaClient,
  viewer: ProductViewer,
  slug: string,
): Promise<ExportProduct> {
  const product = await prisma.dataProduct.findUnique({ where: { slug }, include: exportInclude });
  if (!product || !canSeeProduct(viewer, product)) throw AppError.notFound(`Data product "${slug}"`);
  return product;
}

export async function productAsyncApiYaml(
  prisma: PrismaClient,
  viewer: ProductViewer,
  slug: string,
): Promise<string> {
  return toAsyncApiYaml(
    productAsyncApi(toAsyncApiProduct(await loadVisible(prisma, viewer, slug)), clusterOf()),
  );
}

/** Every Kafka port of every product the viewer may see (retired products left out). */
export async function meshAsyncApiYaml(prisma: PrismaClient, viewer: ProductViewer): Promise<string> {
  const products = await prisma.dataProduct.findMany({
    where: { AND: [visibleProducts(viewer), { lifecycle: { not: "RETIRED" } }] },
    include: exportInclude,
    orderBy: { slug: "asc" },
  });
  return toAsyncApiYaml(
    meshAsyncApi(products.map(toAsyncApiProduct), clusterOf(), {
      title: "Meshport: the data mesh's event streams",
      version: new Date().toISOString().slice(0, 10),
      url: baseUrl(),
    }),
  );
}

const ODPS_STATUS: Record<string, string> = {
  DRAFT: "draft",
  EXPERIMENTAL: "proposed",
  ACTIVE: "active",
  DEPRECATED: "deprecated",
  RETIRED: "retired",
};

/** The product as an ODPS 1.0 model (output ports reference their contract ids). */
export function odpsModelOf(p: ExportProduct, viewer: ProductViewer): OdpsProductModel {
  const extras = (p.contractExtras ?? {}) as Record<string, unknown>;
  const odps = (typeof extras.odps === "object" && extras.odps !== null ? extras.odps : {}) as Record<
    string,
    unknown
  >;
  return {
    id: p.slug,
    name: p.name,
    version: typeof odps.version === "string" ? odps.version : "1.0.0",
    status: ODPS_STATUS[p.lifecycle] ?? "active",
    domain: p.domain.slug,
    tags: p.tags,
    description: { purpose: p.summary, usage: p.description, limitations: p.termsOfUse },
    team: {
      name: p.ownerTeam.slug,
      members: p.ownerTeam.memberships.map((m) => ({
        username: m.user.email,
        name: m.user.name,
        role: m.role.toLowerCase(),
      })),
    },
    support: [],
    // Another team's draft is not named, not even by its contract id.
    inputPorts: p.inputPorts
      .filter((i) => canSeeProduct(viewer, i.outputPort.product))
      .map((i) => ({
        name: `${i.outputPort.product.slug}.${i.outputPort.name}`,
        version: i.outputPort.contract?.version ?? "1.0.0",
        contractId: i.outputPort.contract?.contractId ?? i.outputPort.id,
      })),
    outputPorts: p.outputPorts.map((port) => ({
      name: port.name,
      version: port.contract?.version ?? "1.0.0",
      description: port.description,
      type: port.type === "KAFKA_TOPIC" ? "kafka-topic" : port.type === "TABLE" ? "table" : "file",
      contractId: port.contract?.contractId ?? port.id,
    })),
    customProperties: [
      { property: "meshport.kind", value: p.kind },
      { property: "meshport.ownerTeam", value: p.ownerTeam.slug },
      ...(Object.keys((p.serviceLevels ?? {}) as object).length > 0
        ? [{ property: "meshport.serviceLevels", value: p.serviceLevels }]
        : []),
    ],
    extras: (typeof odps.extras === "object" && odps.extras !== null ? odps.extras : {}) as Record<
      string,
      unknown
    >,
  };
}

export async function productOdpsYaml(
  prisma: PrismaClient,
  viewer: ProductViewer,
  slug: string,
): Promise<string> {
  return toOdpsYaml(odpsModelOf(await loadVisible(prisma, viewer, slug), viewer));
}
