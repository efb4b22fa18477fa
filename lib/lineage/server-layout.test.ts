import ELK from "elkjs/lib/elk.bundled.js";
import { describe, expect, it } from "vitest";
import { layoutGraph } from "./layout";
import { LayoutInputSchema, layoutOnServer } from "./server-layout";
import { syntheticLineage } from "./synthetic";

describe("server-side lineage layout", () => {
  it("rejects graphs elkjs could not lay out, naming the offending field", () => {
    const bad = LayoutInputSchema.safeParse({
      nodes: [
        { id: "a", width: 10, height: 10 },
        { id: "a", width: 10, height: 10 },
      ],
      edges: [{ id: "e", source: "a", target: "ghost" }],
    });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages).toContain('nodes.1.id: duplicate node id "a"');
    expect(messages).toContain('edges.0.target: no node "ghost"');
    expect(LayoutInputSchema.safeParse({ nodes: [], edges: [] }).success).toBe(false);
    expect(
      LayoutInputSchema.safeParse({ nodes: [{ id: "a", width: -1, height: 10 }], edges: [] }).success,
    ).toBe(false);
  });

  it("lays out in worker threads exactly as in-process, and serves a repeat from its cache", async () => {
    const input = syntheticLineage(120, 180, 4);
    const first = await layoutOnServer(input);
    expect(first).toEqual(await layoutGraph(new ELK(), input));
    expect(await layoutOnServer(structuredClone(input))).toBe(first);
  }, 30_000); // the threads warm up in the background first (lib/lineage/server-layout.ts)
});
