/**
 * Lineage layout with elkjs, tuned for mesh scale, pure and isomorphic (the browser runs it in a
 * Web Worker, the benchmark in Node). Two levels instead of one compound graph: each domain is
 * laid out on its own (small layered graphs), then the domains as boxes with the edges between
 * them aggregated. elkjs' hierarchical mode on 1,000 nodes in 10 groups took ~3.8 s; this is
 * an order of magnitude less. The domains' layouts are independent, so they are shared out over
 * several elkjs instances (Web Workers in the browser) and run in parallel. Results are cached
 * by a hash of the graph.
 */
import type { ElkNode, LayoutOptions } from "elkjs/lib/elk-api";

export interface LayoutNodeInput {
  id: string;
  /** The domain (group) the node is drawn in; undefined = outside any group. */
  group?: string;
  /** Left-to-right order to respect (hops from the focused product: upstream negative). */
  rank?: number;
  width: number;
  height: number;
}
export interface LayoutEdgeInput {
  id: string;
  source: string;
  target: string;
}
export interface LayoutInput {
  nodes: LayoutNodeInput[];
  edges: LayoutEdgeInput[];
}
export interface LayoutResult {
  /** Absolute positions (top-left) of nodes. */
  nodes: Record<string, { x: number; y: number }>;
  /** Group boxes, absolute. */
  groups: Record<string, { x: number; y: number; width: number; height: number }>;
  width: number;
  height: number;
}

/** The elkjs surface this module needs (`ELK` from elk.bundled.js or elk-api with a worker). */
export interface ElkLike {
  layout(graph: ElkNode): Promise<ElkNode>;
}

const FAST: LayoutOptions = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.layered.thoroughness": "1",
  "elk.layered.nodePlacement.strategy": "SIMPLE",
  "elk.layered.crossingMinimization.strategy": "LAYER_SWEEP",
  "elk.layered.cycleBreaking.strategy": "GREEDY",
  "elk.edgeRouting": "POLYLINE",
  "elk.layered.spacing.nodeNodeBetweenLayers": "60",
  "elk.spacing.nodeNode": "24",
  "elk.layered.compaction.postCompaction.strategy": "NONE",
  "elk.separateConnectedComponents": "true",
  "elk.padding": "[top=36,left=16,bottom=16,right=16]",
};

const GROUPS: LayoutOptions = {
  ...FAST,
  "elk.layered.spacing.nodeNodeBetweenLayers": "120",
  "elk.spacing.nodeNode": "60",
  "elk.padding": "[top=0,left=0,bottom=0,right=0]",
};

