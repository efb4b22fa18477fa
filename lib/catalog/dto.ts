/**
 * What the catalog API answers, defined once: zod schemas the API document is generated from,
 * the types the server's queries must produce (route() checks them) and the browser's client
 * imports type-only; plus the server's product mapper.
 */
import { z } from "zod";
import {
  CheckStatus,
  ContractStatus,
  Classification,
  CleanupPolicy,
  Compatibility,
  Lifecycle,
  PortState,
  PortType,
  ProductKind,
  SchemaFormat,
  TeamRole,
} from "@/lib/generated/prisma/enums";
import type { DataProductDetail } from "./queries";
import type { FieldChange } from "./schema-compat";
import { FACET_KEYS, type FacetKey } from "./schemas";

const Ref = z.object({ slug: z.string(), name: z.string() });

export const DomainListDto = z
  .object({
    items: z.array(
      z.object({
        slug: z.string(),
        name: z.string(),
        description: z.string(),
        productCount: z.int(),
        teams: z.array(Ref),
      }),
    ),
  })
  .meta({ id: "DomainList" });

/** A saved edit: the product's new revision (send it with the next edit). */
export const SavedProductDto = z.object({ slug: z.string(), revision: z.int() });

export const AddedSchemaVersionDto = z.object({ portId: z.uuid(), version: z.int() });

export const UnregisteredTopicsDto = z.object({ topics: z.array(z.string()) });

export const RegisteredPortDto = z.object({
  id: z.uuid(),
  name: z.string(),
  address: z.string(),
  product: z.string().describe("The product's slug"),
});

export const MarkdownPreviewResultDto = z.object({ html: z.string() });

export const FacetBucketDto = z.object({ value: z.string(), label: z.string(), count: z.int() });
export type FacetBucket = z.infer<typeof FacetBucketDto>;

export const ProductListItemDto = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    summary: z.string(),
    kind: z.enum(ProductKind),
    lifecycle: z.enum(Lifecycle),
    domain: Ref,
    ownerTeam: Ref,
    tags: z.array(z.string()),
    portTypes: z.array(z.enum(PortType)),
    updatedAt: z.iso.datetime(),
    /** A deprecated product's announced retirement. */
    sunsetAt: z.iso.datetime().nullable(),
    /** Its contracts on the live stream: failing when any port's contract fails (the monitor). */
    checks: z.enum(["passing", "failing", "not_evaluated"]),
    /** Name and a docs snippet with the matched words between HIGHLIGHT_START/END (text queries only). */
    highlight: z.object({ name: z.string(), snippet: z.string() }).optional(),
  })
  .meta({ id: "ProductListItem" });
export type ProductListItem = z.infer<typeof ProductListItemDto>;

export const ProductSearchResultDto = z
  .object({
    items: z.array(ProductListItemDto),
    /** Exact up to COUNT_CAP; with `totalCapped` there are more (shown as "500+"). */
    total: z.int(),
    totalCapped: z.boolean(),
    /** "fuzzy": nothing matched the words, these are close matches of the name (typo tolerance). */
    mode: z.enum(["match", "fuzzy"]),
    /** A corrected query when the words matched nothing but close words exist, e.g. "paymnet" → "payment". */
    didYouMean: z.string().optional(),
    /** Facet counts come from a sample of the first COUNT_CAP matches (the query matched more). */
    facetsApproximate: z.boolean(),
    page: z.int(),
    pageSize: z.int(),
    facets: z.object(
      Object.fromEntries(FACET_KEYS.map((k) => [k, z.array(FacetBucketDto)])) as Record<
        FacetKey,
        z.ZodArray<typeof FacetBucketDto>
      >,
    ),
  })
  .meta({ id: "ProductSearchResult" });
export type ProductSearchResult = z.infer<typeof ProductSearchResultDto>;

