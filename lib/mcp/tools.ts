/**
 * The MCP tools: one table, each tool a thin adapter over the domain call its REST twin uses, run
 * as the token's user — so an agent can do nothing its user could not, and sees what they would
 * (drafts, grants, masking). Inputs and outputs are zod (the JSON Schemas of `tools/list`).
 */
import "server-only";
import { z } from "zod";
import type { CurrentUser } from "@/lib/auth/types";
import type { TokenScope } from "@/lib/auth/scopes";
import { AppError } from "@/lib/core/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createAccessRequest } from "@/lib/access/mutations";
import { requestRefusal } from "@/lib/access/permissions";
import { AccessRequestDto } from "@/lib/access/dto";
import { listAccessRequests } from "@/lib/access/queries";
import { toProductDto } from "@/lib/catalog/dto";
import { canSeeProduct } from "@/lib/catalog/permissions";
import { getDataProductOrThrow } from "@/lib/catalog/queries";
import { ProductSearchSchema } from "@/lib/catalog/schemas";
import { findDataProducts } from "@/lib/catalog/search";
import { getImpact, getLineage } from "@/lib/lineage/queries";
import type { TailHub } from "@/lib/tail/hub";
import { sampleEvents } from "@/lib/tail/sample";
import { matchReasons } from "./match";
import {
  GetLineageInput,
  GetProductInput,
  ImpactInput,
  isPortId,
  MyAccessInput,
  parsePortRef,
  RequestAccessInput,
  SampleEventsInput,
  SearchProductsInput,
} from "./schemas";

export interface ToolContext {
  prisma: PrismaClient;
  user: CurrentUser;
  /** The process's live-tail hub (sample_events). */
  hub: () => TailHub;
  /** The portal's address as people open it (links in answers). */
  baseUrl: string;
}

export interface McpTool {
  name: string;
  title: string;
  description: string;
  /** The token scope it needs besides `mcp` (its REST twin's). */
  scope: TokenScope;
  readOnly: boolean;
  input: z.ZodType;
  output: z.ZodType;
  run(ctx: ToolContext, input: unknown): Promise<unknown>;
}

function defineTool<I extends z.ZodType, O extends z.ZodType>(tool: {
  name: string;
  title: string;
  description: string;
  scope: TokenScope;
  readOnly: boolean;
  input: I;
  output: O;
  run(ctx: ToolContext, input: z.output<I>): Promise<z.input<O>>;
}): McpTool {
  return { ...tool, run: (ctx, input) => tool.run(ctx, input as z.output<I>) };
}

const Ref = z.object({ slug: z.string(), name: z.string() });
const productUrl = (ctx: ToolContext, slug: string) => `${ctx.baseUrl}/products/${slug}`;

/** A port an agent named (`<slug>/<port>` or an id), as its user may see it; 404 otherwise. */
async function resolvePort(ctx: ToolContext, ref: string) {
  const named = parsePortRef(ref);
  const port = await ctx.prisma.outputPort.findFirst({
    where: isPortId(ref) ? { id: ref } : { name: named?.port ?? "", product: { slug: named?.slug ?? "" } },
    select: {
      id: true,
      name: true,
      type: true,
      state: true,
      product: {
        select: {
          slug: true,
          name: true,
          ownerTeamId: true,
          lifecycle: true,
          sunsetAt: true,
          successor: { select: { slug: true, name: true } },
        },
      },
    },
  });
  if (!port || !canSeeProduct(ctx.user, port.product))
    throw AppError.notFound(`Output port "${ref}" (get_product lists a product's ports under ports[].ref)`);
  return { ...port, ref: `${port.product.slug}/${port.name}` };
}

// ─── search_products ────────────────────────────────────────────────────────

const SearchOutput = z.object({
  total: z.int().describe("Matches (counted up to 500)"),
  totalCapped: z.boolean(),
  page: z.int(),
  pageSize: z.int(),
  didYouMean: z.string().nullable().describe("Set when the words matched nothing and a corrected query did"),
  items: z.array(
    z.object({
      slug: z.string(),
      name: z.string(),
      summary: z.string(),
      kind: z.string(),
      lifecycle: z.string(),
      domain: Ref,
      ownerTeam: Ref,
      tags: z.array(z.string()),
      portTypes: z.array(z.string()),
      contractChecks: z.enum(["passing", "failing", "not_evaluated"]),
      matched: z
        .array(z.string())
        .describe("Why it matched: where the words were found («…» marks them), filters passed"),
      url: z.string(),
    }),
  ),
  facets: z
    .record(z.string(), z.array(z.object({ value: z.string(), label: z.string(), count: z.int() })))
    .describe("Counts per facet value (domain, kind, owner, tag, portType) to narrow the search"),
});

