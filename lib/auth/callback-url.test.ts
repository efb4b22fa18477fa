import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./callback-url";

const origin = "http://127.0.0.1:3000";

describe("safeCallbackPath", () => {
  it("keeps the portal's own paths, query and hash", () => {
    expect(safeCallbackPath("/products/orders?tab=schema#v2", origin)).toBe("/products/orders?tab=schema#v2");
    expect(safeCallbackPath("http://127.0.0.1:3000/access", origin)).toBe("/access");
  });

  it.each([
    "/\\evil.example",
    "/%5Cevil.example".replace("%5C", "\\"),
    "/\t/evil.example",
    "/\n/evil.example",
    "//evil.example",
    "///evil.example",
    "\\\\evil.example",
    "https://evil.example/",
    "http://127.0.0.1:3001/",
    "javascript:alert(1)",
    "http://a:b/",
    "",
    "\u0000/x",
  ])("sends %j to /", (raw) => {
    expect(safeCallbackPath(raw, origin)).toBe("/");
  });

  it("takes the first of repeated parameters and refuses non-strings", () => {
    expect(safeCallbackPath(["/a", "//evil"], origin)).toBe("/a");
    expect(safeCallbackPath(undefined, origin)).toBe("/");
    expect(safeCallbackPath(42, origin)).toBe("/");
  });
});
