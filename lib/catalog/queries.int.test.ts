import { ANY_USER, type ProductViewer } from "./permissions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { DEMO_PRODUCTS } from "@/lib/demo/mesh";
import { seedDemoMesh } from "@/lib/demo/seed";
import { openDatabase } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { generateSyntheticMesh, SYNTHETIC_TERMS } from "@/scripts/test-support/synthetic-mesh";
import { createScratchDatabase, dropDatabase } from "@/scripts/lib/postgres";
import { openTestDatabase } from "@/scripts/test-support/database";
import { Prisma } from "@/lib/generated/prisma/client";
import { findDataProducts, sample } from "./search";
import { getDataProductOrThrow, listDomains } from "./queries";
import { visibleProducts } from "./visibility";
import { COUNT_CAP, ProductSearchSchema, SELECTED_FACET_CAP, type ProductSearchInput } from "./schemas";

let database: Database;
const search = (input: ProductSearchInput) =>
  findDataProducts(database.prisma, ANY_USER, ProductSearchSchema.parse(input));

beforeAll(async () => {
  database = await openTestDatabase();
  await seedDemoMesh(database.prisma, { kafkaServer: "kafka://127.0.0.1:9092" });
});
afterAll(async () => {
  await database.close();
});

/** What a user of no team sees: the demo's drafts are their teams'. */
const PUBLISHED = DEMO_PRODUCTS.filter((p) => p.lifecycle !== "DRAFT");
/** What default search finds: retired products only with `retired=1`. */
const FINDABLE = PUBLISHED.filter((p) => p.lifecycle !== "RETIRED");