const searchProducts = defineTool({
  name: "search_products",
  title: "Search data products",
  description:
    "Find data products in the mesh by words (names, tags, domains, owner teams, docs and schema field names; typos are corrected) and facets. Best matches first, 20 a page, each with why it matched. Use get_product on a slug for its ports, schema and owners.",
  scope: "read",
  readOnly: true,
  input: SearchProductsInput,
  output: SearchOutput,
  async run(ctx, input) {
    const search = ProductSearchSchema.parse({
      q: input.query ?? "",
      domain: input.domain,
      kind: input.kind,
      owner: input.owner,
      tag: input.tag,
      portType: input.portType,
      page: input.page,
      retired: input.includeRetired ? "1" : undefined,
    });
    const result = await findDataProducts(ctx.prisma, ctx.user, search);
    const corrected = result.mode === "fuzzy" ? result.didYouMean : undefined;
    return {
      total: result.total,
      totalCapped: result.totalCapped,
      page: result.page,
      pageSize: result.pageSize,
      didYouMean: corrected ?? null,
      items: result.items.map((item) => ({
        slug: item.slug,
        name: item.name,
        summary: item.summary,
        kind: item.kind,
        lifecycle: item.lifecycle,
        domain: item.domain,
        ownerTeam: item.ownerTeam,
        tags: item.tags,
        portTypes: item.portTypes,
        contractChecks: item.checks,
        matched: matchReasons(item, input, corrected),
        url: productUrl(ctx, item.slug),
      })),
      facets: Object.fromEntries(
        Object.entries(result.facets).map(([k, buckets]) => [
          k,
          buckets.slice(0, 15).map((b) => ({ value: b.value, label: b.label, count: b.count })),
        ]),
      ),
    };
  },
});

// ─── get_product ────────────────────────────────────────────────────────────

const AccessForYou = z.object({
  status: z
    .enum(["owner", "granted", "provisioning", "pending", "none"])
    .describe("owner: your team owns it (raw events); granted: your team reads it; pending: a request waits"),
  team: z.string().nullable().describe("Your team it applies to"),
  expiresAt: z.string().nullable(),
  canRequest: z.boolean().describe("true: one of your teams may file request_access for this port now"),
  reason: z.string().nullable().describe("Why you cannot request it (null when you can)"),
});

const ProductOutput = z.object({
  slug: z.string(),
  name: z.string(),
  summary: z.string(),
  description: z.string().describe("Markdown docs"),
  kind: z.string(),
  lifecycle: z.string(),
  url: z.string(),
  resource: z.string().describe("The product as a markdown document with its contracts (resources/read)"),
  domain: Ref,
  ownerTeam: z.object({
    slug: z.string(),
    name: z.string(),
    members: z.array(z.object({ name: z.string(), email: z.string(), role: z.string() })),
  }),
  tags: z.array(z.string()),
  serviceLevels: z.unknown(),
  termsOfUse: z.string(),
  deprecation: z
    .object({ sunsetAt: z.string().nullable(), message: z.string(), successor: Ref.nullable() })
    .nullable(),
  retiredAt: z.string().nullable(),
  ports: z.array(
    z.object({
      ref: z.string().describe("Pass this as `port` to request_access, sample_events, impact_of_change"),
      name: z.string(),
      description: z.string(),
      type: z.string(),
      address: z.string(),
      format: z.string(),
      state: z.string(),
      compatibility: z.string(),
      schema: z
        .object({
          version: z.int(),
          format: z.string(),
          fields: z.array(
            z.object({
              path: z.string(),
              type: z.string(),
              required: z.boolean(),
              classification: z
                .string()
                .describe("PUBLIC, INTERNAL, CONFIDENTIAL or PII (PII is masked for consumers)"),
              description: z.string(),
            }),
          ),
        })
        .nullable(),
      contract: z
        .object({ contractId: z.string(), version: z.string(), status: z.string(), checkStatus: z.string() })
        .nullable(),
      consumers: z.array(Ref).describe("Products that declare this port as an input"),
      yourAccess: AccessForYou,
    }),
  ),
  inputs: z.array(z.object({ product: Ref, port: z.string() })),
});

