/**
 * Pure transforms of a lineage graph for the canvas: collapsing domains into one node each,
 * the path between two nodes, text search, and SVG export. Shared by the browser and tests.
 */
import { getBezierPath, Position } from "@xyflow/react";
import { KIND_LABELS, type ProductKind } from "@/lib/catalog/schemas";
import type { Graph, GraphEdge, GraphNode } from "./dto";
import type { LayoutResult } from "./layout";

export type { Graph, GraphEdge, GraphNode };

/** Domains drawn as groups: a product's domain slug, external datasets in a group of their own. */
export const groupOf = (n: GraphNode): string =>
  n.domain?.slug ?? (n.type === "external" ? "external" : "other");

/**
 * Replaces the nodes of each collapsed domain by one node (`domain:<slug>`); edges are rerouted
 * to it, merged per pair, and edges inside a collapsed domain disappear. `keep` stays expanded
 * (the focused node's domain, so the root is always visible).
 */
export function collapseDomains(graph: Graph, collapsed: ReadonlySet<string>, keep?: string): Graph {
  if (collapsed.size === 0) return graph;
  const replacement = new Map<string, string>();
  const domainNodes = new Map<string, GraphNode>();
  const nodes: GraphNode[] = [];
  for (const n of graph.nodes) {
    const group = groupOf(n);
    if (!collapsed.has(group) || n.id === keep) {
      nodes.push(n);
      continue;
    }
    const id = `domain:${group}`;
    replacement.set(n.id, id);
    const existing = domainNodes.get(id);
    if (existing) {
      existing.count = (existing.count ?? 0) + 1;
      existing.depth = Math.abs(n.depth) < Math.abs(existing.depth) ? n.depth : existing.depth;
    } else {
      const node: GraphNode = {
        id,
        type: "domain",
        name: n.domain?.name ?? group,
        domain: n.domain ?? { slug: group, name: group },
        depth: n.depth,
        count: 1,
      };
      domainNodes.set(id, node);
      nodes.push(node);
    }
  }
  const edges = new Map<string, GraphEdge>();
  for (const e of graph.edges) {
    const source = replacement.get(e.source) ?? e.source;
    const target = replacement.get(e.target) ?? e.target;
    if (source === target) continue;
    const key = `${source}->${target}`;
    const merged = edges.get(key);
    if (merged) {
      if (!merged.label.endsWith("…")) merged.label = `${merged.label.split(" (")[0]} …`;
    } else {
      edges.set(key, { ...e, id: key, source, target });
    }
  }
  return { nodes, edges: [...edges.values()] };
}

/** Node ids on a shortest path from `from` to `to` following edge direction either way round; empty when none. */
export function pathBetween(
  graph: Graph,
  from: string,
  to: string,
): { nodes: Set<string>; edges: Set<string> } {
  for (const [a, b] of [
    [from, to],
    [to, from],
  ] as const) {
    const previous = new Map<string, { node: string; edge: string }>();
    const queue = [a];
    const seen = new Set([a]);
    while (queue.length > 0) {
      const current = queue.shift()!;
      if (current === b) {
        const nodes = new Set([b]);
        const edges = new Set<string>();
        for (let step = previous.get(b); step; step = previous.get(step.node)) {
          nodes.add(step.node);
          edges.add(step.edge);
        }
        return { nodes, edges };
      }
      for (const e of graph.edges) {
        if (e.source === current && !seen.has(e.target)) {
          seen.add(e.target);
          previous.set(e.target, { node: current, edge: e.id });
          queue.push(e.target);
        }
      }
    }
  }
  return { nodes: new Set(), edges: new Set() };
}

