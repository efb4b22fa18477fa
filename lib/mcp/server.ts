/**
 * The MCP server for one caller (a token's user): `tools/list` and `tools/call` over the tool
 * table, `resources/*` over products as markdown documents. Every call is checked (the token's
 * scopes), rate limited per token, validated, run as the user, and audited; failures are MCP tool
 * errors whose text is the portal's `{error:{code,message}}`. Built on the SDK's low-level
 * `Server` so that validation failures are audited and worded like the REST API's.
 */
import "server-only";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type CallToolResult,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { findUnsafeInput } from "@/lib/api/input-guard";
import { mcpCallLimit, takeCall } from "@/lib/auth/rate-limit";
import { env } from "@/lib/core/env";
import { AppError, type ErrorBody } from "@/lib/core/errors";
import { exportPortContract } from "@/lib/catalog/port-contracts";
import { getDataProductOrThrow } from "@/lib/catalog/queries";
import { toProductDto } from "@/lib/catalog/dto";
import { visibleProducts } from "@/lib/catalog/visibility";
import { SLUG_PATTERN } from "@/lib/core/schema-primitives";
import { errorOf } from "@/lib/http/route";
import { redactArguments, storable } from "./redact";
import { productMarkdown } from "./markdown";
import { toolRefusal } from "./permissions";
import { MCP_TOOLS, toolNamed, type ToolContext } from "./tools";

export const MCP_SERVER_INFO = { name: "meshport", version: "1.0.0" } as const;

const INSTRUCTIONS = `Meshport is the self-service portal of an event-driven data mesh: domain teams publish data products (mostly Kafka topics with schemas and data contracts), and other teams request access to their output ports.
You act as the user who made this token, under their rules: you see what they may see, file what they may file, and events are masked as they would be for them.
Start with search_products, then get_product (its ports[].ref names a port for the other tools). Before request_access, ask the user for the purpose and which of their teams (my_access lists them); never invent a purpose.`;