export const SchemaFieldDto = z.object({
  path: z.string(),
  type: z.string(),
  description: z.string(),
  required: z.boolean(),
  classification: z.enum(Classification),
  position: z.int(),
});

export const SchemaVersionsDto = z
  .object({
    port: z.object({
      id: z.uuid(),
      name: z.string(),
      compatibility: z.string(),
      product: Ref,
    }),
    versions: z.array(
      z.object({
        version: z.int(),
        format: z.enum(SchemaFormat),
        changeNote: z.string(),
        createdAt: z.iso.datetime(),
        createdBy: z.string().nullable(),
        definition: z.unknown(),
        fields: z.array(SchemaFieldDto),
      }),
    ),
  })
  .meta({ id: "SchemaVersions" });
export type SchemaVersions = z.infer<typeof SchemaVersionsDto>;

const ProductRef = z.object({ slug: z.string(), name: z.string(), kind: z.enum(ProductKind), domain: Ref });

export const ProductDetailDto = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    summary: z.string(),
    /** Markdown docs. */
    description: z.string(),
    kind: z.enum(ProductKind),
    lifecycle: z.enum(Lifecycle),
    tags: z.array(z.string()),
    serviceLevels: z
      .unknown()
      .describe("Free-text SLAs by name (freshness, availability, retention, latency)"),
    termsOfUse: z.string(),
    /** Send it back with an edit (optimistic locking). */
    revision: z.int(),
    updatedAt: z.iso.datetime(),
    publishedAt: z.iso.datetime().nullable(),
    /** Deprecation: the sunset date, the owners' message and the product to move to. */
    deprecation: z
      .object({ sunsetAt: z.iso.datetime().nullable(), message: z.string(), successor: Ref.nullable() })
      .nullable(),
    retiredAt: z.iso.datetime().nullable(),
    domain: Ref,
    ownerTeam: z.object({
      id: z.uuid(),
      slug: z.string(),
      name: z.string(),
      members: z.array(z.object({ name: z.string(), email: z.string(), role: z.enum(TeamRole) })),
    }),
    outputPorts: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        description: z.string(),
        type: z.enum(PortType),
        address: z.string(),
        server: z.string(),
        format: z.string(),
        compatibility: z.enum(Compatibility),
        state: z.enum(PortState),
        /** Topic configuration the portal provisions (null: the broker's default or a linked topic). */
        partitions: z.int().nullable(),
        retentionHours: z.int().nullable().describe("-1 keeps data forever"),
        cleanupPolicy: z.enum(CleanupPolicy).nullable(),
        keyDescription: z.string(),
        /** The broker's last error while provisioning or retiring. */
        provisioningError: z.string().nullable(),
        /** Active with the owner team's WRITE bindings on the broker: the team can produce. */
        live: z.boolean(),
        predecessor: z.object({ id: z.uuid(), name: z.string() }).nullable(),
        successor: z.object({ id: z.uuid(), name: z.string() }).nullable(),
        schema: z
          .object({
            version: z.int(),
            versions: z.int(),
            format: z.enum(SchemaFormat),
            fields: z.array(SchemaFieldDto.omit({ position: true })),
          })
          .nullable(),
        /** Products declaring this port as an input; `flagged` when their team's grant ended. */
        consumers: z.array(ProductRef.extend({ flagged: z.boolean() })),
        /** The port's data contract and its verdict on the live stream (null before contracts existed). */
        contract: z
          .object({
            contractId: z.string(),
            version: z.string(),
            status: z.enum(ContractStatus),
            checkStatus: z.enum(CheckStatus),
          })
          .nullable(),
      }),
    ),
    consumes: z.array(
      z.object({
        port: z.object({
          id: z.uuid(),
          name: z.string(),
          type: z.enum(PortType),
          address: z.string(),
          state: z.enum(PortState),
        }),
        product: ProductRef,
        /** Set when the owner team's grant on the port ended: the declaration stays, flagged. */
        flag: z.object({ at: z.iso.datetime(), reason: z.string() }).nullable(),
      }),
    ),
  })
  .meta({ id: "ProductDetail" });
