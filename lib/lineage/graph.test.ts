import { describe, expect, it } from "vitest";
import { bulkEdgePaths, collapseDomains, pathBetween, searchNodes, toSvg, type Graph } from "./graph";

const node = (id: string, domain: string, depth = 0) => ({
  id,
  type: "product" as const,
  name: `Product ${id}`,
  domain: { slug: domain, name: domain.toUpperCase() },
  depth,
});
const edge = (source: string, target: string) => ({
  id: `${source}-${target}`,
  source,
  target,
  label: "out",
  via: "port" as const,
});
const graph: Graph = {
  nodes: [
    node("a", "orders"),
    node("b", "orders", 1),
    node("c", "payments", 2),
    node("d", "finance", 3),
    node("e", "payments", 1),
  ],
  edges: [edge("a", "b"), edge("b", "c"), edge("c", "d"), edge("a", "e"), edge("e", "c")],
};

describe("collapseDomains", () => {
  it("replaces a domain by one node, reroutes and merges edges, drops inner ones", () => {
    const g = collapseDomains(graph, new Set(["payments"]));
    const domain = g.nodes.find((n) => n.id === "domain:payments")!;
    expect(domain).toMatchObject({ type: "domain", count: 2, depth: 1 });
    expect(g.nodes.map((n) => n.id).sort()).toEqual(["a", "b", "d", "domain:payments"]);
    expect(g.edges.map((e) => `${e.source}>${e.target}`).sort()).toEqual([
      "a>b",
      "a>domain:payments",
      "b>domain:payments",
      "domain:payments>d",
    ]);
  });

  it("keeps the focused node visible", () => {
    const g = collapseDomains(graph, new Set(["orders"]), "a");
    expect(g.nodes.some((n) => n.id === "a")).toBe(true);
    expect(g.nodes.some((n) => n.id === "domain:orders" && n.count === 1)).toBe(true);
  });
});

describe("pathBetween", () => {
  it("finds a shortest directed path either way round", () => {
    const forward = pathBetween(graph, "a", "d");
    expect(forward.nodes.size).toBe(4);
    for (const n of ["a", "c", "d"]) expect(forward.nodes.has(n)).toBe(true);
    expect(forward.edges.size).toBe(3);
    const back = pathBetween(graph, "d", "b");
    expect([...back.nodes].sort()).toEqual(["b", "c", "d"]);
    expect(back.edges).toEqual(new Set(["b-c", "c-d"]));
    expect(pathBetween(graph, "b", "e").nodes.size).toBe(0);
  });
});

describe("searchNodes and toSvg", () => {
  it("finds nodes by name or domain", () => {
    expect(searchNodes(graph, "PAYMENTS").sort()).toEqual(["c", "e"]);
    expect(searchNodes(graph, "  ")).toEqual([]);
  });

  it("exports an SVG with every node and escaped text", () => {
    const layout = {
      nodes: { a: { x: 0, y: 0 }, b: { x: 300, y: 0 } },
      groups: { orders: { x: 0, y: 0, width: 600, height: 120 } },
      width: 600,
      height: 120,
    };
    const svg = toSvg(
      { nodes: [{ ...node("a", "orders"), name: "<A & B>" }, node("b", "orders")], edges: [edge("a", "b")] },
      layout,
      { width: 220, height: 64 },
    );
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("&#60;A &#38; B&#62;");
    expect(svg).toContain(">ORDERS</text>"); // the domain's name, not its slug
    expect(svg.match(/<line /g)).toHaveLength(1);
    // The edge's port as a label, drawn after (above) the nodes.
    expect(svg).toMatch(/<text [^>]*paint-order="stroke">out<\/text><\/svg>$/);
  });
});

describe("bulkEdgePaths", () => {
  it("draws every edge as a curve with an arrowhead, highlighted ones apart, and skips unplaced nodes", () => {
    const layout = { nodes: { a: { x: 0, y: 0 }, b: { x: 300, y: 100 }, c: { x: 600, y: 0 } } };
    const paths = bulkEdgePaths(
      [edge("a", "b"), edge("b", "c"), edge("c", "zz")],
      layout,
      { width: 220, height: 64 },
      new Set(["b-c"]),
    );
    expect(paths.d.match(/M/g)).toHaveLength(1);
    expect(paths.d.startsWith("M220,32 C")).toBe(true);
    expect(paths.d.endsWith("300,132")).toBe(true);
    expect(paths.arrows).toBe("M292 128L300 132L292 136Z");
    expect(paths.highlight.startsWith("M520,132 C")).toBe(true);
    expect(paths.highlightArrows).toBe("M592 28L600 32L592 36Z");
  });
});