describe("findDataProducts (PostgreSQL full-text search)", () => {
  it("lists every product by name without a query", async () => {
    const result = await search({});
    expect(result.total).toBe(FINDABLE.length);
    expect((await search({ retired: "1" })).total).toBe(PUBLISHED.length);
    expect(result.items).toHaveLength(20);
    const names = result.items.map((i) => i.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it("ranks name matches first: “payment” finds the payments products before others", async () => {
    const result = await search({ q: "payment" });
    const paymentsProducts = DEMO_PRODUCTS.filter((p) => p.domain === "payments" && /payment/i.test(p.name));
    expect(paymentsProducts.length).toBeGreaterThanOrEqual(3);
    const top = result.items.slice(0, paymentsProducts.length);
    for (const item of top) {
      expect(item.name).toMatch(/payment/i);
      expect(item.domain.slug).toBe("payments");
    }
    // Products that only mention payments in their docs still match, further down.
    expect(result.total).toBeGreaterThan(paymentsProducts.length);
  });

  it("matches a prefix while typing and stems words", async () => {
    const prefix = await search({ q: "paym" });
    const word = await search({ q: "payments" });
    expect(prefix.items[0]?.domain.slug).toBe("payments");
    expect(word.items[0]?.domain.slug).toBe("payments");
  });

  it("finds products by schema field names, kept current by the trigger", async () => {
    const withPostcode = DEMO_PRODUCTS.filter((p) =>
      p.outputPorts.some((port) => JSON.stringify(port.fields).includes('"postcode"')),
    );
    expect(withPostcode.length).toBeGreaterThan(0);
    const result = await search({ q: "postcode" });
    expect(result.total).toBeGreaterThanOrEqual(withPostcode.length);

    // A new schema version with a new field makes the product findable by it.
    const port = await database.prisma.outputPort.findFirstOrThrow({
      include: { product: true },
      orderBy: { address: "asc" },
    });
    expect((await search({ q: "zebracrossingcount" })).total).toBe(0);
    await database.prisma.schemaVersion.create({
      data: {
        portId: port.id,
        version: 99,
        format: "JSON_SCHEMA",
        definition: {},
        fields: {
          create: [
            { path: "metrics.zebraCrossingCount", type: "integer", position: 0 },
            { path: "zebracrossingcount", type: "integer", position: 1 },
          ],
        },
      },
    });
    const found = await search({ q: "zebracrossingcount" });
    expect(found.items.map((i) => i.slug)).toEqual([port.product.slug]);
    await database.prisma.schemaVersion.deleteMany({ where: { portId: port.id, version: 99 } });
  });

  it("treats user text as words, never as tsquery syntax", async () => {
    const result = await search({ q: "order & | ! ( ) :* '" });
    expect(result.total).toBeGreaterThan(0);
    expect((await search({ q: "&&&" })).total).toBe(FINDABLE.length);
  });

  it("filters by facets and counts each facet with the others applied", async () => {
    const all = await search({ q: "order" });
    const kafkaOnly = await search({ q: "order", portType: ["KAFKA_TOPIC"] });
    expect(kafkaOnly.total).toBeLessThanOrEqual(all.total);
    for (const item of kafkaOnly.items) expect(item.portTypes).toContain("KAFKA_TOPIC");

    const source = await search({ q: "order", kind: ["SOURCE_ALIGNED"] });
    const kindBucket = source.facets.kind.find((b) => b.value === "SOURCE_ALIGNED");
    expect(kindBucket?.count).toBe(source.total);
    // The kind facet ignores its own selection, so other kinds still show what they would add.
    const kindTotal = source.facets.kind.reduce((n, b) => n + b.count, 0);
    expect(kindTotal).toBe(all.total);
    // Domain counts follow the query and the kind filter.
    expect(source.facets.domain.reduce((n, b) => n + b.count, 0)).toBe(source.total);

    const payments = await search({ domain: ["payments"], owner: ["payments"] });
    expect(payments.total).toBe(
      DEMO_PRODUCTS.filter((p) => p.domain === "payments" && p.ownerTeam === "payments").length,
    );
    const tag = payments.facets.tag[0];
    if (tag) {
      const tagged = await search({ domain: ["payments"], tag: [tag.value] });
      expect(tagged.total).toBe(tag.count);
    }
  });

  it("pages through results and sorts by recency", async () => {
    const page1 = await search({ page: 1 });
    const page2 = await search({ page: 2 });
    expect(page2.items[0]?.slug).not.toBe(page1.items[0]?.slug);
    expect(new Set([...page1.items, ...page2.items].map((i) => i.id)).size).toBe(
      page1.items.length + page2.items.length,
    );
    const recent = await search({ sort: "updated" });
    const times = recent.items.map((i) => i.updatedAt);
    expect(times).toEqual([...times].sort().reverse());
  });
});

describe("product detail and domains", () => {
  it("returns a product with ports, current schema fields and both lineage directions", async () => {
    const withInputs = DEMO_PRODUCTS.find((p) => p.inputs.length > 0);
    expect(withInputs).toBeDefined();
    const product = await getDataProductOrThrow(database.prisma, ANY_USER, withInputs!.slug);
    expect(product.inputPorts).toHaveLength(withInputs!.inputs.length);
    const upstreamSlug = withInputs!.inputs[0]!.split("/")[0]!;
    const upstream = await getDataProductOrThrow(database.prisma, ANY_USER, upstreamSlug);
    expect(upstream.outputPorts.flatMap((p) => p.consumers.map((c) => c.product.slug))).toContain(
      withInputs!.slug,
    );
    const fields = product.outputPorts[0]?.schemaVersions[0]?.fields ?? [];
    expect(fields.length).toBeGreaterThan(0);
  });

  it("throws a 404 AppError for an unknown slug", async () => {
    await expect(getDataProductOrThrow(database.prisma, ANY_USER, "no-such-product")).rejects.toMatchObject({
      status: 404,
      code: "not_found",
    });
  });

  it("lists domains with product counts", async () => {
    const domains = await listDomains(database.prisma, ANY_USER);
    expect(domains.length).toBeGreaterThanOrEqual(6);
    expect(domains.reduce((n, d) => n + d.productCount, 0)).toBe(PUBLISHED.length);
  });

  it("keeps the domains' product counts with every write, as each viewer may see them", async () => {
    const prisma = database.prisma;
    const orders = await prisma.domain.findUniqueOrThrow({ where: { slug: "orders" } });
    const payments = await prisma.domain.findUniqueOrThrow({ where: { slug: "payments" } });
    const team = await prisma.team.findFirstOrThrow({ where: { slug: "orders" } });
    const member: ProductViewer = {
      ...ANY_USER,
      teams: [{ id: team.id, slug: team.slug, name: team.name, role: "MEMBER" }],
    };
    const counted = async (viewer: ProductViewer) =>
      Object.fromEntries((await listDomains(prisma, viewer)).map((d) => [d.slug, d.productCount]));
    /** What counting every product says, for each domain. */
    const recounted = async (viewer: ProductViewer) => {
      const rows = await prisma.dataProduct.groupBy({
        by: ["domainId"],
        where: visibleProducts(viewer),
        _count: { _all: true },
      });
      const domains = await prisma.domain.findMany();
      return Object.fromEntries(
        domains.map((d) => [d.slug, rows.find((r) => r.domainId === d.id)?._count._all ?? 0]),
      );
    };
    const before = { anyone: await counted(ANY_USER), member: await counted(member) };

    // Two drafts at once (one statement): only their team sees them.
    await prisma.dataProduct.createMany({
      data: ["count-probe-a", "count-probe-b"].map((slug) => ({
        slug,
        name: slug,
        kind: "SOURCE_ALIGNED" as const,
        lifecycle: "DRAFT" as const,
        domainId: orders.id,
        ownerTeamId: team.id,
      })),
    });
    expect((await counted(ANY_USER)).orders).toBe(before.anyone.orders);
    expect((await counted(member)).orders).toBe(before.member.orders! + 2);
    // Published, then moved to another domain, then deleted.
    await prisma.dataProduct.update({ where: { slug: "count-probe-a" }, data: { lifecycle: "ACTIVE" } });
    expect((await counted(ANY_USER)).orders).toBe(before.anyone.orders! + 1);
    await prisma.dataProduct.update({ where: { slug: "count-probe-a" }, data: { domainId: payments.id } });
    expect(await counted(ANY_USER)).toEqual({ ...before.anyone, payments: before.anyone.payments! + 1 });
    expect(await counted(member)).toEqual(await recounted(member));
    await prisma.dataProduct.deleteMany({ where: { slug: { in: ["count-probe-a", "count-probe-b"] } } });
    expect(await counted(ANY_USER)).toEqual(before.anyone);
    expect(await counted(member)).toEqual(before.member);
    expect(before.member).toEqual(await recounted(member));
  });

  it("seeding again leaves the mesh as it is", async () => {
    expect(await seedDemoMesh(database.prisma, { kafkaServer: "kafka://127.0.0.1:9092" })).toBe(false);
    expect(await database.prisma.dataProduct.count()).toBe(DEMO_PRODUCTS.length);
  });
});

describe("findDataProducts: highlights and typo tolerance", () => {
  it("marks the matched words in the name and a docs snippet", async () => {
    const result = await search({ q: "payment" });
    const first = result.items[0]!;
    expect(first.highlight?.name).toContain("\u0002Payment\u0003");
    // Docs that mention the word get it marked in their snippet.
    expect(
      result.items.filter(
        (i) =>
          i.highlight?.snippet.includes("\u0002Payment\u0003") ||
          i.highlight?.snippet.includes("\u0002payment"),
      ).length,
    ).toBeGreaterThan(0);
    expect((await search({})).items[0]?.highlight).toBeUndefined();
  });

  it("answers a misspelt word with close matches and a correction", async () => {
    const result = await search({ q: "paymnet" });
    expect(result.mode).toBe("fuzzy");
    expect(result.didYouMean).toBe("payment");
    expect(result.items[0]?.name).toMatch(/payment/i);
    expect(result.total).toBe((await search({ q: "payment" })).total);
  });

  it("ranks a deprecated product below the active ones it points to, and snippets are plain text", async () => {
    const result = await search({ q: "order" });
    const names = result.items.map((i) => i.name);
    expect(names.indexOf("Legacy Order Export")).toBeGreaterThan(names.indexOf("Order Events"));
    for (const item of result.items) expect(item.highlight?.snippet).not.toMatch(/[#*|`]/);
    // A heading ends as a sentence instead of running into the paragraph under it.
    const snippets = (await search({ q: "payment" })).items.map((i) => i.highlight?.snippet ?? "");
    expect(snippets.some((s) => /\bPurpose\.\s/.test(s))).toBe(true);
    for (const s of snippets) expect(s).not.toMatch(/\bPurpose\s+[A-Z]/);
  });

  it("says nothing close exists for gibberish", async () => {
    const result = await search({ q: "zzzqqxx" });
    expect(result).toMatchObject({ mode: "match", total: 0, items: [] });
    expect(result.didYouMean).toBeUndefined();
  });
});

describe("findDataProducts beyond the caps (synthetic mesh)", () => {
  let big: Database;
  let scratchName: string;
  beforeAll(async () => {
    const scratch = await createScratchDatabase("meshport_it_caps");
    scratchName = scratch.name;
    big = await openDatabase({ url: scratch.url });
    await big.withSession((s) => applyMigrations(s));
    await generateSyntheticMesh(scratch.url, { products: COUNT_CAP + 500 });
  });
  afterAll(async () => {
    await big?.close();
    if (scratchName) await dropDatabase(scratchName);
  });

  it("caps the total of a term in every product and samples its facets", async () => {
    const result = await findDataProducts(
      big.prisma,
      ANY_USER,
      ProductSearchSchema.parse({ q: SYNTHETIC_TERMS.veryCommon }),
    );
    expect(result).toMatchObject({ total: COUNT_CAP, totalCapped: true, facetsApproximate: true });
    expect(result.items).toHaveLength(20);
    expect(result.facets.kind.reduce((sum, b) => sum + b.count, 0)).toBe(COUNT_CAP + 1);
  });

  it("counts a rare term exactly and ranks name matches above docs-only matches", async () => {
    const rare = await findDataProducts(
      big.prisma,
      ANY_USER,
      ProductSearchSchema.parse({ q: SYNTHETIC_TERMS.rare(3) }),
    );
    expect(rare.totalCapped).toBe(false);
    expect(rare.total).toBeGreaterThan(0);
    expect(rare.total).toBeLessThanOrEqual(10);
    const medium = await findDataProducts(
      big.prisma,
      ANY_USER,
      ProductSearchSchema.parse({ q: SYNTHETIC_TERMS.medium }),
    );
    expect(medium.items[0]?.name).toMatch(/refund/i);
    const firstDocsOnly = medium.items.findIndex((i) => !/refund/i.test(`${i.name} ${i.tags.join(" ")}`));
    if (firstDocsOnly >= 0)
      for (const item of medium.items.slice(firstDocsOnly))
        expect(`${item.name} ${item.tags.join(" ")}`).not.toMatch(/refund/i);
  });

  it("samples the small shares of the products first and falls back to the whole index", async () => {
    // "data product" is in every synthetic description. A capped sample reads the 256th of the
    // products, then the rest of the 16th, each whole, before the rest of the products.
    const sampledIds = async (words: string, cap: number) =>
      (
        await big.prisma.$queryRaw<{ id: string; share: number }[]>`
          SELECT s.id, uuid_hash(s.id) & 15 AS share
            FROM ${sample("search", { words, facets: null, scope: Prisma.sql`TRUE` }, Prisma.sql`p.id`, cap)} s`
      ).map((r) => ({ id: r.id, first16th: r.share === 0 }));
    const inFirst16th = await big.prisma.$queryRaw<{ id: string }[]>`
      SELECT id FROM data_products WHERE uuid_hash(id) & 15 = 0`;
    expect(inFirst16th.length).toBeGreaterThan(20);
    const broad = await sampledIds("data & product", 100);
    expect(broad).toHaveLength(100);
    expect(
      broad
        .filter((r) => r.first16th)
        .map((r) => r.id)
        .sort(),
    ).toEqual(inFirst16th.map((r) => r.id).sort());
    // A narrow match is found whole, wherever its products are.
    const rare = SYNTHETIC_TERMS.rare(3);
    const all = await big.prisma.$queryRaw<{ id: string }[]>`
      SELECT id FROM data_products WHERE search_vector @@ to_tsquery('english', ${rare})`;
    expect(all.length).toBeGreaterThan(0);
    expect((await sampledIds(rare, COUNT_CAP)).map((r) => r.id).sort()).toEqual(all.map((r) => r.id).sort());
    // Searches over the samples: a kind's own sample is "data product" alone; the total under the
    // cap is exact and equals the one for "data" (in every product too).
    const run = (input: ProductSearchInput) =>
      findDataProducts(big.prisma, ANY_USER, ProductSearchSchema.parse(input));
    const both = await run({ q: "data product" });
    expect(both).toMatchObject({ total: COUNT_CAP, totalCapped: true, facetsApproximate: true });
    expect(both.facets.kind.reduce((sum, b) => sum + b.count, 0)).toBe(COUNT_CAP + 1);
    const kind = both.facets.kind[0]!.value;
    const withKind = await run({ q: "data product", kind: [kind] });
    const wordOnly = await run({ q: SYNTHETIC_TERMS.veryCommon, kind: [kind] });
    expect(withKind.totalCapped).toBe(false);
    expect(withKind.total).toBe(wordOnly.total);
    expect(withKind.facets.kind.reduce((sum, b) => sum + b.count, 0)).toBe(SELECTED_FACET_CAP + 1);
    for (const item of withKind.items) expect(item.kind).toBe(kind);
  });

  it("keeps facet counts exact under a selective filter", async () => {
    const all = await findDataProducts(
      big.prisma,
      ANY_USER,
      ProductSearchSchema.parse({ q: SYNTHETIC_TERMS.medium }),
    );
    const kind = all.facets.kind[0]!;
    const filtered = await findDataProducts(
      big.prisma,
      ANY_USER,
      ProductSearchSchema.parse({ q: SYNTHETIC_TERMS.medium, kind: [kind.value] }),
    );
    expect(filtered.total).toBe(kind.count);
    for (const item of filtered.items) expect(item.kind).toBe(kind.value);
  });
});
