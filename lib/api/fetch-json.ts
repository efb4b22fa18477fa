/** Browser-side fetch for /api/v1: JSON in, JSON out, `{error}` bodies thrown as ApiError. */
import type { ErrorBody } from "@/lib/core/errors";

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** Structured detail of the error, e.g. every violated policy of a refused publish. */
    readonly details: readonly unknown[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  // State changes by cookie must say they are JSON (the API refuses others with 415: CSRF).
  const unsafe = init?.method !== undefined && !["GET", "HEAD"].includes(init.method.toUpperCase());
  const res = await fetch(url, {
    ...init,
    headers: {
      accept: "application/json",
      ...(unsafe ? { "content-type": "application/json" } : {}),
      ...init?.headers,
    },
  });
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const err = (body as Partial<ErrorBody> | null)?.error;
    throw new ApiError(
      err?.code ?? "http_error",
      err?.message ?? `Request failed (${res.status})`,
      res.status,
      err?.details ?? [],
    );
  }
  return body as T;
}

/** A JSON request body with its content type (state changes by cookie must send JSON). */
export function jsonBody(method: string, body: unknown): RequestInit {
  return { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}
