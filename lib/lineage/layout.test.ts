import ELK from "elkjs/lib/elk.bundled.js";
import { describe, expect, it } from "vitest";
import { graphHash, LayoutCache, layoutGraph, warmUpGraph, type LayoutInput } from "./layout";
import { syntheticLineage } from "./synthetic";

const elk = new ELK();

describe("lineage layout", () => {
  it("places every node inside its domain box, without overlaps", async () => {
    const input = syntheticLineage(60, 90, 4);
    const result = await layoutGraph(elk, input);
    for (const n of input.nodes) {
      const p = result.nodes[n.id]!;
      const box = result.groups[n.group!]!;
      expect(p.x).toBeGreaterThanOrEqual(box.x);
      expect(p.x + n.width).toBeLessThanOrEqual(box.x + box.width + 0.5);
      expect(p.y).toBeGreaterThanOrEqual(box.y);
    }
    const rects = input.nodes.map((n) => ({ ...result.nodes[n.id]!, w: n.width, h: n.height }));
    for (let i = 0; i < rects.length; i++)
      for (let j = i + 1; j < rects.length; j++) {
        const a = rects[i]!;
        const b = rects[j]!;
        expect(
          a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y,
          `nodes ${i} and ${j} overlap`,
        ).toBe(true);
      }
  });

  it("keeps upstream domains left of downstream ones when ranks are given", async () => {
    const input: LayoutInput = {
      nodes: [
        { id: "up", group: "orders", rank: -1, width: 100, height: 40 },
        { id: "root", group: "payments", rank: 0, width: 100, height: 40 },
        { id: "back", group: "orders", rank: 1, width: 100, height: 40 },
        { id: "down", group: "finance", rank: 2, width: 100, height: 40 },
      ],
      edges: [
        { id: "1", source: "up", target: "root" },
        { id: "2", source: "root", target: "back" },
        { id: "3", source: "back", target: "down" },
      ],
    };
    const r = await layoutGraph(elk, input);
    expect(r.groups.orders!.x).toBeLessThan(r.groups.payments!.x);
    expect(r.groups.payments!.x).toBeLessThan(r.groups.finance!.x);
  });

  it("caches by graph hash", async () => {
    const input = syntheticLineage(30, 40, 3);
    const cache = new LayoutCache(2);
    const first = await cache.get(elk, input);
    expect(await cache.get(elk, structuredClone(input))).toBe(first);
    expect(graphHash(input)).not.toBe(graphHash({ ...input, edges: input.edges.slice(1) }));
  });

  it("shares domains out over a pool of elkjs instances with the same result as one instance", async () => {
    const input = syntheticLineage(80, 120, 5);
    const pool = [new ELK(), new ELK(), new ELK()];
    const calls = pool.map(() => 0);
    const counted = pool.map((e, i) => ({
      layout: (g: Parameters<typeof e.layout>[0]) => ((calls[i]! += 1), e.layout(g)),
    }));
    const pooled = await layoutGraph(counted, input);
    expect(calls.every((c) => c > 0)).toBe(true);
    expect(pooled).toEqual(await layoutGraph(elk, input));
    await expect(layoutGraph([], input)).rejects.toThrow(/at least one/);
  });

  it("warms up on a ranked graph elkjs can lay out", async () => {
    const g = await elk.layout(warmUpGraph());
    expect(g.children).toHaveLength(60);
  });
});
