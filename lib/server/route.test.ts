import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { toErrorResponse } from "./route";

vi.mock("./auth", () => ({ getCurrentUser: vi.fn() }));

async function body(res: Response) {
  return { status: res.status, json: (await res.json()) as unknown };
}

describe("toErrorResponse (the one error model)", () => {
  it("maps AppError to its status and code", async () => {
    expect(await body(toErrorResponse(AppError.notFound("Data product \"x\"")))).toEqual({
      status: 404,
      json: { error: { code: "not_found", message: 'Data product "x" not found' } },
    });
    expect((await body(toErrorResponse(AppError.forbidden()))).status).toBe(403);
  });

  it("maps zod errors to 422 naming the field", async () => {
    const err = z.object({ page: z.number().min(1) }).safeParse({ page: 0 }).error;
    const res = await body(toErrorResponse(err));
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({ error: { code: "validation_failed", message: expect.stringContaining("page:") } });
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
    expect(res).toEqual({ status: 500, json: { error: { code: "internal", message: "Something went wrong on our side" } } });
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });
});