/** What the caller's teams have on each port: owner, a grant, a pending request, or nothing. */
async function accessOf(ctx: ToolContext, product: { ownerTeamId: string }, portIds: string[]) {
  const teamIds = ctx.user.teams.map((t) => t.id);
  const [grants, pending] = await Promise.all([
    ctx.prisma.grant.findMany({
      where: { portId: { in: portIds }, teamId: { in: teamIds }, status: { in: ["ACTIVE", "PROVISIONING"] } },
      select: { portId: true, status: true, expiresAt: true, team: { select: { slug: true } } },
    }),
    ctx.prisma.accessRequest.findMany({
      where: { portId: { in: portIds }, teamId: { in: teamIds }, status: "PENDING" },
      select: { portId: true, expiresAt: true, team: { select: { slug: true } } },
    }),
  ]);
  const owner = ctx.user.teams.find((t) => t.id === product.ownerTeamId);
  return (portId: string, refusal: string | null): z.infer<typeof AccessForYou> => {
    if (owner)
      return {
        status: "owner",
        team: owner.slug,
        expiresAt: null,
        canRequest: false,
        reason: "your team owns it",
      };
    const grant = grants.find((g) => g.portId === portId);
    if (grant)
      return {
        status: grant.status === "ACTIVE" ? "granted" : "provisioning",
        team: grant.team.slug,
        expiresAt: grant.expiresAt.toISOString(),
        canRequest: false,
        reason: `${grant.team.slug} has access already`,
      };
    const request = pending.find((r) => r.portId === portId);
    if (request)
      return {
        status: "pending",
        team: request.team.slug,
        expiresAt: request.expiresAt.toISOString(),
        canRequest: false,
        reason: `${request.team.slug} has a pending request`,
      };
    const reason =
      refusal ??
      (ctx.user.teams.length === 0
        ? "you are in no team: an admin adds you to one, then your team requests"
        : null);
    return { status: "none", team: null, expiresAt: null, canRequest: reason === null, reason };
  };
}

const getProduct = defineTool({
  name: "get_product",
  title: "Get a data product",
  description:
    "One data product: docs, owners (with emails), service levels, terms, lifecycle, and each output port with its schema fields and their classifications (PII…), its contract and check status, the products reading it, and what your teams have on it (owner, granted, pending, or whether you can request access).",
  scope: "read",
  readOnly: true,
  input: GetProductInput,
  output: ProductOutput,
  async run(ctx, input) {
    const p = toProductDto(await getDataProductOrThrow(ctx.prisma, ctx.user, input.slug));
    const access = await accessOf(
      ctx,
      { ownerTeamId: p.ownerTeam.id },
      p.outputPorts.map((o) => o.id),
    );
    const product = {
      name: p.name,
      lifecycle: p.lifecycle,
      sunsetAt: p.deprecation?.sunsetAt ? new Date(p.deprecation.sunsetAt) : null,
      successor: p.deprecation?.successor ?? null,
    };
    return {
      slug: p.slug,
      name: p.name,
      summary: p.summary,
      description: p.description,
      kind: p.kind,
      lifecycle: p.lifecycle,
      url: productUrl(ctx, p.slug),
      resource: `meshport://products/${p.slug}`,
      domain: p.domain,
      ownerTeam: { slug: p.ownerTeam.slug, name: p.ownerTeam.name, members: p.ownerTeam.members },
      tags: p.tags,
      serviceLevels: p.serviceLevels,
      termsOfUse: p.termsOfUse,
      deprecation: p.deprecation,
      retiredAt: p.retiredAt,
      ports: p.outputPorts.map((o) => ({
        ref: `${p.slug}/${o.name}`,
        name: o.name,
        description: o.description,
        type: o.type,
        address: o.address,
        format: o.format,
        state: o.state,
        compatibility: o.compatibility,
        schema: o.schema && { version: o.schema.version, format: o.schema.format, fields: o.schema.fields },
        contract: o.contract,
        consumers: o.consumers.map((c) => ({ slug: c.slug, name: c.name })),
        yourAccess: access(o.id, requestRefusal(product, o)),
      })),
      inputs: p.consumes.map((i) => ({
        product: { slug: i.product.slug, name: i.product.name },
        port: `${i.product.slug}/${i.port.name}`,
      })),
    };
  },
});

// ─── get_lineage ────────────────────────────────────────────────────────────