export type ProductDto = z.infer<typeof ProductDetailDto>;

/** The public JSON shape of a product (API and client islands): no internal ids of users' tokens etc. */
export function toProductDto(p: DataProductDetail): ProductDto {
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
    publishedAt: p.publishedAt?.toISOString() ?? null,
    deprecation:
      p.lifecycle === "DEPRECATED" || p.sunsetAt
        ? {
            sunsetAt: p.sunsetAt?.toISOString() ?? null,
            message: p.deprecationMessage,
            successor: p.successor,
          }
        : null,
    retiredAt: p.retiredAt?.toISOString() ?? null,
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
        state: port.state,
        partitions: port.partitions,
        retentionHours: port.retentionHours,
        cleanupPolicy: port.cleanupPolicy,
        keyDescription: port.keyDescription,
        provisioningError: port.provisioningError,
        live: port.state === "ACTIVE" && Array.isArray(port.ownerAcls) && port.ownerAcls.length > 0,
        contract: port.contract && {
          contractId: port.contract.contractId,
          version: port.contract.version,
          status: port.contract.status,
          checkStatus: port.contract.checkStatus,
        },
        predecessor: port.predecessor,
        successor: port.successor,
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
          flagged: c.flaggedAt !== null,
        })),
      };
    }),
    consumes: p.inputPorts.map((i) => ({
      port: {
        id: i.outputPort.id,
        name: i.outputPort.name,
        type: i.outputPort.type,
        address: i.outputPort.address,
        state: i.outputPort.state,
      },
      flag: i.flaggedAt ? { at: i.flaggedAt.toISOString(), reason: i.flagReason ?? "" } : null,
      product: {
        slug: i.outputPort.product.slug,
        name: i.outputPort.product.name,
        kind: i.outputPort.product.kind,
        domain: i.outputPort.product.domain,
      },
    })),
  };
}

/** How an imported contract found its port. */
export type ContractMatch = "contract-id" | "address" | "chosen" | "new-port";

/** What a contract import changes (the dry run shows it; an applied import returns it too). */
export interface ContractPreview {
  format: "odcs" | "dcs";
  /** The document's own contract id (kept by the port's contract). */
  contractId: string | null;
  /** The port the contract goes onto; null when nothing matched and none was chosen. */
  match: { by: ContractMatch; portId: string | null; portName: string; address: string } | null;
  /** When nothing matched: the product's output ports the caller may choose (`?port=`), or "new". */
  candidates: { id: string; name: string; type: string; address: string }[];
  /** Contract-level changes: id, version, status, and each top-level ODCS key. */
  contract: { field: string; before: string; after: string }[];
  port: {
    action: "create" | "update" | "unchanged";
    changes: string[];
    schema: { fromVersion: number | null; toVersion: number | null; changes: FieldChange[] };
  } | null;
  /** Non-empty when the import would be refused (a schema breaking compatibility, no port chosen …). */
  violations: string[];
}

export interface ContractImportResult {
  applied: boolean;
  preview: ContractPreview;
}

/** A port's data contract: identity, status, the monitor's verdict and the ODCS document. */
export interface PortContractDto {
  portId: string;
  contractId: string;
  version: string;
  status: "PROPOSED" | "DRAFT" | "ACTIVE" | "DEPRECATED" | "RETIRED";
  revision: number;
  checkStatus: "PASSING" | "FAILING" | "NOT_EVALUATED";
  checkedAt: string | null;
  document: Record<string, unknown>;
}

export interface ContractVersionDto {
  revision: number;
  contractId: string;
  version: string;
  status: PortContractDto["status"];
  schemaVersion: number | null;
  changeNote: string;
  createdBy: string | null;
  createdAt: string;
}

export interface ContractVersionsDto {
  portId: string;
  versions: ContractVersionDto[];
}
