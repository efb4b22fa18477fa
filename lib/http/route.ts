import "server-only";
import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { ZodError, type ZodType } from "zod";
import type { TokenScope } from "@/lib/auth/scopes";
import type { CurrentUser } from "@/lib/auth/types";
import { searchParamsToObject } from "@/lib/api/search-params";
import { env } from "@/lib/core/env";
import { AppError, type ErrorBody } from "@/lib/core/errors";
import { getCurrentUser } from "@/lib/auth/session";
import { findUnsafeInput } from "@/lib/api/input-guard";

type RouteParams = Promise<Record<string, string | string[] | undefined>>;

export interface RouteContext<P, Q, B> {
  req: NextRequest;
  user: CurrentUser;
  params: P;
  query: Q;
  body: B;
}

/** What the API document says about a route: lib/http/openapi.ts builds openapi.json from it. */
export interface RouteDoc {
  /** Stable name of the operation (clients generate method names from it). */
  operationId: string;
  summary: string;
  /** The success answer: JSON described by `schema` (status 200 unless named), or another media type. */
  response: { status?: 200 | 201; description: string; schema?: ZodType<unknown>; mediaType?: string };
  /** Answers beyond those the spec implies (401; 403 and 415 for state changes; 400 and 422 for input). */
  errors?: readonly number[];
  /** Anyone may call it, signed in or not. */
  public?: boolean;
}

export interface RouteSpec<P = unknown, Q = unknown, B = unknown> extends RouteDoc {
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  /**
   * The token scope a bearer token needs. Defaults to `read` for GET/HEAD; a state-changing route
   * must name its scope, or tokens are refused (null: never by token, e.g. making tokens).
   */
  scope?: TokenScope | null;
  /** Body media types a cookie-authenticated state change may use (default: application/json). */
  contentTypes?: readonly string[];
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function errorResponse(
  code: ErrorBody["error"]["code"],
  message: string,
  status: number,
  headers?: Record<string, string>,
  details?: readonly unknown[],
): NextResponse<ErrorBody> {
  return NextResponse.json(
    { error: { code, message, ...(details ? { details } : {}) } },
    { status, ...(headers ? { headers } : {}) },
  );
}

type Issue = ZodError["issues"][number];

/**
 * The issues to report, with full paths. A union that matched no branch reports the issues of
 * the branch the input was closest to (right type, fewest problems) instead of "Invalid input".
 */
function leafIssues(issue: Issue, prefix: PropertyKey[] = []): { path: PropertyKey[]; message: string }[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    const typed = issue.errors.filter(
      (branch) => !branch.every((i) => i.code === "invalid_type" && i.path.length === 0),
    );
    if (typed.length > 0) {
      const closest = typed.reduce((a, b) => (b.length < a.length ? b : a));
      return closest.flatMap((i) => leafIssues(i, path));
    }
  }
  return [{ path, message: issue.message }];
}

export function describeZodError(err: ZodError): string {
  return err.issues
    .flatMap((i) => leafIssues(i))
    .slice(0, 5)
    .map((i) => (i.path.length > 0 ? `${i.path.map(String).join(".")}: ${i.message}` : i.message))
    .join("; ");
}

function prismaCode(err: unknown): string | undefined {
  if (typeof err === "object" && err !== null && "code" in err && "clientVersion" in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

/**
 * The one error model for any thrown value: the body, its status and headers. Unexpected errors
 * are logged (under `context`), never echoed. The REST wrapper and the MCP server share it.
 */
export function errorOf(
  err: unknown,
  context = "api",
): { status: number; headers?: Record<string, string>; error: ErrorBody["error"] } {
  if (err instanceof AppError)
    return {
      status: err.status,
      headers: err.headers,
      error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) },
    };
  if (err instanceof ZodError)
    return { status: 422, error: { code: "validation_failed", message: describeZodError(err) } };
  switch (prismaCode(err)) {
    case "P2025":
      return { status: 404, error: { code: "not_found", message: "The record does not exist" } };
    case "P2002":
      return {
        status: 409,
        error: { code: "conflict", message: "A record with these values already exists" },
      };
  }
  console.error(`[${context}] unexpected error:`, err);
  return { status: 500, error: { code: "internal", message: "Something went wrong on our side" } };
}

/** Maps any thrown value to the one error body. */
export function toErrorResponse(err: unknown): NextResponse<ErrorBody> {
  const { status, headers, error } = errorOf(err);
  return errorResponse(error.code, error.message, status, headers, error.details);
}

