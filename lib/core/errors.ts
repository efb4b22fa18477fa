/** The one error model: code, human message, HTTP status. Serialized as `{error:{code,message}}`. */
export type ErrorCode =
  | "bad_request"
  | "validation_failed"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "incompatible_schema"
  | "kafka_unavailable"
  | "broker_refused"
  | "policy_violation"
  | "timeout"
  | "rate_limited"
  | "unsupported_media_type"
  | "method_not_allowed"
  | "payload_too_large"
  | "internal";

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    /** Extra response headers, e.g. `Retry-After` on a 429. */
    readonly headers: Record<string, string> = {},
    /** Structured detail a client can act on, e.g. every policy violation of a refused publish. */
    readonly details?: readonly unknown[],
  ) {
    super(message);
    this.name = "AppError";
  }

  static rateLimited(message: string, retryAfterSeconds: number): AppError {
    return new AppError("rate_limited", message, 429, { "Retry-After": String(retryAfterSeconds) });
  }

  static notFound(what: string): AppError {
    return new AppError("not_found", `${what} not found`, 404);
  }
  static unauthenticated(): AppError {
    return new AppError("unauthenticated", "Sign in to use this API", 401);
  }
  static forbidden(message = "You are not allowed to do this"): AppError {
    return new AppError("forbidden", message, 403);
  }
  static conflict(message: string): AppError {
    return new AppError("conflict", message, 409);
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: readonly unknown[] };
}
