import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { TokenScope } from "@/lib/auth/scopes";
import type { CurrentUser } from "@/lib/auth/types";
import { AppError } from "@/lib/core/errors";
import { getCurrentUser } from "@/lib/auth/session";
import { route, toErrorResponse } from "./route";

beforeEach(() => vi.clearAllMocks());

vi.mock("@/lib/auth/session", () => ({ getCurrentUser: vi.fn() }));

async function body(res: Response) {
  return { status: res.status, json: (await res.json()) as unknown };
}

describe("toErrorResponse (the one error model)", () => {
  it("maps AppError to its status and code", async () => {
    expect(await body(toErrorResponse(AppError.notFound('Data product "x"')))).toEqual({
      status: 404,
      json: { error: { code: "not_found", message: 'Data product "x" not found' } },
    });
    expect((await body(toErrorResponse(AppError.forbidden()))).status).toBe(403);
  });

  it("maps zod errors to 422 naming the field", async () => {
    const err = z.object({ page: z.number().min(1) }).safeParse({ page: 0 }).error;
    const res = await body(toErrorResponse(err));
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({
      error: { code: "validation_failed", message: expect.stringContaining("page:") },
    });
  });

  it("maps Prisma error codes, not messages", async () => {
    const p2002 = Object.assign(new Error("Unique constraint failed"), { code: "P2002", clientVersion: "7" });
    const p2025 = Object.assign(new Error("whatever"), { code: "P2025", clientVersion: "7" });
    expect((await body(toErrorResponse(p2002))).status).toBe(409);
    expect((await body(toErrorResponse(p2025))).status).toBe(404);
  });

  it("answers anything else with a generic 500 that leaks nothing", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = await body(toErrorResponse(new Error("password=hunter2 at db.internal")));
    expect(res).toEqual({
      status: 500,
      json: { error: { code: "internal", message: "Something went wrong on our side" } },
    });
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });
});

