import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument, describedOperations, HTTP_METHODS } from "@/lib/http/openapi";
import { API_ROUTES } from "./routes";

const ROOT = path.resolve(import.meta.dirname);

/** Every route.ts under app/api/v1, as its OpenAPI path, with the methods the file exports. */
function routeFiles(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const entry of readdirSync(ROOT, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name !== "route.ts") continue;
    const file = path.join(entry.parentPath, entry.name);
    const rel = path.relative(ROOT, path.dirname(file)).split(path.sep).join("/");
    const source = readFileSync(file, "utf8");
    const methods = HTTP_METHODS.filter((m) =>
      new RegExp(`export (const|async function|function) ${m}\\b`).test(source),
    );
    found.set(`/api/v1/${rel.replace(/\[(\w+)\]/g, "{$1}")}`, methods);
  }
  return found;
}

describe("the API describes itself", () => {
  const files = routeFiles();
  const document = buildOpenApiDocument(API_ROUTES);

  it("lists every route file once, and no path without a file", () => {
    expect(API_ROUTES.map((r) => r.path).sort()).toEqual([...files.keys()].sort());
    expect(new Set(API_ROUTES.map((r) => r.path)).size).toBe(API_ROUTES.length);
  });

  it("documents every exported handler, and nothing a route file does not export", () => {
    const documented = Object.entries(document.paths ?? {}).flatMap(([p, item]) =>
      HTTP_METHODS.filter((m) => item?.[m.toLowerCase() as "get"]).map((m) => `${m} ${p}`),
    );
    const exported = [...files].flatMap(([p, methods]) => methods.map((m) => `${m} ${p}`));
    expect(documented.sort()).toEqual(exported.sort());
  });

  it("gives every operation a unique id, a summary and its path parameters", () => {
    const operations = describedOperations(API_ROUTES);
    const ids = operations.map((o) => o.spec.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path: p, method } of operations) {
      const op = document.paths?.[p]?.[method.toLowerCase() as "get"];
      expect(op?.summary, `${method} ${p}`).toBeTruthy();
      const names = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const inPath = (op?.parameters ?? [])
        .filter((x) => "in" in x && x.in === "path")
        .map((x) => ("name" in x ? x.name : ""));
      expect(inPath.sort(), `${method} ${p} path parameters`).toEqual(names.sort());
    }
  });

  it("describes inputs from the same zod schemas the routes parse with", () => {
    const search = document.paths?.["/api/v1/products"]?.get;
    const params = (search?.parameters ?? []).map((x) => ("name" in x ? x.name : ""));
    expect(params).toEqual(expect.arrayContaining(["q", "kind", "page"]));
    const patch = document.paths?.["/api/v1/products/{slug}"]?.patch;
    expect(patch?.requestBody).toMatchObject({ required: true, content: { "application/json": {} } });
    expect(patch?.responses).toHaveProperty("409");
    expect(document.paths?.["/api/v1/health"]?.get?.security).toEqual([]);
  });
});