const LineageOutput = z.object({
  root: z.string(),
  depth: z.int(),
  nodes: z.array(
    z.object({
      id: z.string().describe("product:<slug> or dataset:<namespace>/<name> (outside the catalog)"),
      name: z.string(),
      type: z.enum(["product", "external"]),
      domain: z.string().nullable(),
      owner: z.string().nullable(),
      lifecycle: z.string().nullable(),
      depth: z
        .int()
        .describe("Hops from the product: negative upstream (what it reads), positive downstream"),
    }),
  ),
  edges: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      label: z.string(),
      via: z.string().describe("port: an input port declared in the catalog; job: an OpenLineage job"),
    }),
  ),
});

const getLineageTool = defineTool({
  name: "get_lineage",
  title: "Get a product's lineage",
  description:
    "The lineage around a data product across domains: what it reads (upstream, negative depth) and what reads it (downstream), from input ports declared in the catalog and OpenLineage jobs.",
  scope: "read",
  readOnly: true,
  input: GetLineageInput,
  output: LineageOutput,
  async run(ctx, input) {
    const depth = input.depth ?? 2;
    const graph = await getLineage(ctx.prisma, ctx.user, input.slug, depth, depth);
    const idOf = new Map(
      graph.nodes.map((n) => [
        n.id,
        n.type === "product" ? `product:${n.slug}` : `dataset:${n.namespace}/${n.name}`,
      ]),
    );
    return {
      root: `product:${input.slug}`,
      depth,
      nodes: graph.nodes.map((n) => ({
        id: idOf.get(n.id)!,
        name: n.name,
        type: n.type === "product" ? ("product" as const) : ("external" as const),
        domain: n.domain?.name ?? null,
        owner: n.owner?.name ?? null,
        lifecycle: n.lifecycle ?? null,
        depth: n.depth,
      })),
      edges: graph.edges.map((e) => ({
        from: idOf.get(e.source) ?? e.source,
        to: idOf.get(e.target) ?? e.target,
        label: e.label,
        via: e.via,
      })),
    };
  },
});

// ─── impact_of_change ───────────────────────────────────────────────────────

const ImpactOutput = z.object({
  port: z.object({ ref: z.string(), product: Ref }),
  field: z.string().nullable(),
  affected: z.array(
    z.object({
      depth: z
        .int()
        .describe("0: the port's own product (its grant holders read it directly); 1: reads the port…"),
      product: z.object({ slug: z.string(), name: z.string(), domain: z.string(), owner: z.string() }),
      ports: z.array(z.string()),
      grantTeams: z.array(z.string()).describe("Teams holding a live grant on these ports"),
      fieldUse: z
        .object({ kind: z.string(), fields: z.array(z.string()) })
        .nullable()
        .describe(
          "With a field: derived (fields computed from it), reads port (no column lineage: may use it), or indirect",
        ),
    }),
  ),
  externalDatasets: z.int().describe("Datasets outside the catalog downstream (OpenLineage)"),
  note: z.string().nullable().describe("How to read fieldUse"),
});

const impactOfChange = defineTool({
  name: "impact_of_change",
  title: "Impact of changing a port or field",
  description:
    "Everything downstream of an output port (and, with a schema field, how each consumer depends on that field): the products reading it directly and indirectly, with their owners and the teams holding grants. Use before changing or removing a field.",
  scope: "read",
  readOnly: true,
  input: ImpactInput,
  output: ImpactOutput,
  async run(ctx, input) {
    const port = await resolvePort(ctx, input.port);
    if (input.field) {
      const current = await ctx.prisma.schemaVersion.findFirst({
        where: { portId: port.id },
        orderBy: { version: "desc" },
        select: { version: true, fields: { select: { path: true } } },
      });
      const paths = current?.fields.map((f) => f.path) ?? [];
      if (!paths.some((p) => p === input.field || p.startsWith(`${input.field}.`)))
        throw new AppError(
          "validation_failed",
          current
            ? `field: ${port.ref} has no field "${input.field}" in schema version ${current.version} (its fields: ${paths.slice(0, 30).join(", ")}${paths.length > 30 ? ", …" : ""})`
            : `field: ${port.ref} has no schema yet, so no field to ask about`,
          422,
        );
    }
    const impact = await getImpact(ctx.prisma, ctx.user, port.id, input.field);
    return {
      port: { ref: port.ref, product: { slug: port.product.slug, name: port.product.name } },
      field: input.field ?? null,
      affected: impact.items.map((i) => ({
        depth: i.depth,
        product: i.product,
        ports: i.ports,
        grantTeams: i.grantTeams,
        fieldUse: i.fieldUse ?? null,
      })),
      externalDatasets: impact.externalDatasets,
      note: input.field
        ? `fieldUse per product: "derived" — an OpenLineage job computes the listed fields from ${input.field}; "reads port" — it reads the whole port and no column lineage says which fields it uses, so assume it may use ${input.field}; "indirect" — further downstream, through another product.`
        : null,
    };
  },
});

