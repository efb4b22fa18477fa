/**
 * What the access API answers, defined once: zod schemas the API document is generated from,
 * the types the server's mappers must produce and the browser's client reads (type-only).
 */
import { z } from "zod";
import { enumValues } from "@/lib/core/schema-primitives";
import { AccessRequestStatus, GrantStatus, Lifecycle } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AclBindingSchema } from "@/lib/kafka/acls";

/** Statuses travel in lower case; the database and the state machine use Prisma's upper case. */
export const lowerStatus = <T extends string>(status: T) => status.toLowerCase() as Lowercase<T>;

const lower = <T extends string>(values: readonly T[]) =>
  values.map(lowerStatus) as [Lowercase<T>, ...Lowercase<T>[]];

/** Statuses travel in lower case (`pending`, `active` …). */
export const RequestStatusDto = z.enum(lower(enumValues(AccessRequestStatus)));
export const GrantStatusDto = z.enum(lower(enumValues(GrantStatus)));

const TeamRef = z.object({ slug: z.string(), name: z.string() });

export const AccessRequestDto = z
  .object({
    id: z.uuid(),
    status: RequestStatusDto,
    purpose: z.string(),
    justification: z.string(),
    expiresAt: z.iso.datetime(),
    createdAt: z.iso.datetime(),
    decidedAt: z.iso.datetime().nullable(),
    decisionReason: z.string().nullable(),
    decidedBy: z.string().nullable(),
    requester: z.object({ name: z.string(), email: z.string() }),
    team: TeamRef,
    port: z.object({ id: z.uuid(), name: z.string(), type: z.string(), address: z.string() }),
    product: z.object({ slug: z.string(), name: z.string(), ownerTeam: TeamRef }),
    grant: z.object({ id: z.uuid(), status: GrantStatusDto, error: z.string().nullable() }).nullable(),
    /** Where it was filed: the portal's pages, the REST API with a token, or an AI agent over MCP. */
    filedVia: z.enum(["portal", "api", "mcp"]),
  })
  .meta({ id: "AccessRequest" });
export type AccessRequestItem = z.infer<typeof AccessRequestDto>;

export const AccessRequestDetailDto = AccessRequestDto.extend({
  audit: z.array(
    z.object({ at: z.iso.datetime(), action: z.string(), actor: z.string(), data: z.unknown() }),
  ),
}).meta({ id: "AccessRequestDetail" });
export type AccessRequestDetail = z.infer<typeof AccessRequestDetailDto>;

export const AccessRequestListDto = z.object({ items: z.array(AccessRequestDto) });

export const GroupUsageDto = z.object({
  groupId: z.string(),
  /** Messages not yet consumed, over the topic's partitions. */
  lag: z.number().int(),
  /** Seconds the next message to consume has waited (to the sampler's resolution); null when unknown. */
  lagSeconds: z.number().int().nullable(),
  /** When the group's committed offsets last moved, as the sampler saw them. */
  lastCommitAt: z.iso.datetime().nullable(),
  partitions: z.array(
    z.object({
      partition: z.number().int(),
      committed: z.number().int(),
      high: z.number().int(),
      lag: z.number().int(),
    }),
  ),
});

/** Who reads an active grant: the team's consumer groups on the topic (groups under its prefix). */
export const GrantUsageDto = z
  .object({
    groups: z.array(GroupUsageDto),
    /** The largest lag of the groups (messages). */
    lag: z.number().int(),
    lagSeconds: z.number().int().nullable(),
    lastCommitAt: z.iso.datetime().nullable(),
    /** Set while no group of the team has read the topic for MESHPORT_UNUSED_GRANT_DAYS. */
    unusedSince: z.iso.datetime().nullable(),
    checkedAt: z.iso.datetime(),
  })
  .meta({ id: "GrantUsage" });
export type GrantUsageItem = z.infer<typeof GrantUsageDto>;

export const GrantDto = z
  .object({
    id: z.uuid(),
    status: GrantStatusDto,
    principal: z.string(),
    expiresAt: z.iso.datetime(),
    provisionedAt: z.iso.datetime().nullable(),
    error: z.string().nullable(),
    acls: z.array(AclBindingSchema),
    requestId: z.uuid().nullable(),
    team: TeamRef,
    port: z.object({ id: z.uuid(), name: z.string(), address: z.string() }),
    product: z.object({
      slug: z.string(),
      name: z.string(),
      lifecycle: z.enum(Lifecycle),
      /** Set while the product is deprecated: the grant ends at the sunset at the latest. */
      deprecation: z
        .object({
          sunsetAt: z.iso.datetime().nullable(),
          message: z.string(),
          successor: z.object({ slug: z.string(), name: z.string() }).nullable(),
        })
        .nullable(),
    }),
    /** Active grants on topics: the consumers' lag (absent for others; null when Kafka did not answer). */
    usage: GrantUsageDto.nullable().optional(),
    /** Why `usage` is null, e.g. "Kafka unavailable …". */
    usageError: z.string().nullable().optional(),
  })
  .meta({ id: "Grant" });
export type GrantItem = z.infer<typeof GrantDto>;

export const GrantListDto = z.object({ items: z.array(GrantDto) });

/** A grant after a state change (provision, retry, revoke). */
export const GrantStateDto = z
  .object({ id: z.uuid(), status: GrantStatusDto, error: z.string().nullable().optional() })
  .meta({ id: "GrantState" });
export type GrantState = z.infer<typeof GrantStateDto>;

/** A decision on a request (approve, deny, cancel); an approval carries its grant. */
export const DecisionDto = z
  .object({ status: RequestStatusDto, grant: GrantStateDto.optional() })
  .meta({ id: "Decision" });
export type Decision = z.infer<typeof DecisionDto>;

export const CreatedRequestDto = z.object({ id: z.uuid(), status: z.literal("pending") });

// ─── Mappers (server) ───────────────────────────────────────────────────────

export const requestInclude = {
  port: {
    include: {
      product: {
        select: {
          id: true,
          slug: true,
          name: true,
          ownerTeamId: true,
          lifecycle: true,
          sunsetAt: true,
          ownerTeam: { select: { slug: true, name: true } },
        },
      },
    },
  },
  team: { select: { id: true, slug: true, name: true } },
  requester: { select: { id: true, name: true, email: true } },
  decidedBy: { select: { name: true } },
  grant: { select: { id: true, status: true, provisioningError: true, expiresAt: true } },
} satisfies Prisma.AccessRequestInclude;
export type RequestRow = Prisma.AccessRequestGetPayload<{ include: typeof requestInclude }>;

export function toRequestDto(r: RequestRow): AccessRequestItem {
  return {
    id: r.id,
    status: lowerStatus(r.status),
    purpose: r.purpose,
    justification: r.justification,
    expiresAt: r.expiresAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionReason: r.decisionReason,
    decidedBy: r.decidedBy?.name ?? null,
    requester: { name: r.requester.name, email: r.requester.email },
    team: { slug: r.team.slug, name: r.team.name },
    port: { id: r.port.id, name: r.port.name, type: r.port.type, address: r.port.address },
    product: { slug: r.port.product.slug, name: r.port.product.name, ownerTeam: r.port.product.ownerTeam },
    grant: r.grant
      ? { id: r.grant.id, status: lowerStatus(r.grant.status), error: r.grant.provisioningError }
      : null,
    filedVia: lowerStatus(r.filedVia),
  };
}
