import { describe, expect, it } from "vitest";
import { PREFIX_EXPANSION_MAX, ProductSearchSchema, searchToParams, searchWords, toTsQuery } from "./schemas";

const tsquery = (q: string, lastExpanded?: string[]) => toTsQuery(searchWords(q), lastExpanded);

describe("toTsQuery", () => {
  it("ANDs words and matches the last, still being typed, as a prefix", () => {
    expect(tsquery("paym")).toBe("paym:*");
    expect(tsquery("  Order   ev ")).toBe("order & ev:*");
  });

  it("expands the last word to the known words it begins", () => {
    expect(tsquery("order pay", ["payment", "payments", "payout"])).toBe(
      "order & (pay | payment | payments | payout)",
    );
    expect(tsquery("refund", ["refund", "refunds"])).toBe("(refund | refunds)");
  });

  it("keeps the prefix scan when nothing or too much is known", () => {
    expect(tsquery("zq", [])).toBe("zq:*");
    expect(
      tsquery(
        "c",
        Array.from({ length: PREFIX_EXPANSION_MAX + 1 }, (_, i) => `c${i}`),
      ),
    ).toBe("c:*");
  });

  it("drops every character that is tsquery syntax", () => {
    expect(tsquery("order & | ! ( ) :* ' \\ <->")).toBe("order:*");
    expect(tsquery("&&& ||")).toBeNull();
    expect(tsquery("")).toBeNull();
  });

  it("keeps letters of any script and digits, caps the number of words", () => {
    expect(tsquery("Zahlungen größe v2")).toBe("zahlungen & größe & v2:*");
    expect(searchWords("a b c d e f g h i j k")).toHaveLength(8);
  });
});

describe("ProductSearchSchema", () => {
  it("fills defaults", () => {
    expect(ProductSearchSchema.parse({})).toEqual({
      q: "",
      domain: [],
      kind: [],
      owner: [],
      tag: [],
      portType: [],
      page: 1,
      retired: false,
    });
    expect(ProductSearchSchema.parse({ retired: "1" }).retired).toBe(true);
  });

  it("accepts repeated, comma-separated and single values", () => {
    const s = ProductSearchSchema.parse({
      kind: ["SOURCE_ALIGNED", "AGGREGATE"],
      domain: "orders,payments",
      tag: "pii",
      page: "2",
    });
    expect(s.kind).toEqual(["SOURCE_ALIGNED", "AGGREGATE"]);
    expect(s.domain).toEqual(["orders", "payments"]);
    expect(s.tag).toEqual(["pii"]);
    expect(s.page).toBe(2);
  });

  it.each([
    [{ kind: "NOT_A_KIND" }, "kind"],
    [{ page: "0" }, "page"],
    [{ page: "abc" }, "page"],
    [{ domain: "Bad Slug!" }, "domain"],
    [{ q: "x".repeat(201) }, "q"],
    [{ sort: "random" }, "sort"],
    [{ unknown: "1" }, ""],
  ])("rejects %o naming the field", (input, field) => {
    const result = ProductSearchSchema.safeParse(input);
    expect(result.success).toBe(false);
    if (!result.success && field) expect(result.error.issues[0]?.path[0]).toBe(field);
  });
});

describe("searchToParams", () => {
  it("round-trips through the schema and omits defaults", () => {
    const s = ProductSearchSchema.parse({
      q: "orders",
      kind: ["AGGREGATE"],
      tag: ["pii", "gdpr"],
      page: "3",
      sort: "name",
    });
    const params = searchToParams(s);
    expect(params.toString()).toBe("q=orders&kind=AGGREGATE&tag=pii&tag=gdpr&sort=name&page=3");
    const back: Record<string, string | string[]> = {};
    for (const key of new Set(params.keys())) {
      const all = params.getAll(key);
      back[key] = all.length > 1 ? all : all[0]!;
    }
    expect(ProductSearchSchema.parse(back)).toEqual(s);
    expect(searchToParams(ProductSearchSchema.parse({})).toString()).toBe("");
  });
});