// ─── request_access ─────────────────────────────────────────────────────────

const RequestOutput = z.object({
  id: z.string(),
  status: z.literal("pending"),
  url: z.string().describe("The request in the portal"),
  product: Ref,
  port: z.string(),
  team: z.string(),
  expiresAt: z.string(),
  decidingTeam: z
    .string()
    .describe("The team that will decide (the product's owners); nobody has decided yet"),
  next: z.string(),
});

const requestAccess = defineTool({
  name: "request_access",
  title: "Request access to an output port",
  description:
    "File an access request for one of your teams to read an output port, exactly as the portal's form does: it lands in the owner team's inbox, marked as filed through an AI assistant, and they approve or deny it. Ask your user for the purpose; never invent one. Needs a token with the access:request scope.",
  scope: "access:request",
  readOnly: false,
  input: RequestAccessInput,
  output: RequestOutput,
  async run(ctx, input) {
    const port = await resolvePort(ctx, input.port);
    if (!ctx.user.teams.some((t) => t.slug === input.team))
      throw AppError.forbidden(
        ctx.user.teams.length === 0
          ? "You are in no team: an admin adds you to one, then you request for it"
          : `You request only for your own teams: ${ctx.user.teams.map((t) => t.slug).join(", ")} (not "${input.team}")`,
      );
    const expiresAt =
      input.expiresAt && /^\d{4}-\d{2}-\d{2}$/.test(input.expiresAt)
        ? `${input.expiresAt}T23:59:59Z`
        : input.expiresAt;
    const created = await createAccessRequest(
      ctx.prisma,
      ctx.user,
      {
        portId: port.id,
        teamSlug: input.team,
        purpose: input.purpose,
        justification: input.justification ?? "",
        expiresAt,
      },
      "MCP",
    );
    const row = await ctx.prisma.accessRequest.findUniqueOrThrow({
      where: { id: created.id },
      select: {
        expiresAt: true,
        port: { select: { product: { select: { ownerTeam: { select: { name: true } } } } } },
      },
    });
    const owners = row.port.product.ownerTeam.name;
    return {
      id: created.id,
      status: "pending" as const,
      url: `${ctx.baseUrl}/access/requests/${created.id}`,
      product: { slug: port.product.slug, name: port.product.name },
      port: port.ref,
      team: input.team,
      expiresAt: row.expiresAt.toISOString(),
      decidingTeam: owners,
      next: `${owners} decide in their inbox; my_access shows the status, and the grant becomes Kafka ACLs for ${input.team} once approved.`,
    };
  },
});

// ─── my_access ──────────────────────────────────────────────────────────────

const MyAccessOutput = z.object({
  teams: z.array(z.object({ slug: z.string(), name: z.string(), role: z.string() })),
  requests: z.array(
    AccessRequestDto.pick({
      id: true,
      status: true,
      purpose: true,
      expiresAt: true,
      createdAt: true,
      decisionReason: true,
      decidedBy: true,
      filedVia: true,
    }).extend({ product: Ref, port: z.string(), team: z.string(), requester: z.string() }),
  ),
  grants: z.array(
    z.object({
      id: z.string(),
      status: z.string(),
      product: Ref,
      port: z.string(),
      address: z.string(),
      team: z.string(),
      principal: z.string().describe("The Kafka principal the ACLs are for"),
      expiresAt: z.string(),
      error: z.string().nullable(),
    }),
  ),
});

