import "server-only";
import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { ZodError, type ZodType } from "zod";
import type { CurrentUser } from "@/lib/auth/types";
import { searchParamsToObject } from "@/lib/api/search-params";
import { AppError, type ErrorBody } from "@/lib/errors";
import { getCurrentUser } from "./auth";

type RouteParams = Promise<Record<string, string | string[] | undefined>>;

export interface RouteContext<P, Q, B> {
  req: NextRequest;
  user: CurrentUser;
  params: P;
  query: Q;
  body: B;
}

interface RouteSpec<P, Q, B> {
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
}

export function errorResponse(code: ErrorBody["error"]["code"], message: string, status: number): NextResponse<ErrorBody> {
  return NextResponse.json({ error: { code, message } }, { status });
}

function describeZodError(err: ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

function prismaCode(err: unknown): string | undefined {
  if (typeof err === "object" && err !== null && "code" in err && "clientVersion" in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

/** Maps any thrown value to the one error body. Unexpected errors are logged, never echoed. */
export function toErrorResponse(err: unknown): NextResponse<ErrorBody> {
  if (err instanceof AppError) return errorResponse(err.code, err.message, err.status);
  if (err instanceof ZodError) return errorResponse("validation_failed", describeZodError(err), 422);
  switch (prismaCode(err)) {
    case "P2025":
      return errorResponse("not_found", "The record does not exist", 404);
    case "P2002":
      return errorResponse("conflict", "A record with these values already exists", 409);
  }
  console.error("[api] unexpected error:", err);
  return errorResponse("internal", "Something went wrong on our side", 500);
}

async function readBody(req: NextRequest): Promise<unknown> {
  const text = await req.text();
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON", 400);
  }
}

/**
 * The one route wrapper: authenticates (session cookie or bearer token), parses params, query
 * and body with zod, runs the handler, maps errors. Authorization stays in the handler's
 * business call, against the user read from the database. A handler returning a plain value
 * answers 200 JSON; return a Response for anything else.
 */
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  spec: RouteSpec<P, Q, B>,
  handler: (ctx: RouteContext<P, Q, B>) => Promise<unknown>,
) {
  return async (req: NextRequest, context: { params: RouteParams }): Promise<Response> => {
    try {
      const user = await getCurrentUser(req.headers);
      if (!user) throw AppError.unauthenticated();
      const params = (spec.params ? spec.params.parse(await context.params) : {}) as P;
      const query = (spec.query ? spec.query.parse(searchParamsToObject(req.nextUrl.searchParams)) : {}) as Q;
      const body = (spec.body ? spec.body.parse(await readBody(req)) : undefined) as B;
      const result = await handler({ req, user, params, query, body });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (err) {
      return toErrorResponse(err);
    }
  };
}
