/**
 * OpenAPI 3.1 description of /api/v1, built from the same zod schemas the handlers parse with,
 * so the document cannot drift from validation. Add every new route to `paths`.
 */
import { z } from "zod";
import {
  FACET_KEYS,
  LIFECYCLES,
  MarkdownPreviewSchema,
  PORT_TYPES,
  PRODUCT_KINDS,
  ProductUpdateSchema,
  RegisterTopicSchema,
  SchemaVersionInputSchema,
  SORTS,
} from "@/lib/catalog/schemas";
import {
  AccessRequestCreateSchema,
  ApproveSchema,
  DenySchema,
  TokenCreateSchema,
} from "@/lib/access/schemas";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ "application/json": { schema } });
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/Error${s}` }]));

const ERROR_TEXT: Record<number, string> = {
  400: "Malformed request",
  401: "Not signed in (session cookie or `Authorization: Bearer <token>`)",
  403: "Signed in but not allowed",
  404: "Not found",
  409: "Conflict with the current state",
  415: "A state change by session cookie that is not JSON (or YAML for a contract): refused against cross-site requests",
  422: "Invalid parameters or body (also NUL characters and nesting deeper than 64 levels, naming the field)",
  429: "Too many: live streams per person, one server layout at a time, failed tokens per address (see Retry-After)",
  503: "A dependency is unavailable or too slow (Kafka; a layout past its deadline)",
};

function queryParam(name: string, schema: object, description: string, style?: "form") {
  return {
    name,
    in: "query",
    required: false,
    description,
    schema,
    ...(style ? { style, explode: true } : {}),
  };
}

const schemas = {
  Error: z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
  ProductListItem: z.object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    summary: z.string(),
    kind: z.enum(PRODUCT_KINDS),
    lifecycle: z.enum(LIFECYCLES),
    domain: z.object({ slug: z.string(), name: z.string() }),
    ownerTeam: z.object({ slug: z.string(), name: z.string() }),
    tags: z.array(z.string()),
    portTypes: z.array(z.enum(PORT_TYPES)),
    updatedAt: z.iso.datetime(),
  }),
  FacetBucket: z.object({ value: z.string(), label: z.string(), count: z.int() }),
  SchemaField: z.object({
    path: z.string(),
    type: z.string(),
    description: z.string(),
    required: z.boolean(),
    classification: z.enum(["PUBLIC", "INTERNAL", "CONFIDENTIAL", "PII"]),
  }),
  TopicFacts: z.object({
    topic: z.string(),
    partitions: z.int(),
    retainedMessages: z.int(),
    messagesPerMinute: z.array(z.number()).describe("Last hour in 12 five-minute buckets, oldest first"),
    lastEventAt: z.iso.datetime().nullable(),
    consumerGroups: z.int(),
  }),
  ProductUpdate: ProductUpdateSchema,
  MarkdownPreview: MarkdownPreviewSchema,
  SchemaVersionInput: SchemaVersionInputSchema,
  RegisterTopic: RegisterTopicSchema,
  AccessRequestCreate: AccessRequestCreateSchema,
  Approve: ApproveSchema,
  Deny: DenySchema,
  TokenCreate: TokenCreateSchema,
};

const slugParam = { name: "slug", in: "path", required: true, schema: { type: "string" } };
const idParam = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const portParam = { name: "portId", in: "path", required: true, schema: { type: "string", format: "uuid" } };

export function buildOpenApiDocument() {
  const componentSchemas = Object.fromEntries(
    Object.entries(schemas).map(([name, s]) => [name, z.toJSONSchema(s, { target: "draft-2020-12" })]),
  );
  const facetsSchema = {
    type: "object",
    properties: Object.fromEntries(FACET_KEYS.map((k) => [k, { type: "array", items: ref("FacetBucket") }])),
  };
  const many = (values?: readonly string[]) => ({
    type: "array",
    items: values ? { type: "string", enum: values } : { type: "string" },
  });

  return {
    openapi: "3.1.0",
    info: {
      title: "Meshport API",
      version: "1",
      description:
        "Self-service portal for an event-driven data mesh. Every route needs a session cookie or a personal access token (`Authorization: Bearer …`); errors are `{error:{code,message}}`. Tokens carry scopes (read, catalog:write, access:request, access:decide, lineage:write): a route refuses a token without its scope (403 naming it). State changes by session cookie must come from the portal's own origin with a JSON body (YAML for a contract import): others are 403/415.",
    },
    servers: [{ url: "/" }],
    security: [{ session: [] }, { bearer: [] }],
    paths: {
      "/api/v1/products": {
        get: {
          operationId: "findDataProducts",
          summary: "Search data products (full-text, facets)",
          parameters: [
            queryParam(
              "q",
              { type: "string", maxLength: 200 },
              "Free text; every word must match, the last as a prefix",
            ),
            queryParam("domain", many(), "Domain slugs (repeat or comma-separate)", "form"),
            queryParam("kind", many(PRODUCT_KINDS), "Product kinds", "form"),
            queryParam("owner", many(), "Owner team slugs", "form"),
            queryParam("tag", many(), "Tags", "form"),
            queryParam("portType", many(PORT_TYPES), "Output port types", "form"),
            queryParam("sort", { type: "string", enum: SORTS }, "Default: relevance with a query, else name"),
            queryParam("page", { type: "integer", minimum: 1, maximum: 500 }, "1-based page of 20"),
          ],
          responses: {
            "200": {
              description: "A page of matches, the total and facet counts",
              content: json({
                type: "object",
                required: [
                  "items",
                  "total",
                  "totalCapped",
                  "mode",
                  "facetsApproximate",
                  "page",
                  "pageSize",
                  "facets",
                ],
                properties: {
                  items: { type: "array", items: ref("ProductListItem") },
                  total: { type: "integer", description: "Exact up to 500; see totalCapped" },
                  totalCapped: { type: "boolean", description: "More than 500 matched (shown as 500+)" },
                  mode: {
                    type: "string",
                    enum: ["match", "fuzzy"],
                    description: "fuzzy: results of the corrected query in didYouMean",
                  },
                  didYouMean: { type: "string" },
                  facetsApproximate: {
                    type: "boolean",
                    description: "Facet counts come from the first 500 matches",
                  },
                  page: { type: "integer" },
                  pageSize: { type: "integer" },
                  facets: facetsSchema,
                },
              }),
            },
            ...errors(401, 422),
          },
        },
      },
      "/api/v1/products/{slug}": {
        get: {
          operationId: "getDataProduct",
          summary: "A data product with docs, owners, ports and schemas, inputs and consumers",
          parameters: [{ name: "slug", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            "200": { description: "The product", content: json({ type: "object" }) },
            ...errors(401, 404, 422),
          },
        },
        patch: {
          operationId: "updateDataProduct",
          summary:
            "Owners (and admins) edit docs, summary, tags, service levels, terms; `revision` must be the one edited (409 when stale)",
          parameters: [slugParam],
          requestBody: { required: true, content: json(ref("ProductUpdate")) },
          responses: {
            "200": { description: "Saved; the new revision", content: json({ type: "object" }) },
            ...errors(400, 401, 403, 404, 409, 422),
          },
        },
      },
      "/api/v1/products/{slug}/contract": {
        get: {
          operationId: "exportContract",
          summary: "The product as an ODCS v3.1.0 data contract",
          parameters: [slugParam, queryParam("format", { type: "string", enum: ["odcs"] }, "Only odcs")],
          responses: {
            "200": { description: "YAML", content: { "application/yaml": { schema: { type: "string" } } } },
            ...errors(401, 404, 422),
          },
        },
        post: {
          operationId: "importContract",
          summary:
            "Owners import an ODCS v3 or Data Contract Specification document (YAML body); all or nothing",
          parameters: [
            slugParam,
            queryParam(
              "dryRun",
              { type: "string", enum: ["1", "0", "true", "false"] },
              "Only preview what would change",
            ),
          ],
          requestBody: { required: true, content: { "application/yaml": { schema: { type: "string" } } } },
          responses: {
            "200": { description: "`{applied, preview}`", content: json({ type: "object" }) },
            ...errors(401, 403, 404, 409, 422),
          },
        },
      },
      "/api/v1/markdown/preview": {
        post: {
          operationId: "previewMarkdown",
          summary: "Render markdown as product pages do (sanitized)",
          requestBody: { required: true, content: json(ref("MarkdownPreview")) },
          responses: {
            "200": { description: "`{html}`", content: json({ type: "object" }) },
            ...errors(400, 401, 422),
          },
        },
      },
      "/api/v1/ports/{portId}/schemas": {
        get: {
          operationId: "listSchemaVersions",
          summary: "A port's schema versions with their fields, newest first",
          parameters: [portParam],
          responses: {
            "200": { description: "`{port, versions}`", content: json({ type: "object" }) },
            ...errors(401, 404, 422),
          },
        },
        post: {
          operationId: "addSchemaVersion",
          summary:
            "Owners add a schema version; one breaking the port's compatibility mode gets 409 `incompatible_schema` naming the fields",
          parameters: [portParam],
          requestBody: { required: true, content: json(ref("SchemaVersionInput")) },
          responses: {
            "201": { description: "`{portId, version}`", content: json({ type: "object" }) },
            ...errors(400, 401, 403, 404, 409, 422),
          },
        },
      },
      "/api/v1/topics": {
        get: {
          operationId: "listUnregisteredTopics",
          summary: "Admins: broker topics that no output port exposes yet",
          parameters: [queryParam("unregistered", { type: "string", enum: ["1"] }, "Only 1")],
          responses: {
            "200": { description: "`{topics}`", content: json({ type: "object" }) },
            ...errors(401, 403, 422, 503),
          },
        },
        post: {
          operationId: "registerTopic",
          summary: "Admins: register a broker topic as a product's output port",
          requestBody: { required: true, content: json(ref("RegisterTopic")) },
          responses: {
            "201": { description: "The new port", content: json({ type: "object" }) },
            ...errors(400, 401, 403, 404, 409, 422, 503),
          },
        },
      },
      "/api/v1/domains": {
        get: {
          operationId: "listDomains",
          summary: "Domains with their teams and product counts",
          responses: {
            "200": {
              description: "All domains",
              content: json({
                type: "object",
                properties: { items: { type: "array", items: { type: "object" } } },
              }),
            },
            ...errors(401),
          },
        },
      },
      "/api/v1/ports/{portId}/kafka": {
        get: {
          operationId: "getTopicFacts",
          summary: "Live facts of a kafka-topic port from the broker",
          parameters: [portParam],
          responses: {
            "200": { description: "Topic facts", content: json(ref("TopicFacts")) },
            ...errors(400, 401, 404, 422, 503),
          },
        },
      },
      "/api/v1/ports/{portId}/tail": {
        get: {
          operationId: "tailPort",
          summary:
            "Live events of a kafka-topic port as Server-Sent Events (`id: <partition>:<offset>`, data `{partition, offset, timestamp, key, headers, value, masked, encoding, size}`; events `hello`, `status`, `dropped`, `end`; heartbeat comments). Owner team (raw), admins and teams with an active grant (PII masked); re-checked while streaming. `Last-Event-ID` resumes with no gap.",
          parameters: [
            portParam,
            queryParam(
              "from",
              { type: "string", pattern: "^(latest|earliest|last:\\d+)$" },
              "Where to start: latest (default), earliest, last:N (N ≤ 1000)",
            ),
            queryParam(
              "filter",
              { type: "string", maxLength: 500 },
              "Text to match in key or value, or `$.path=value`",
            ),
            queryParam(
              "lastEventId",
              { type: "string" },
              "Resume after this `<partition>:<offset>` (the Last-Event-ID header wins)",
            ),
          ],
          responses: {
            "200": {
              description: "`text/event-stream`",
              content: { "text/event-stream": { schema: { type: "string" } } },
            },
            ...errors(400, 401, 403, 404, 422, 429),
          },
        },
      },
      "/api/v1/access-requests": {
        post: {
          operationId: "createAccessRequest",
          summary: "Request access to an output port for one of your teams (default expiry 90 days)",
          requestBody: { required: true, content: json(ref("AccessRequestCreate")) },
          responses: {
            "201": { description: '`{id, status: "pending"}`', content: json({ type: "object" }) },
            ...errors(400, 401, 403, 404, 409, 422),
          },
        },
        get: {
          operationId: "listAccessRequests",
          summary: "The owner inbox (`as=owner`) or your teams' requests (`as=requester`)",
          parameters: [
            queryParam("as", { type: "string", enum: ["owner", "requester"] }, "Default requester"),
            queryParam(
              "status",
              { type: "string", enum: ["PENDING", "APPROVED", "DENIED", "CANCELLED"] },
              "Filter",
            ),
          ],
          responses: {
            "200": { description: "`{items}`", content: json({ type: "object" }) },
            ...errors(401, 422),
          },
        },
      },
      "/api/v1/access-requests/{id}": {
        get: {
          operationId: "getAccessRequest",
          summary: "A request with its grant and audit trail (404 unless you may see it)",
          parameters: [idParam],
          responses: {
            "200": { description: "The request", content: json({ type: "object" }) },
            ...errors(401, 404, 422),
          },
        },
      },
      "/api/v1/access-requests/{id}/approve": {
        post: {
          operationId: "approveAccessRequest",
          summary:
            "The owner team approves; the grant's Kafka ACLs are provisioned. Approving your own team's request: admins only",
          parameters: [idParam],
          requestBody: { required: false, content: json(ref("Approve")) },
          responses: {
            "200": { description: "`{status, grant:{id,status}}`", content: json({ type: "object" }) },
            ...errors(401, 403, 404, 409, 422),
          },
        },
      },
      "/api/v1/access-requests/{id}/deny": {
        post: {
          operationId: "denyAccessRequest",
          summary: "The owner team denies, with a reason the requester sees",
          parameters: [idParam],
          requestBody: { required: true, content: json(ref("Deny")) },
          responses: {
            "200": { description: "`{status}`", content: json({ type: "object" }) },
            ...errors(401, 403, 404, 409, 422),
          },
        },
      },
      "/api/v1/access-requests/{id}/cancel": {
        post: {
          operationId: "cancelAccessRequest",
          summary: "The requester withdraws a pending request",
          parameters: [idParam],
          responses: {
            "200": { description: "`{status}`", content: json({ type: "object" }) },
            ...errors(401, 403, 404, 409, 422),
          },
        },
      },
      "/api/v1/grants": {
        get: {
          operationId: "listGrants",
          summary: "Grants your teams hold or own (admins: all)",
          parameters: [
            queryParam("team", { type: "string" }, "Team slug"),
            queryParam("product", { type: "string" }, "Product slug"),
          ],
          responses: {
            "200": { description: "`{items}`", content: json({ type: "object" }) },
            ...errors(401, 422),
          },
        },
      },
      "/api/v1/grants/{id}/revoke": {
        post: {
          operationId: "revokeGrant",
          summary:
            "Removes exactly the grant's ACLs that no other live grant needs (503: Kafka down, finished later)",
          parameters: [idParam],
          responses: {
            "200": { description: "`{id, status}`", content: json({ type: "object" }) },
            ...errors(401, 403, 404, 409, 422, 503),
          },
        },
      },
      "/api/v1/grants/{id}/provision": {
        post: {
          operationId: "retryGrant",
          summary: "Re-provisions a failed (or active) grant; idempotent on the broker",
          parameters: [idParam],
          responses: {
            "200": { description: "`{id, status, error}`", content: json({ type: "object" }) },
            ...errors(401, 403, 404, 409, 422),
          },
        },
      },
      "/api/v1/tokens": {
        get: {
          operationId: "listTokens",
          summary: "Your personal access tokens (never the secrets)",
          responses: { "200": { description: "`{items}`" }, ...errors(401) },
        },
        post: {
          operationId: "createToken",
          summary:
            "Create a personal access token with scopes (default: read); the secret is in this response only. Never with a token.",
          requestBody: { required: true, content: json(ref("TokenCreate")) },
          responses: {
            "201": { description: "`{id, name, prefix, scopes, expiresAt, token}`" },
            ...errors(400, 401, 403, 415, 422),
          },
        },
      },
      "/api/v1/tokens/{id}": {
        delete: {
          operationId: "revokeToken",
          summary: "Revoke one of your tokens (never with a token)",
          parameters: [idParam],
          responses: { "200": { description: "Revoked" }, ...errors(401, 403, 404, 415, 422) },
        },
      },
      "/api/v1/sessions": {
        delete: {
          operationId: "signOutEverywhere",
          summary: "Ends every browser session of the caller at once (never with a token)",
          responses: { "200": { description: "`{revoked}`" }, ...errors(401, 403, 415) },
        },
      },
      "/api/v1/lineage": {
        get: {
          operationId: "getLineage",
          summary:
            "A product's lineage neighbourhood (recursive, both directions), or the whole mesh without `product`",
          parameters: [
            queryParam("product", { type: "string" }, "Product slug"),
            queryParam(
              "upstream",
              { oneOf: [{ type: "integer", minimum: 0, maximum: 50 }, { const: "all" }] },
              "Hops upstream (default 1)",
            ),
            queryParam(
              "downstream",
              { oneOf: [{ type: "integer", minimum: 0, maximum: 50 }, { const: "all" }] },
              "Hops downstream (default 1)",
            ),
          ],
          responses: {
            "200": { description: "`{nodes, edges}`", content: json({ type: "object" }) },
            ...errors(401, 404, 422),
          },
        },
        post: {
          operationId: "ingestOpenLineage",
          summary: "OpenLineage RunEvents (spec 2-0-2), one or an array; idempotent",
          requestBody: { required: true, content: json({ type: "object" }) },
          responses: {
            "200": { description: "`{accepted, duplicates}`", content: json({ type: "object" }) },
            ...errors(400, 401, 422),
          },
        },
      },
      "/api/v1/lineage/layout": {
        post: {
          operationId: "layoutLineage",
          summary:
            "Lays out a lineage graph on the server (elkjs in worker threads, cached by graph hash); the lineage page uses it until its own Web Workers are warm",
          requestBody: {
            required: true,
            content: json({
              type: "object",
              description: "`{nodes:[{id, group?, rank?, width, height}], edges:[{id, source, target}]}`",
            }),
          },
          responses: {
            "200": {
              description: "`{nodes: {id: {x, y}}, groups, width, height}`",
              content: json({ type: "object" }),
            },
            ...errors(400, 401, 422, 503),
          },
        },
      },
      "/api/v1/lineage/impact": {
        get: {
          operationId: "getImpact",
          summary: "Everything downstream of an output port, with depth, ports and teams holding grants",
          parameters: [
            queryParam("port", { type: "string", format: "uuid" }, "Output port id"),
            queryParam("field", { type: "string" }, "A schema field (echoed; consumers read whole ports)"),
            queryParam("format", { type: "string", enum: ["json", "csv"] }, "csv downloads"),
          ],
          responses: {
            "200": { description: "The report", content: json({ type: "object" }) },
            ...errors(401, 404, 422),
          },
        },
      },
      "/api/v1/health": {
        get: {
          operationId: "getHealth",
          summary: "`{status}` for anyone; database, Kafka and live-tail details for signed-in callers",
          security: [],
          responses: { "200": { description: "Healthy" }, "503": { description: "Database unavailable" } },
        },
      },
      "/api/v1/openapi.json": {
        get: {
          operationId: "getOpenApi",
          summary: "This document",
          security: [],
          responses: { "200": { description: "OpenAPI 3.1" } },
        },
      },
    },
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
        bearer: { type: "http", scheme: "bearer", description: "Personal access token" },
      },
      schemas: componentSchemas,
      responses: Object.fromEntries(
        Object.entries(ERROR_TEXT).map(([s, text]) => [
          `Error${s}`,
          { description: text, content: json(ref("Error")) },
        ]),
      ),
    },
  };
}
