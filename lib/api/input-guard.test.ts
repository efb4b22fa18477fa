import { describe, expect, it } from "vitest";
import { findUnsafeInput, MAX_INPUT_DEPTH } from "./input-guard";

describe("findUnsafeInput", () => {
  it("passes ordinary documents", () => {
    expect(findUnsafeInput({ a: [1, "two", { three: null, four: true }], "ü🙂": "\u0001 tab\t" })).toBeNull();
  });

  it("refuses lone surrogates (not Unicode; jsonb cannot hold them) and keeps pairs", () => {
    expect(findUnsafeInput({ a: ["ok", "x\ud800y"] })).toEqual({
      path: "a.1",
      message: expect.stringContaining("valid Unicode"),
    });
    expect(findUnsafeInput({ "\udc00": 1 })?.message).toContain("not valid Unicode");
    expect(findUnsafeInput({ emoji: "😀 \ud83d\ude00" })).toBeNull();
  });
  it("names the path of a NUL in a value or a key", () => {
    expect(findUnsafeInput({ outputs: [{ facets: { schema: "a\u0000" } }] })).toEqual({
      path: "outputs.0.facets.schema",
      message: expect.stringContaining("NUL"),
    });
    expect(findUnsafeInput({ run: { facets: { "k\u0000": 1 } } })).toEqual({
      path: "run.facets.k\\u0000",
      message: expect.stringContaining("key"),
    });
    expect(findUnsafeInput("\u0000")).toMatchObject({ path: "" });
  });

  it("refuses nesting deeper than the limit, objects or arrays, and accepts the limit itself", () => {
    let ok: unknown = "leaf";
    for (let i = 0; i < MAX_INPUT_DEPTH; i++) ok = [ok];
    expect(findUnsafeInput(ok)).toBeNull();
    const deep = JSON.parse(`${'{"x":'.repeat(5000)}1${"}".repeat(5000)}`) as unknown;
    expect(findUnsafeInput(deep)).toEqual({
      path: "x.x.x.x.x.x.x.x.…",
      message: `is nested deeper than ${MAX_INPUT_DEPTH} levels`,
    });
    expect(findUnsafeInput(JSON.parse(`${"[".repeat(100)}${"]".repeat(100)}`))).toMatchObject({
      message: expect.stringContaining("deeper"),
    });
  });
});
