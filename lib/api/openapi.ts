/**
 * OpenAPI 3.1 description of /api/v1, built from the same zod schemas the handlers parse with,
 * so the document cannot drift from validation. Add every new route to `paths`.
 */
import { z } from "zod";
import { FACET_KEYS, LIFECYCLES, PORT_TYPES, PRODUCT_KINDS, SORTS } from "@/lib/catalog/schemas";

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
  422: "Invalid parameters or body",
  503: "Kafka unavailable",
};

function queryParam(name: string, schema: object, description: string, style?: "form") {
  return { name, in: "query", required: false, description, schema, ...(style ? { style, explode: true } : {}) };
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
  TopicFacts: z.object({ topic: z.string(), partitions: z.int(), retainedMessages: z.int() }),
};

export function buildOpenApiDocument() {
  const componentSchemas = Object.fromEntries(
    Object.entries(schemas).map(([name, s]) => [name, z.toJSONSchema(s, { target: "draft-2020-12" })]),
  );
  const facetsSchema = {
    type: "object",
    properties: Object.fromEntries(FACET_KEYS.map((k) => [k, { type: "array", items: ref("FacetBucket") }])),
  };
  const many = (values?: readonly string[]) => ({ type: "array", items: values ? { type: "string", enum: values } : { type: "string" } });

  return {
    openapi: "3.1.0",
    info: {
      title: "Meshport API",
      version: "1",
      description:
        "Self-service portal for an event-driven data mesh. Every route needs a session cookie or a personal access token (`Authorization: Bearer …`); errors are `{error:{code,message}}`.",
    },
    servers: [{ url: "/" }],
    security: [{ session: [] }, { bearer: [] }],
    paths: {
      "/api/v1/products": {
        get: {
          operationId: "findDataProducts",
          summary: "Search data products (full-text, facets)",
          parameters: [
            queryParam("q", { type: "string", maxLength: 200 }, "Free text; every word must match, the last as a prefix"),
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
                required: ["items", "total", "page", "pageSize", "facets"],
                properties: {
                  items: { type: "array", items: ref("ProductListItem") },
                  total: { type: "integer" },
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
          responses: { "200": { description: "The product", content: json({ type: "object" }) }, ...errors(401, 404, 422) },
        },
      },
      "/api/v1/domains": {
        get: {
          operationId: "listDomains",
          summary: "Domains with their teams and product counts",
          responses: {
            "200": {
              description: "All domains",
              content: json({ type: "object", properties: { items: { type: "array", items: { type: "object" } } } }),
            },
            ...errors(401),
          },
        },
      },
      "/api/v1/ports/{portId}/kafka": {
        get: {
          operationId: "getTopicFacts",
          summary: "Live facts of a kafka-topic port from the broker",
          parameters: [{ name: "portId", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
          responses: { "200": { description: "Topic facts", content: json(ref("TopicFacts")) }, ...errors(400, 401, 404, 422, 503) },
        },
      },
      "/api/v1/health": {
        get: {
          operationId: "getHealth",
          summary: "Database and Kafka status (no authentication)",
          security: [],
          responses: { "200": { description: "Healthy" }, "503": { description: "Database unavailable" } },
        },
      },
      "/api/v1/openapi.json": {
        get: { operationId: "getOpenApi", summary: "This document", security: [], responses: { "200": { description: "OpenAPI 3.1" } } },
      },
    },
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
        bearer: { type: "http", scheme: "bearer", description: "Personal access token" },
      },
      schemas: componentSchemas,
      responses: Object.fromEntries(
        Object.entries(ERROR_TEXT).map(([s, text]) => [`Error${s}`, { description: text, content: json(ref("Error")) }]),
      ),
    },
  };
}
