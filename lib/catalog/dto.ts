import "server-only";
import type { DataProductDetail } from "./queries";

/** The public JSON shape of a product (API and client islands): no internal ids of users' tokens etc. */
export function toProductDto(p: DataProductDetail) {
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    summary: p.summary,
    description: p.description,
    kind: p.kind,
    lifecycle: p.lifecycle,
    tags: p.tags,
    serviceLevels: p.serviceLevels,
    termsOfUse: p.termsOfUse,
    revision: p.revision,
    updatedAt: p.updatedAt.toISOString(),
    domain: { slug: p.domain.slug, name: p.domain.name },
    ownerTeam: {
      id: p.ownerTeam.id,
      slug: p.ownerTeam.slug,
      name: p.ownerTeam.name,
      members: p.ownerTeam.memberships.map((m) => ({ name: m.user.name, email: m.user.email, role: m.role })),
    },
    outputPorts: p.outputPorts.map((port) => {
      const current = port.schemaVersions[0];
      return {
        id: port.id,
        name: port.name,
        description: port.description,
        type: port.type,
        address: port.address,
        server: port.server,
        format: port.format,
        compatibility: port.compatibility,
        schema: current
          ? {
              version: current.version,
              versions: port._count.schemaVersions,
              format: current.format,
              fields: current.fields.map((f) => ({
                path: f.path,
                type: f.type,
                description: f.description,
                required: f.required,
                classification: f.classification,
              })),
            }
          : null,
        consumers: port.consumers.map((c) => ({
          slug: c.product.slug,
          name: c.product.name,
          kind: c.product.kind,
          domain: c.product.domain,
        })),
      };
    }),
    consumes: p.inputPorts.map((i) => ({
      port: {
        id: i.outputPort.id,
        name: i.outputPort.name,
        type: i.outputPort.type,
        address: i.outputPort.address,
      },
      product: {
        slug: i.outputPort.product.slug,
        name: i.outputPort.product.name,
        kind: i.outputPort.product.kind,
        domain: i.outputPort.product.domain,
      },
    })),
  };
}

export type ProductDto = ReturnType<typeof toProductDto>;