/** Nodes whose name, domain, owner or namespace contains the text (case-insensitive). */
export function searchNodes(graph: Graph, text: string): string[] {
  const q = text.trim().toLowerCase();
  if (!q) return [];
  return graph.nodes
    .filter((n) =>
      [n.name, n.domain?.name, n.owner?.name, n.namespace, n.slug].some((s) => s?.toLowerCase().includes(q)),
    )
    .map((n) => n.id);
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Beyond this many edges, edges go without labels (on the canvas and in exports): they would only clutter. */
export const EDGE_LABEL_LIMIT = 300;

/** An edge's label: the port it reads, or the OpenLineage job that moves the data. */
export const edgeLabel = (e: GraphEdge) => (e.via === "job" ? `job ${e.label}` : e.label);

/** The laid-out graph as a standalone SVG document (domains, nodes, straight edges with arrows and labels). */
export function toSvg(graph: Graph, layout: LayoutResult, size: { width: number; height: number }): string {
  const pad = 20;
  const parts: string[] = [];
  const domainName = (slug: string) => graph.nodes.find((n) => groupOf(n) === slug)?.domain?.name ?? slug;
  for (const [slug, box] of Object.entries(layout.groups)) {
    parts.push(
      `<rect x="${box.x + pad}" y="${box.y + pad}" width="${box.width}" height="${box.height}" rx="8" fill="#f4f6ff" stroke="#c5d0fa"/>`,
      `<text x="${box.x + pad + 10}" y="${box.y + pad + 22}" font-size="14" font-weight="600" fill="#3b5bdb">${escapeXml(domainName(slug))}</text>`,
    );
  }
  const centre = (id: string, side: "in" | "out") => {
    const p = layout.nodes[id];
    return p
      ? { x: p.x + pad + (side === "out" ? size.width : 0), y: p.y + pad + size.height / 2 }
      : undefined;
  };
  for (const e of graph.edges) {
    const a = centre(e.source, "out");
    const b = centre(e.target, "in");
    if (a && b)
      parts.push(
        `<line x1="${a.x}" y1="${a.y}" x2="${b.x}" y2="${b.y}" stroke="#8a94a6" stroke-width="1.2" marker-end="url(#arrow)"/>`,
      );
  }
  const labels: string[] = [];
  if (graph.edges.length <= EDGE_LABEL_LIMIT) {
    for (const e of graph.edges) {
      const a = centre(e.source, "out");
      const b = centre(e.target, "in");
      // Labels above the nodes, haloed in white so crossing lines do not hide them.
      if (a && b && e.label) {
        labels.push(
          `<text x="${(a.x + b.x) / 2}" y="${(a.y + b.y) / 2 - 4}" font-size="10" text-anchor="middle" fill="#5b6578" stroke="#fff" stroke-width="3" paint-order="stroke">${escapeXml(edgeLabel(e))}</text>`,
        );
      }
    }
  }
  for (const n of graph.nodes) {
    const p = layout.nodes[n.id];
    if (!p) continue;
    parts.push(
      `<rect x="${p.x + pad}" y="${p.y + pad}" width="${size.width}" height="${size.height}" rx="6" fill="#fff" stroke="${n.type === "external" ? "#c77700" : "#5b6578"}"/>`,
      `<text x="${p.x + pad + 10}" y="${p.y + pad + 24}" font-size="13" font-weight="600" fill="#1b2230">${escapeXml(n.name)}</text>`,
      `<text x="${p.x + pad + 10}" y="${p.y + pad + 44}" font-size="11" fill="#5b6578">${escapeXml(n.type === "product" ? `${KIND_LABELS[n.kind as ProductKind] ?? n.kind ?? ""} · ${n.owner?.name ?? ""}` : n.type === "domain" ? `${n.count} products` : (n.namespace ?? ""))}</text>`,
    );
  }
  parts.push(...labels);
  const width = layout.width + 2 * pad;
  const height = layout.height + 2 * pad;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif"><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#8a94a6"/></marker></defs><rect width="100%" height="100%" fill="#fff"/>${parts.join("")}</svg>`;
}

/**
 * SVG path data for drawing many edges at once (big graphs): bezier curves as React Flow draws
 * them, from a node's right side to the next one's left, and arrowheads; highlighted edges apart.
 */
export function bulkEdgePaths(
  edges: readonly { id: string; source: string; target: string }[],
  layout: Pick<LayoutResult, "nodes">,
  size: { width: number; height: number },
  highlighted: ReadonlySet<string> | null,
): { d: string; arrows: string; highlight: string; highlightArrows: string } {
  const out = {
    d: [] as string[],
    arrows: [] as string[],
    highlight: [] as string[],
    highlightArrows: [] as string[],
  };
  for (const e of edges) {
    const a = layout.nodes[e.source];
    const b = layout.nodes[e.target];
    if (!a || !b) continue;
    const y0 = a.y + size.height / 2;
    const y1 = b.y + size.height / 2;
    const [d] = getBezierPath({
      sourceX: a.x + size.width,
      sourceY: y0,
      sourcePosition: Position.Right,
      targetX: b.x,
      targetY: y1,
      targetPosition: Position.Left,
    });
    const tip = `M${b.x - 8} ${y1 - 4}L${b.x} ${y1}L${b.x - 8} ${y1 + 4}Z`;
    const lit = highlighted?.has(e.id) ?? false;
    (lit ? out.highlight : out.d).push(d);
    (lit ? out.highlightArrows : out.arrows).push(tip);
  }
  return {
    d: out.d.join(""),
    arrows: out.arrows.join(""),
    highlight: out.highlight.join(""),
    highlightArrows: out.highlightArrows.join(""),
  };
}
