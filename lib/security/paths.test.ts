import { describe, expect, it } from "vitest";
import { hasMalformedEscape } from "./paths";

describe("hasMalformedEscape", () => {
  it("finds escapes that do not decode", () => {
    for (const bad of ["/api/v1/products/%ZZ", "/products/%E0%A4%A", "/products/%C0%80", "/a/%", "/x%2"]) {
      expect(hasMalformedEscape(bad), bad).toBe(true);
    }
  });

  it("accepts plain paths and well-formed escapes", () => {
    for (const good of [
      "/",
      "/products/order-events",
      "/products/caf%C3%A9",
      "/api/v1/products/a%20b",
      "/%25",
    ]) {
      expect(hasMalformedEscape(good), good).toBe(false);
    }
  });
});