/** JSON Schema for a tool's input or output (draft-07, which every client validates). */
function jsonSchema(schema: z.ZodType, io: "input" | "output"): Tool["inputSchema"] {
  const json = z.toJSONSchema(schema, { io, target: "draft-7", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  delete json.$schema;
  return json as Tool["inputSchema"];
}

const toolList: Tool[] = MCP_TOOLS.map((t) => ({
  name: t.name,
  title: t.title,
  description: t.description,
  inputSchema: jsonSchema(t.input, "input"),
  outputSchema: jsonSchema(t.output, "output"),
  annotations: {
    title: t.title,
    readOnlyHint: t.readOnly,
    destructiveHint: false,
    idempotentHint: t.readOnly,
    openWorldHint: false,
  },
}));

/** The portal's error body for anything a tool throws (the REST routes' model). */
export const toErrorBody = (err: unknown): ErrorBody["error"] => errorOf(err, "mcp").error;

const toolError = (error: ErrorBody["error"]): CallToolResult => ({
  isError: true,
  content: [{ type: "text", text: JSON.stringify({ error }) }],
});

export interface McpCaller extends ToolContext {
  tokenId: string;
  scopes: readonly string[];
  userAgent: string | null;
}

/** One audit row per call: who, which token, what, the arguments without secrets, the outcome. */
async function recordCall(
  caller: McpCaller,
  action: "mcp.tool_called" | "mcp.resource_read",
  data: { name: string; arguments: unknown; outcome: "ok" | string; ms: number },
): Promise<void> {
  await caller.prisma.auditEvent
    .create({
      data: {
        actorId: caller.user.id,
        action,
        subjectType: "api_token",
        subjectId: caller.tokenId,
        data: {
          [action === "mcp.tool_called" ? "tool" : "uri"]: data.name,
          arguments: redactArguments(data.arguments) as object,
          outcome: data.outcome,
          ms: data.ms,
          userAgent: caller.userAgent?.slice(0, 200) ?? null,
        },
      },
    })
    .catch((err: unknown) => console.error("[mcp] could not audit a call:", err));
}

/**
 * Counts the call against the token's budget and refuses it when this minute's is spent. Returns
 * whether to audit it: every call within the budget and the first refused one of a window (a
 * client hammering a spent budget does not fill the audit).
 */
async function rateLimit(caller: McpCaller): Promise<{ audit: boolean }> {
  const perMinute = env().MESHPORT_MCP_CALLS_PER_MINUTE;
  const taken = await takeCall(caller.prisma, mcpCallLimit(caller.tokenId, perMinute));
  if (taken.retryAfter > 0)
    throw Object.assign(
      AppError.rateLimited(
        `This token made ${perMinute} calls this minute; try again in ${taken.retryAfter} s`,
        taken.retryAfter,
      ),
      { audit: taken.count === perMinute + 1 },
    );
  return { audit: true };
}

/** Whether a refused call should still be audited (see rateLimit). */
const auditable = (err: unknown) => (err as { audit?: boolean } | null)?.audit !== false;

export async function callTool(caller: McpCaller, name: string, args: unknown): Promise<CallToolResult> {
  const started = performance.now();
  let outcome = "ok";
  let audit = true;
  try {
    // The budget first: every call counts, whatever it asks for.
    await rateLimit(caller);
    const tool = toolNamed(name);
    if (!tool)
      throw new AppError(
        "not_found",
        `There is no tool "${name.slice(0, 100)}": tools/list names the tools`,
        404,
      );
    const refusal = toolRefusal(caller.scopes, tool);
    if (refusal) throw AppError.forbidden(refusal);
    const unsafe = findUnsafeInput(args ?? {});
    if (unsafe)
      throw new AppError(
        "validation_failed",
        `${["arguments", unsafe.path].filter(Boolean).join(".")}: ${unsafe.message}`,
        422,
      );
    const input = tool.input.parse(args ?? {});
    const result = await tool.run(caller, input);
    const output = tool.output.safeParse(result);
    if (!output.success) {
      // Our answer does not match our own schema: our fault, never the caller's input.
      console.error(
        `[mcp] ${tool.name} answered outside its output schema:`,
        output.error.issues.slice(0, 5),
      );
      throw new Error(`output of ${tool.name} does not match its schema`);
    }
    const data = output.data as Record<string, unknown>;
    return { content: [{ type: "text", text: JSON.stringify(data) }], structuredContent: data };
  } catch (err) {
    const error = toErrorBody(err);
    outcome = error.code;
    audit = auditable(err);
    return toolError(error);
  } finally {
    if (audit)
      await recordCall(caller, "mcp.tool_called", {
        name: storable(name.slice(0, 100)),
        arguments: args ?? {},
        outcome,
        ms: Math.round(performance.now() - started),
      });
  }
}

const RESOURCE_PREFIX = "meshport://products/";
const RESOURCES_PAGE = 100;

/** A product as markdown with each port's contract, as `user` may see it. */
export async function readProductResource(caller: McpCaller, uri: string): Promise<string> {
  const slug = uri.startsWith(RESOURCE_PREFIX) ? uri.slice(RESOURCE_PREFIX.length) : "";
  if (!SLUG_PATTERN.test(slug)) throw AppError.notFound(`Resource "${uri}" (meshport://products/<slug>)`);
  const product = toProductDto(await getDataProductOrThrow(caller.prisma, caller.user, slug));
  const contracts = new Map<string, string>();
  for (const port of product.outputPorts)
    contracts.set(port.id, (await exportPortContract(caller.prisma, caller.user, port.id)).yaml);
  return productMarkdown(product, contracts, `${caller.baseUrl}/products/${slug}`);
}

/** The MCP server for `caller` (one per HTTP request: the server keeps no session). */
export function createMcpServer(caller: McpCaller): Server {
  const server = new Server(MCP_SERVER_INFO, {
    capabilities: { tools: {}, resources: {} },
    instructions: INSTRUCTIONS,
  });
  // Every tool is listed; one the token's scopes do not cover answers with the scope it needs.
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: toolList }));
  server.setRequestHandler(CallToolRequestSchema, (request) =>
    callTool(caller, request.params.name, request.params.arguments),
  );
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
    resourceTemplates: [
      {
        uriTemplate: `${RESOURCE_PREFIX}{slug}`,
        name: "product",
        title: "Data product",
        description:
          "A data product as markdown: docs, owners, service levels, ports with schemas and data contracts (ODCS)",
        mimeType: "text/markdown",
      },
    ],
  }));
  server.setRequestHandler(ListResourcesRequestSchema, (request) =>
    resourceCall(caller, "resources/list", request.params?.cursor ?? "", async () => {
      const cursor = request.params?.cursor ?? "0";
      const offset = /^\d{1,6}$/.test(cursor) ? Number(cursor) : -1;
      if (offset < 0)
        throw new AppError("validation_failed", "cursor: pass back a nextCursor this server gave", 422);
      const products = await caller.prisma.dataProduct.findMany({
        where: { ...visibleProducts(caller.user), lifecycle: { not: "RETIRED" } },
        select: { slug: true, name: true, summary: true },
        orderBy: [{ name: "asc" }, { slug: "asc" }],
        skip: offset,
        take: RESOURCES_PAGE + 1,
      });
      return {
        resources: products.slice(0, RESOURCES_PAGE).map((p) => ({
          uri: `${RESOURCE_PREFIX}${p.slug}`,
          name: p.slug,
          title: p.name,
          description: p.summary,
          mimeType: "text/markdown",
        })),
        ...(products.length > RESOURCES_PAGE ? { nextCursor: String(offset + RESOURCES_PAGE) } : {}),
      };
    }),
  );
  server.setRequestHandler(ReadResourceRequestSchema, (request) =>
    resourceCall(caller, "resources/read", request.params.uri, async () => {
      const text = await readProductResource(caller, request.params.uri);
      return { contents: [{ uri: request.params.uri, mimeType: "text/markdown", text }] };
    }),
  );
  return server;
}

/**
 * A resources/* request with the tools' rules: the budget, the `read` scope, the audit, and
 * errors as the portal's `{error:{code,message}}` in the JSON-RPC error (-32002 for not found,
 * the spec's "resource not found").
 */
async function resourceCall<T>(
  caller: McpCaller,
  method: "resources/list" | "resources/read",
  target: string,
  run: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  let outcome = "ok";
  let audit = true;
  try {
    await rateLimit(caller);
    const refusal = toolRefusal(caller.scopes, { name: method, scope: "read" });
    if (refusal) throw AppError.forbidden(refusal);
    return await run();
  } catch (err) {
    const error = toErrorBody(err);
    outcome = error.code;
    audit = auditable(err);
    throw new McpError(
      error.code === "not_found" ? -32002 : ErrorCode.InvalidRequest,
      JSON.stringify({ error }),
    );
  } finally {
    if (audit)
      await recordCall(caller, "mcp.resource_read", {
        name: storable(`${method === "resources/list" ? "list " : ""}${target}`.slice(0, 300)),
        arguments: {},
        outcome,
        ms: Math.round(performance.now() - started),
      });
  }
}
