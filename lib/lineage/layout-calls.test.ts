import { describe, expect, it } from "vitest";
import { PendingLayouts, type LayoutRequest } from "./layout-calls";

describe("PendingLayouts", () => {
  it("matches replies to calls by id, in any order, and ignores strays", async () => {
    const pending = new PendingLayouts();
    const sent: LayoutRequest[] = [];
    const a = pending.call((r) => sent.push(r), { id: "a" });
    const b = pending.call((r) => sent.push(r), { id: "b" });
    expect(sent.map((r) => r.graph.id)).toEqual(["a", "b"]);
    pending.settle({ id: 999, graph: { id: "stray" } });
    pending.settle({ id: sent[1]!.id, graph: { id: "b-laid-out" } });
    pending.settle({ id: sent[0]!.id, error: "too big" });
    await expect(b).resolves.toEqual({ id: "b-laid-out" });
    await expect(a).rejects.toThrow("too big");
    expect(pending.size).toBe(0);
  });

  it("fails every call in flight at once", async () => {
    const pending = new PendingLayouts();
    const calls = [pending.call(() => undefined, { id: "x" }), pending.call(() => undefined, { id: "y" })];
    pending.failAll(new Error("layout stopped"));
    for (const call of calls) await expect(call).rejects.toThrow("layout stopped");
    expect(pending.size).toBe(0);
  });
});
