/**
 * OpenAPI 3.1 description of /api/v1, generated (zod-openapi) from the specs the routes
 * themselves run on: the zod schemas route() parses params, query and body with, and each
 * route's operationId, summary, response and extra error answers. Nothing here is per-route;
 * a new route appears once it is listed in app/api/v1/routes.ts (a test checks that list
 * against the route files).
 */
import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import { TOKEN_SCOPES } from "@/lib/auth/scopes";
import type { RouteSpec } from "./route";

/** A route module (its exported method handlers carry `spec`) and its OpenAPI path. */
export interface ApiRoute {
  path: string;
  module: Record<string, unknown>;
}

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z
        .array(z.unknown())
        .optional()
        .describe("Structured detail, e.g. every violated mesh policy (`policy_violation`)"),
    }),
  })
  .meta({ id: "Error", description: "The one error body of every route" });

const ERROR_TEXT: Record<number, string> = {
  400: "Malformed request (a body that is not JSON)",
  401: "Not signed in (session cookie or `Authorization: Bearer <token>`)",
  403: "Signed in but not allowed (also: a token without the route's scope, a cross-site state change)",
  404: "Not found",
  409: "Conflict with the current state",
  415: "A state change by session cookie whose body is not one of the route's media types",
  422: "Invalid parameters or body (also NUL characters and nesting deeper than 64 levels, naming the field)",
  429: "Too many: live streams per person, one server layout at a time, failed tokens per address (see Retry-After)",
  503: "A dependency is unavailable or too slow (Kafka; a layout past its deadline)",
};

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** The spec a handler carries (route() and described() attach it), if any. */
export function specOf(handler: unknown): RouteSpec | undefined {
  return typeof handler === "function" && "spec" in handler ? (handler.spec as RouteSpec) : undefined;
}

/** The error answers a route can give: those its spec implies, plus the ones it names. */
export function errorStatuses(method: string, spec: RouteSpec): number[] {
  const statuses = new Set(spec.errors ?? []);
  if (!spec.public) statuses.add(401);
  if (!SAFE.has(method)) {
    statuses.add(403);
    statuses.add(415);
  }
  if (spec.body && !spec.contentTypes) statuses.add(400);
  if (spec.params || spec.query || spec.body) statuses.add(422);
  return [...statuses].sort((a, b) => a - b);
}

function operation(method: string, spec: RouteSpec): ZodOpenApiOperationObject {
  const { response } = spec;
  const mediaType = response.mediaType ?? "application/json";
  const requestTypes = spec.contentTypes ?? ["application/json"];
  const scope =
    spec.scope === undefined ? (SAFE.has(method) ? "read" : "none: a token cannot call it") : spec.scope;
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    description: spec.public
      ? "Public: no session or token needed."
      : `Token scope: ${scope ?? "none: sign in to the portal (tokens are refused)"}.`,
    ...(spec.public ? { security: [] } : {}),
    ...(spec.params || spec.query
      ? {
          requestParams: {
            ...(spec.params ? { path: spec.params as z.ZodObject } : {}),
            ...(spec.query ? { query: spec.query as z.ZodObject } : {}),
          },
        }
      : {}),
    ...(spec.body
      ? {
          requestBody: {
            required: !spec.body.safeParse(undefined).success,
            content: Object.fromEntries(requestTypes.map((type) => [type, { schema: spec.body! }])),
          },
        }
      : spec.contentTypes
        ? {
            requestBody: {
              required: true,
              content: Object.fromEntries(requestTypes.map((type) => [type, { schema: z.string() }])),
            },
          }
        : {}),
    responses: {
      [String(response.status ?? 200)]: {
        description: response.description,
        content: {
          [mediaType]: {
            schema: response.schema ?? (mediaType === "application/json" ? z.object({}).loose() : z.string()),
          },
        },
      },
      ...Object.fromEntries(
        errorStatuses(method, spec).map((status) => [
          String(status),
          {
            description: ERROR_TEXT[status] ?? "Error",
            content: { "application/json": { schema: ErrorSchema } },
          },
        ]),
      ),
    },
  };
}

/** The operations of every route, by path and method, from the specs their handlers carry. */
export function describedOperations(
  routes: readonly ApiRoute[],
): { path: string; method: string; spec: RouteSpec }[] {
  return routes.flatMap(({ path, module }) =>
    HTTP_METHODS.flatMap((method) => {
      const spec = specOf(module[method]);
      return spec ? [{ path, method, spec }] : [];
    }),
  );
}

export function buildOpenApiDocument(routes: readonly ApiRoute[]) {
  const paths: ZodOpenApiPathsObject = {};
  for (const { path, method, spec } of describedOperations(routes)) {
    paths[path] = { ...paths[path], [method.toLowerCase()]: operation(method, spec) };
  }
  return createDocument(
    {
      openapi: "3.1.0",
      info: {
        title: "Meshport API",
        version: "1",
        description: `Self-service portal for an event-driven data mesh. Every route needs a session cookie or a personal access token (\`Authorization: Bearer …\`) unless it says it is public; errors are \`{error:{code,message}}\`. Tokens carry scopes (${TOKEN_SCOPES.join(", ")}): a route refuses a token without its scope (403 naming it). State changes by session cookie must come from the portal's own origin with a JSON body (YAML for a contract import): others are 403/415.`,
      },
      servers: [{ url: "/" }],
      security: [{ session: [] }, { bearer: [] }],
      paths,
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
          bearer: { type: "http", scheme: "bearer", description: "Personal access token" },
        },
      },
    },
    // Query schemas coerce and default (strings in, typed values out): describe what is sent.
    { allowEmptySchema: { custom: true } },
  );
}