describe("route() at the boundary", () => {
  const user = (credential?: CurrentUser["credential"]): CurrentUser => ({
    id: "u1",
    email: "a@x",
    name: "A",
    role: "USER",
    teams: [],
    ...(credential ? { credential } : {}),
  });
  const handler = vi.fn(async () => ({ ok: true }));
  const doc = { operationId: "testThing", summary: "A test route", response: { description: "ok" } };
  const post = route(
    { ...doc, scope: "catalog:write", body: z.object({ name: z.string() }).passthrough() },
    handler,
  );
  const call = async (
    init: { headers?: Record<string, string>; body?: string; method?: string; url?: string },
    who: CurrentUser | null = user({ kind: "session", sessionId: "s" }),
  ) => {
    vi.mocked(getCurrentUser).mockResolvedValue(who);
    const req = new NextRequest(init.url ?? "http://portal.test/api/v1/thing", {
      method: init.method ?? "POST",
      headers: init.headers,
      body: init.body,
    });
    const res = await post(req, { params: Promise.resolve({}) });
    return { status: res.status, json: (await res.json()) as { error?: { code: string; message: string } } };
  };

  it("refuses a cookie state change from another origin or site (403), whatever the media type", async () => {
    for (const origin of ["http://evil.example", "http://portal.test:8080", "null"]) {
      expect(
        (await call({ headers: { origin, "content-type": "application/json" }, body: '{"name":"x"}' }))
          .status,
      ).toBe(403);
    }
    expect(
      (
        await call({
          headers: { "sec-fetch-site": "same-site", "content-type": "application/json" },
          body: '{"name":"x"}',
        })
      ).status,
    ).toBe(403);
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses form media types by cookie (415) and accepts JSON from the portal's own origin", async () => {
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "",
    ]) {
      const res = await call({ headers: type ? { "content-type": type } : {}, body: '{"name":"x"}' });
      expect(res.status, type).toBe(415);
    }
    expect(handler).not.toHaveBeenCalled();
    expect(
      (
        await call({
          headers: {
            origin: "http://portal.test",
            "sec-fetch-site": "same-origin",
            "content-type": "application/json; charset=utf-8",
          },
          body: '{"name":"x"}',
        })
      ).status,
    ).toBe(200);
  });

  it("lets bearer tokens through without Origin checks, but only with the route's scope", async () => {
    const token = (scopes: TokenScope[]) => user({ kind: "token", tokenId: "t", scopes });
    expect(
      (
        await call(
          { headers: { origin: "http://evil.example", "content-type": "text/plain" }, body: '{"name":"x"}' },
          token(["catalog:write"]),
        )
      ).status,
    ).toBe(200);
    const refused = await call(
      { headers: { "content-type": "application/json" }, body: '{"name":"x"}' },
      token(["read"]),
    );
    expect(refused).toMatchObject({
      status: 403,
      json: { error: { message: expect.stringContaining("catalog:write") } },
    });
    const undeclared = route({ ...doc, body: z.unknown() }, handler);
    vi.mocked(getCurrentUser).mockResolvedValue(
      token(["read", "catalog:write", "access:request", "access:decide", "lineage:write"]),
    );
    const res = await undeclared(new NextRequest("http://portal.test/x", { method: "POST", body: "{}" }), {
      params: Promise.resolve({}),
    });
    expect(res.status).toBe(403);
  });

  it("answers NUL characters and absurd nesting with 422 naming where", async () => {
    const nul = await call({
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "a\u0000b" }),
    });
    expect(nul).toMatchObject({
      status: 422,
      json: { error: { message: expect.stringMatching(/^body\.name: .*NUL/) } },
    });
    const key = await call({
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "x", facets: { "k\u0000": 1 } }),
    });
    expect(key.status).toBe(422);
    const deep = await call({
      headers: { "content-type": "application/json" },
      body: `{"name":"x","d":${"[".repeat(5000)}${"]".repeat(5000)}}`,
    });
    expect(deep).toMatchObject({
      status: 422,
      json: { error: { message: expect.stringContaining("nested deeper") } },
    });
    const query = await call({
      url: "http://portal.test/x?q=a%00b",
      headers: { "content-type": "application/json" },
      body: '{"name":"x"}',
    });
    expect(query).toMatchObject({
      status: 422,
      json: { error: { message: expect.stringMatching(/^query\.q/) } },
    });
  });

  it("answers 401 before any work when nobody is signed in", async () => {
    handler.mockClear();
    const res = await call({ headers: { "content-type": "application/json" }, body: '{"name":"x"}' }, null);
    expect(res).toMatchObject({ status: 401, json: { error: { code: "unauthenticated" } } });
    expect(handler).not.toHaveBeenCalled();
  });

  it("answers a body that is not JSON with 400, and a body of the wrong shape with 422 naming the field", async () => {
    handler.mockClear();
    const broken = await call({ headers: { "content-type": "application/json" }, body: '{"name":' });
    expect(broken).toMatchObject({ status: 400, json: { error: { code: "bad_request" } } });
    const wrong = await call({ headers: { "content-type": "application/json" }, body: '{"name":42}' });
    expect(wrong).toMatchObject({
      status: 422,
      json: { error: { code: "validation_failed", message: expect.stringMatching(/^name: /) } },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it("parses params and query with their schemas: 422 naming the field, else the handler gets typed values", async () => {
    const seen = vi.fn(async (ctx: { params: { id: string }; query: { page: number } }) => ({
      id: ctx.params.id,
      page: ctx.query.page,
    }));
    const get = route(
      {
        ...doc,
        params: z.object({ id: z.uuid() }),
        query: z.object({ page: z.coerce.number().int().min(1).default(1) }),
      },
      seen,
    );
    vi.mocked(getCurrentUser).mockResolvedValue(user({ kind: "session", sessionId: "s" }));
    const ask = async (id: string, qs: string) => {
      const res = await get(new NextRequest(`http://portal.test/x${qs}`), {
        params: Promise.resolve({ id }),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    expect(await ask("nope", "")).toMatchObject({
      status: 422,
      json: { error: { message: expect.stringMatching(/^id: /) } },
    });
    expect(await ask("7c9e6679-7425-40de-944b-e07fc1f90ae7", "?page=0")).toMatchObject({
      status: 422,
      json: { error: { message: expect.stringMatching(/^page: /) } },
    });
    expect(await ask("7c9e6679-7425-40de-944b-e07fc1f90ae7", "?page=3")).toEqual({
      status: 200,
      json: { id: "7c9e6679-7425-40de-944b-e07fc1f90ae7", page: 3 },
    });
    expect(seen).toHaveBeenCalledTimes(1);
  });

  it("carries its spec for the API document", () => {
    expect(post.spec).toMatchObject({ operationId: "testThing", scope: "catalog:write" });
  });
});

describe("validation messages", () => {
  it("names the field inside a union instead of saying 'Invalid input'", async () => {
    const { RunEventsSchema } = await import("@/lib/lineage/openlineage");
    const { describeZodError } = await import("./route");
    const message = (input: unknown) => {
      const parsed = RunEventsSchema.safeParse(input);
      if (parsed.success) throw new Error("expected a failure");
      return describeZodError(parsed.error);
    };
    expect(message({})).toMatch(/^[a-zA-Z]+: /);
    expect(message({ eventType: "X" })).toContain("eventType");
    expect(message([{ eventType: "COMPLETE" }])).toMatch(/^0\.[a-zA-Z]+: /);
    // A value of neither branch's type still says what was expected.
    expect(message("str")).not.toBe("");
  });
});