/** Refuses input PostgreSQL or a page could not hold (NUL characters, absurd nesting) with a 422 naming where. */
function guard(value: unknown, where: string): void {
  const problem = findUnsafeInput(value);
  if (problem)
    throw new AppError(
      "validation_failed",
      `${[where, problem.path].filter(Boolean).join(".")}: ${problem.message}`,
      422,
    );
}

async function readBody(req: NextRequest): Promise<unknown> {
  const text = await req.text();
  if (text.trim() === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON", 400);
  }
  guard(parsed, "body");
  return parsed;
}

/** The origins the portal is served from, as this request reached it (and NEXTAUTH_URL's). */
export function ownOrigins(req: Request): Set<string> {
  const url = new URL(req.url);
  const origins = new Set<string>([url.origin]);
  const configured = env().NEXTAUTH_URL;
  if (configured) origins.add(new URL(configured).origin);
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (host)
    origins.add(`${req.headers.get("x-forwarded-proto") ?? url.protocol.replace(/:$/, "")}://${host}`);
  return origins;
}

/**
 * Cross-site requests change nothing: a state change by cookie must come from the portal's own
 * origin (Origin / Sec-Fetch-Site) and carry one of the route's media types — never a form's
 * (text/plain, urlencoded, multipart), which a foreign page can send without a CORS preflight.
 * Bearer-token requests carry no ambient credential and are exempt.
 */
function refuseCrossSite(req: NextRequest, contentTypes: readonly string[]): void {
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none")
    throw AppError.forbidden(`Cross-site requests may not change anything (Sec-Fetch-Site: ${site})`);
  const origin = req.headers.get("origin");
  if (origin !== null && !ownOrigins(req).has(origin))
    throw AppError.forbidden("Cross-site requests may not change anything (Origin is not the portal's)");
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!contentTypes.includes(type)) {
    throw new AppError(
      "unsupported_media_type",
      `Send this request as ${contentTypes.join(" or ")} (got ${type || "no Content-Type"})`,
      415,
    );
  }
}

function requireScope(user: CurrentUser, method: string, scope: TokenScope | null | undefined): void {
  if (user.credential?.kind !== "token") return;
  const needed = scope === undefined ? (SAFE_METHODS.has(method) ? "read" : null) : scope;
  if (needed === null)
    throw AppError.forbidden("A personal access token cannot do this; sign in to the portal");
  if (!user.credential.scopes.includes(needed))
    throw AppError.forbidden(`This token lacks the "${needed}" scope`);
}

/**
 * The one route wrapper: authenticates (session cookie or bearer token), refuses cross-site
 * state changes and tokens without the route's scope, parses params, query and body with zod
 * (after refusing NUL characters and absurd nesting), runs the handler, maps errors.
 * Authorization stays in the handler's business call, against the user read from the database.
 * A handler returning a plain value answers 200 JSON; return a Response for anything else.
 */
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined, R = unknown>(
  spec: RouteSpec<P, Q, B> & { response: { schema?: ZodType<R> } },
  handler: (ctx: RouteContext<P, Q, B>) => Promise<NoInfer<R> | Response>,
): DescribedHandler<(req: NextRequest, context: { params: RouteParams }) => Promise<Response>> {
  return described(spec, async (req: NextRequest, context: { params: RouteParams }): Promise<Response> => {
    try {
      const user = await getCurrentUser(req.headers);
      if (!user) throw AppError.unauthenticated();
      const method = req.method.toUpperCase();
      if (user.credential?.kind !== "token" && !SAFE_METHODS.has(method))
        refuseCrossSite(req, spec.contentTypes ?? ["application/json"]);
      requireScope(user, method, spec.scope);
      const rawParams = await context.params;
      guard(rawParams, "params");
      const rawQuery = searchParamsToObject(req.nextUrl.searchParams);
      guard(rawQuery, "query");
      const params = (spec.params ? spec.params.parse(rawParams) : {}) as P;
      const query = (spec.query ? spec.query.parse(rawQuery) : {}) as Q;
      const body = (spec.body ? spec.body.parse(await readBody(req)) : undefined) as B;
      const result = await handler({ req, user, params, query, body });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (err) {
      return toErrorResponse(err);
    }
  });
}

/** A route handler that carries its spec, for the API document. */
export type DescribedHandler<H> = H & { spec: RouteSpec };

/** Attaches a spec to a handler that does not go through route() (health, the document itself). */
export function described<H extends (...args: never[]) => unknown>(
  spec: RouteSpec<never, never, never> | RouteSpec,
  handler: H,
): DescribedHandler<H> {
  return Object.assign(handler, { spec: spec as RouteSpec });
}