/** A stable hash of the graph's structure and sizes (FNV-1a over a canonical listing). */
export function graphHash(input: LayoutInput): string {
  const text = [
    ...input.nodes.map((n) => `${n.id}|${n.group ?? ""}|${n.rank ?? ""}|${n.width}x${n.height}`).sort(),
    ...input.edges.map((e) => `${e.source}>${e.target}`).sort(),
  ].join("\n");
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${h.toString(16)}-${input.nodes.length}-${input.edges.length}`;
}

const UNGROUPED = "\u0000";

/** One group's own layered graph. */
function groupGraph(group: string, nodes: LayoutNodeInput[], edges: LayoutEdgeInput[]): ElkNode {
  const ranked = nodes.some((n) => n.rank !== undefined && n.rank !== nodes[0]!.rank);
  const low = Math.min(...nodes.map((n) => n.rank ?? 0));
  return {
    id: `g:${group}`,
    layoutOptions: ranked ? { ...FAST, "elk.partitioning.activate": "true" } : FAST,
    children: nodes.map((n) => ({
      id: n.id,
      width: n.width,
      height: n.height,
      ...(ranked ? { layoutOptions: { "elk.partitioning.partition": String((n.rank ?? 0) - low) } } : {}),
    })),
    edges: edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
}

/**
 * Lays out `input` with one elkjs instance, or with several in parallel (each runs one layout at
 * a time: groups are dealt out biggest first to the least loaded instance).
 */
export async function layoutGraph(
  elks: ElkLike | readonly ElkLike[],
  input: LayoutInput,
): Promise<LayoutResult> {
  const pool = Array.isArray(elks) ? (elks as readonly ElkLike[]) : [elks as ElkLike];
  if (pool.length === 0) throw new Error("layoutGraph needs at least one elkjs instance");
  const groupOf = new Map(input.nodes.map((n) => [n.id, n.group ?? UNGROUPED]));
  const members = new Map<string, LayoutNodeInput[]>();
  for (const n of input.nodes) {
    const key = n.group ?? UNGROUPED;
    const list = members.get(key);
    if (list) list.push(n);
    else members.set(key, [n]);
  }
  const innerEdges = new Map<string, LayoutEdgeInput[]>();
  for (const e of input.edges) {
    const group = groupOf.get(e.source);
    if (group === undefined || group !== groupOf.get(e.target) || e.source === e.target) continue;
    const list = innerEdges.get(group);
    if (list) list.push(e);
    else innerEdges.set(group, [e]);
  }

  // 1. Each group on its own, the groups shared out over the pool.
  const queues: string[][] = pool.map(() => []);
  const load = pool.map(() => 0);
  for (const [group, nodes] of [...members].sort((a, b) => b[1].length - a[1].length)) {
    const least = load.indexOf(Math.min(...load));
    queues[least]!.push(group);
    load[least]! += nodes.length + (innerEdges.get(group)?.length ?? 0);
  }
  const inner = new Map<string, ElkNode>();
  await Promise.all(
    queues.map(async (groups, i) => {
      for (const group of groups)
        inner.set(
          group,
          await pool[i]!.layout(groupGraph(group, members.get(group)!, innerEdges.get(group) ?? [])),
        );
    }),
  );

  // 2. The groups as boxes, edges between them aggregated to one per pair.
  const pairs = new Set<string>();
  for (const e of input.edges) {
    const a = groupOf.get(e.source);
    const b = groupOf.get(e.target);
    if (a !== undefined && b !== undefined && a !== b) pairs.add(`${a}\u0001${b}`);
  }
  // Domains left to right by their most upstream node, so data still flows rightwards.
  const groupRank = new Map(
    [...members].map(([group, nodes]) => [group, Math.min(...nodes.map((n) => n.rank ?? 0))]),
  );
  const rankedGroups = new Set(groupRank.values()).size > 1;
  const lowest = Math.min(...groupRank.values());
  const top = await pool[0]!.layout({
    id: "root",
    layoutOptions: rankedGroups ? { ...GROUPS, "elk.partitioning.activate": "true" } : GROUPS,
    // In the input's order, whatever order the pool finished in: the same graph, the same layout.
    children: [...members.keys()].map((group) => ({
      id: group,
      width: inner.get(group)!.width ?? 0,
      height: inner.get(group)!.height ?? 0,
      ...(rankedGroups
        ? { layoutOptions: { "elk.partitioning.partition": String(groupRank.get(group)! - lowest) } }
        : {}),
    })),
    edges: [...pairs].map((p, i) => {
      const [a, b] = p.split("\u0001") as [string, string];
      return { id: `ge${i}`, sources: [a], targets: [b] };
    }),
  });

  const result: LayoutResult = { nodes: {}, groups: {}, width: top.width ?? 0, height: top.height ?? 0 };
  for (const box of top.children ?? []) {
    const g = inner.get(box.id)!;
    const x0 = box.x ?? 0;
    const y0 = box.y ?? 0;
    if (box.id !== UNGROUPED)
      result.groups[box.id] = { x: x0, y: y0, width: g.width ?? 0, height: g.height ?? 0 };
    for (const n of g.children ?? []) result.nodes[n.id] = { x: x0 + (n.x ?? 0), y: y0 + (n.y ?? 0) };
  }
  return result;
}

/** Layouts by graph hash: a repeat view costs a map lookup. Bounded, oldest out first. */
export class LayoutCache {
  private readonly entries = new Map<string, LayoutResult>();
  constructor(private readonly max = 50) {}

  get(elks: ElkLike | readonly ElkLike[], input: LayoutInput): Promise<LayoutResult> {
    return this.through(input, () => layoutGraph(elks, input));
  }

  /** The cached layout of `input`, else `compute`'s (then cached). */
  async through(input: LayoutInput, compute: () => Promise<LayoutResult>): Promise<LayoutResult> {
    const key = graphHash(input);
    const hit = this.entries.get(key);
    if (hit) return hit;
    const result = await compute();
    this.entries.set(key, result);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return result;
  }
}

/** A small ranked graph (60 nodes in 6 ranks) that runs every phase a real layout runs, to warm elkjs up. */
export function warmUpGraph(): ElkNode {
  const nodes = Array.from({ length: 60 }, (_, i) => ({
    id: `w${i}`,
    rank: Math.floor(i / 10),
    width: 220,
    height: 64,
  }));
  const edges = nodes.slice(10).flatMap((n, i) => [
    { id: `a${i}`, source: `w${(i * 7) % (n.rank * 10)}`, target: n.id },
    { id: `b${i}`, source: `w${(i * 3 + 1) % (n.rank * 10)}`, target: n.id },
  ]);
  return groupGraph("warm-up", nodes, edges);
}
