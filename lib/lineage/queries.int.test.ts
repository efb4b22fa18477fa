import { ANY_USER } from "@/lib/catalog/permissions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { seedDemoMesh } from "@/lib/demo/seed";
import { openTestDatabase } from "@/scripts/test-support/database";
import { getImpact, getLineage, getMeshMap, impactCsv, MAP_EXPANDED_LIMIT } from "./queries";
import { MAX_DEPTH } from "./schemas";

// The recursive lineage query against the real PostgreSQL, on the demo mesh's 7-hop chain:
// order-events → payment-authorizations → … → executive-kpi-dashboard.
let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
  await seedDemoMesh(database.prisma, { kafkaServer: "kafka://127.0.0.1:9092" });
});
afterAll(async () => {
  await database.close();
});

const names = (g: Awaited<ReturnType<typeof getLineage>>) => new Map(g.nodes.map((n) => [n.slug, n.depth]));

describe("getLineage", () => {
  it("follows the chain downstream to the executive dashboard, 4+ hops across 3+ domains", async () => {
    const g = await getLineage(database.prisma, ANY_USER, "order-events", 0, MAX_DEPTH);
    const depth = names(g);
    expect(depth.get("order-events")).toBe(0);
    expect(depth.get("payment-authorizations")).toBe(1);
    // Depth is the shortest path; along the edges the longest chain is 4+ hops.
    expect(depth.get("executive-kpi-dashboard")).toBeGreaterThanOrEqual(1);
    const root = g.nodes.find((n) => n.slug === "order-events")!.id;
    const longest = (node: string, seen: Set<string>): number =>
      Math.max(
        0,
        ...g.edges
          .filter((e) => e.source === node && !seen.has(e.target))
          .map((e) => 1 + longest(e.target, new Set([...seen, e.target]))),
      );
    expect(longest(root, new Set([root]))).toBeGreaterThanOrEqual(4);
    expect(new Set(g.nodes.map((n) => n.domain?.slug)).size).toBeGreaterThanOrEqual(3);
    // Every edge joins two returned nodes and points away from the root here.
    const ids = new Set(g.nodes.map((n) => n.id));
    for (const e of g.edges) {
      expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
    }
    expect(g.nodes.every((n) => n.depth >= 0)).toBe(true);
  });

  it("bounds the depth both ways", async () => {
    const one = await getLineage(database.prisma, ANY_USER, "payment-authorizations", 1, 1);
    expect(Math.max(...one.nodes.map((n) => Math.abs(n.depth)))).toBe(1);
    expect(names(one).get("order-events")).toBe(-1);
    const up = await getLineage(database.prisma, ANY_USER, "executive-kpi-dashboard", MAX_DEPTH, 0);
    expect(names(up).get("order-events")).toBeLessThan(0);
    expect(Math.min(...up.nodes.map((n) => n.depth))).toBeLessThanOrEqual(-4);
  });

  it("maps the whole mesh and 404s an unknown product", async () => {
    // Other files add products meanwhile: every published product from before is there, no draft is.
    const published = await database.prisma.dataProduct.findMany({
      where: { lifecycle: { not: "DRAFT" } },
      select: { id: true },
    });
    const drafts = await database.prisma.dataProduct.findMany({
      where: { lifecycle: "DRAFT", slug: { in: ["product-margins", "erasure-propagation-status"] } },
      select: { id: true },
    });
    const mesh = await getMeshMap(database.prisma, ANY_USER, "all");
    const shown = new Set(mesh.nodes.filter((n) => n.type === "product").map((n) => n.id));
    expect(published.filter((p) => !shown.has(`p:${p.id}`))).toEqual([]);
    expect(drafts.length).toBeGreaterThan(0);
    expect(drafts.filter((p) => shown.has(`p:${p.id}`))).toEqual([]);
    expect(mesh.edges.length).toBeGreaterThanOrEqual((await database.prisma.inputPort.count()) - 5);
    await expect(getLineage(database.prisma, ANY_USER, "no-such-product", 1, 1)).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe("getMeshMap", () => {
  it("draws domains as nodes with the flows between them, and an expanded domain product by product", async () => {
    const product = (slug: string) =>
      database.prisma.dataProduct.findUniqueOrThrow({ where: { slug }, select: { id: true } });
    const orderEvents = await product("order-events");
    const payments = await product("payment-authorizations");
    const map = await getMeshMap(database.prisma, ANY_USER, []);
    expect(map.expanded).toEqual([]);
    expect(map.nodes.every((n) => n.type === "domain")).toBe(true);
    expect(map.nodes.map((n) => n.domain!.slug).sort()).toEqual(map.domains.map((d) => d.slug).sort());
    const ordersDomain = map.nodes.find((n) => n.id === "domain:orders")!;
    expect(ordersDomain.count).toBe(map.domains.find((d) => d.slug === "orders")!.count);
    expect(ordersDomain.count).toBeGreaterThan(1);
    // order-events (orders) → payment-authorizations (payments), merged into the domains' flow.
    const flow = map.edges.find((e) => e.source === "domain:orders" && e.target === "domain:payments")!;
    expect(flow.flows).toBeGreaterThanOrEqual(1);
    expect(flow.id).toBe("domain:orders->domain:payments");
    expect(map.edges.every((e) => e.source !== e.target)).toBe(true);
    const ids = new Set(map.nodes.map((n) => n.id));
    expect(map.edges.every((e) => ids.has(e.source) && ids.has(e.target))).toBe(true);

    const orders = await getMeshMap(database.prisma, ANY_USER, ["orders", "no-such-domain"]);
    expect(orders.expanded).toEqual(["orders"]);
    expect(orders.nodes.find((n) => n.id === "domain:orders")).toBeUndefined();
    expect(orders.nodes.find((n) => n.id === `p:${orderEvents.id}`)).toMatchObject({
      type: "product",
      slug: "order-events",
      domain: { slug: "orders" },
    });
    expect(orders.nodes.find((n) => n.id === `p:${payments.id}`)).toBeUndefined();
    expect(
      orders.edges.some((e) => e.source === `p:${orderEvents.id}` && e.target === "domain:payments"),
    ).toBe(true);
    expect(orders.nodes.filter((n) => n.type === "product").every((n) => n.domain!.slug === "orders")).toBe(
      true,
    );
  });

  it("opens a small mesh expanded, and leaves out drafts the viewer may not see", async () => {
    const map = await getMeshMap(database.prisma, ANY_USER);
    const total = map.domains.reduce((sum, d) => sum + d.count, 0);
    expect(map.expanded.length).toBe(total <= MAP_EXPANDED_LIMIT ? map.domains.length : 0);
    const draft = await database.prisma.dataProduct.findFirstOrThrow({
      where: { lifecycle: "DRAFT", slug: { in: ["product-margins", "erasure-propagation-status"] } },
      select: { id: true },
    });
    const forMember = await getMeshMap(database.prisma, ANY_USER, "all");
    expect(forMember.nodes.find((n) => n.id === `p:${draft.id}`)).toBeUndefined();
    expect(forMember.edges.some((e) => e.source === `p:${draft.id}` || e.target === `p:${draft.id}`)).toBe(
      false,
    );
  });
});

describe("getImpact", () => {
  it("lists everything downstream of a port with depth, and writes it as CSV", async () => {
    const port = await database.prisma.outputPort.findFirstOrThrow({
      where: { product: { slug: "order-events" }, type: "KAFKA_TOPIC" },
    });
    const impact = await getImpact(database.prisma, ANY_USER, port.id);
    const depth = new Map(impact.items.map((i) => [i.product.slug, i.depth]));
    expect(depth.get("order-events")).toBe(0);
    expect(depth.get("payment-authorizations")).toBe(1);
    expect(depth.get("executive-kpi-dashboard")).toBeGreaterThanOrEqual(2);
    expect(impact.items.map((i) => i.depth)).toEqual(
      [...impact.items.map((i) => i.depth)].sort((a, b) => a - b),
    );
    const csv = impactCsv(impact.items);
    expect(csv.split("\n")[0]).toBe("depth,product,slug,domain,owner team,ports,teams with grants");
    expect(csv).toContain(",payment-authorizations,");
    await expect(
      getImpact(database.prisma, ANY_USER, "00000000-0000-4000-8000-000000000000"),
    ).rejects.toMatchObject({
      status: 404,
    });
  });

  it("neutralizes cells a spreadsheet would run as formulas", async () => {
    const port = await database.prisma.outputPort.findFirstOrThrow({
      where: { product: { slug: "order-events" }, type: "KAFKA_TOPIC" },
    });
    const hostile = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"];
    const downstream = await database.prisma.dataProduct.findUniqueOrThrow({
      where: { slug: "payment-authorizations" },
    });
    try {
      for (const name of hostile) {
        await database.prisma.dataProduct.update({ where: { id: downstream.id }, data: { name } });
        const csv = impactCsv((await getImpact(database.prisma, ANY_USER, port.id)).items);
        const row = csv.split("\n").find((line) => line.includes(",payment-authorizations,"))!;
        const cell = row.split(",")[1]!.replace(/^"/, "");
        expect(cell.startsWith("'"), `${JSON.stringify(name)} → ${row}`).toBe(true);
      }
    } finally {
      await database.prisma.dataProduct.update({
        where: { id: downstream.id },
        data: { name: downstream.name },
      });
    }
  });
});