const myAccess = defineTool({
  name: "my_access",
  title: "My teams' access",
  description:
    "Your teams, their access requests (newest first, with status and the owners' reason) and their grants (active, provisioning, revoked, expired) with the Kafka principal and expiry.",
  scope: "read",
  readOnly: true,
  input: MyAccessInput,
  output: MyAccessOutput,
  async run(ctx, input) {
    const teamIds = ctx.user.teams.map((t) => t.id);
    const [requests, grants] = await Promise.all([
      listAccessRequests(ctx.prisma, ctx.user, {
        as: "requester",
        status: input.status ? (input.status.toUpperCase() as Uppercase<typeof input.status>) : undefined,
      }),
      ctx.prisma.grant.findMany({
        where: { teamId: { in: teamIds } },
        include: {
          team: { select: { slug: true } },
          port: { select: { name: true, address: true, product: { select: { slug: true, name: true } } } },
        },
        orderBy: { createdAt: "desc" },
        take: 200,
      }),
    ]);
    return {
      teams: ctx.user.teams.map((t) => ({ slug: t.slug, name: t.name, role: t.role.toLowerCase() })),
      requests: requests.items.map((r) => ({
        id: r.id,
        status: r.status,
        purpose: r.purpose,
        expiresAt: r.expiresAt,
        createdAt: r.createdAt,
        decisionReason: r.decisionReason,
        decidedBy: r.decidedBy,
        filedVia: r.filedVia,
        product: { slug: r.product.slug, name: r.product.name },
        port: `${r.product.slug}/${r.port.name}`,
        team: r.team.slug,
        requester: r.requester.name,
      })),
      grants: grants.map((g) => ({
        id: g.id,
        status: g.status.toLowerCase(),
        product: g.port.product,
        port: `${g.port.product.slug}/${g.port.name}`,
        address: g.port.address,
        team: g.team.slug,
        principal: g.principal,
        expiresAt: g.expiresAt.toISOString(),
        error: g.provisioningError,
      })),
    };
  },
});

// ─── sample_events ──────────────────────────────────────────────────────────

const SampleOutput = z.object({
  port: z.string(),
  topic: z.string(),
  masked: z.boolean().describe("true: PII fields are masked for you (you are not in the owner team)"),
  maskedFields: z.array(z.string()),
  via: z.enum(["owner", "admin", "grant"]).describe("Why you may see them"),
  count: z.int(),
  events: z.array(
    z.object({
      partition: z.int(),
      offset: z.string(),
      timestamp: z.number(),
      key: z.string().nullable(),
      headers: z.record(z.string(), z.string()),
      value: z.unknown(),
      masked: z.array(z.string()).describe("Paths masked in this event"),
      encoding: z.string(),
      size: z.int(),
      truncated: z.boolean().optional(),
      withheld: z.boolean().optional(),
      error: z.string().optional(),
    }),
  ),
});

const sampleEventsTool = defineTool({
  name: "sample_events",
  title: "Sample a port's newest events",
  description:
    "The newest events on a Kafka output port (up to 50, optionally filtered), from the live stream: raw for the owner team, PII masked for teams with an active grant and admins — exactly as the portal's live tail shows them to you. Refused, with how to get access, when your teams have no grant.",
  scope: "read",
  readOnly: true,
  input: SampleEventsInput,
  output: SampleOutput,
  async run(ctx, input) {
    const port = await resolvePort(ctx, input.port);
    let sample;
    try {
      sample = await sampleEvents(ctx.prisma, ctx.hub(), ctx.user, {
        portId: port.id,
        n: input.n ?? 10,
        filter: input.filter,
      });
    } catch (err) {
      if (err instanceof AppError && err.code === "forbidden") {
        const pending = await ctx.prisma.accessRequest.findFirst({
          where: { portId: port.id, status: "PENDING", teamId: { in: ctx.user.teams.map((t) => t.id) } },
          select: { createdAt: true, team: { select: { slug: true } } },
        });
        const team = ctx.user.teams[0];
        const next = pending
          ? `${pending.team.slug} asked for access on ${pending.createdAt.toISOString().slice(0, 10)}; the request waits for the owners (my_access shows its status).`
          : team
            ? `Ask your user whether to request it: request_access with port "${port.ref}", team "${team.slug}" and their purpose, or in the portal at ${productUrl(ctx, port.product.slug)}.`
            : `Your user is in no team: an admin adds them to one, then their team can request access at ${productUrl(ctx, port.product.slug)}.`;
        throw AppError.forbidden(`You may not see events of ${port.ref}: ${err.message} ${next}`);
      }
      throw err;
    }
    return { port: port.ref, ...sample, count: sample.events.length };
  },
});

/** Every tool the MCP server offers, in the order `tools/list` shows them. */
export const MCP_TOOLS: readonly McpTool[] = [
  searchProducts,
  getProduct,
  getLineageTool,
  impactOfChange,
  requestAccess,
  myAccess,
  sampleEventsTool,
];

export const toolNamed = (name: string) => MCP_TOOLS.find((t) => t.name === name);
