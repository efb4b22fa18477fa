// The lineage canvas's mapping from a laid-out graph to React Flow nodes and edges (pure), and
// the depth kept in the page's address.
import { MarkerType, type Edge, type Node } from "@xyflow/react";
import { useEffect, useRef } from "react";
import { expandParam, type Depth } from "@/lib/lineage/api-client";
import { EDGE_LABEL_LIMIT, edgeLabel, groupOf, type Graph } from "@/lib/lineage/graph";
import type { LayoutResult } from "@/lib/lineage/layout";
import {
  bulkEdges,
  HANDLES,
  NODE,
  productCount,
  type DomainBoxData,
  type FlowNodeData,
} from "./lineage-nodes";

export interface FlowInput {
  view: Graph;
  result: LayoutResult;
  /** The layout is already painted: sizes count as measured (see below). */
  settled: boolean;
  path: { nodes: Set<string>; edges: Set<string> } | null;
  matches: Set<string>;
  selected: string[];
  rootId: string | undefined;
}

export function toFlow({ view, result, settled, path, matches, selected, rootId }: FlowInput): {
  nodes: Node[];
  edges: Edge[];
} {
  const focus = path ?? (matches.size > 0 ? { nodes: matches, edges: new Set<string>() } : null);
  const boxes: Node<DomainBoxData>[] = Object.entries(result.groups).map(([slug, box]) => ({
    id: `box:${slug}`,
    type: "domainBox",
    position: { x: box.x, y: box.y },
    data: { label: view.nodes.find((n) => groupOf(n) === slug)?.domain?.name ?? slug },
    style: { width: box.width, height: box.height },
    className: "lineage-domain",
    draggable: false,
    selectable: false,
    zIndex: -2,
    focusable: false,
    ...(settled ? { measured: { width: box.width, height: box.height } } : {}),
  }));
  const nodes: Node<FlowNodeData>[] = view.nodes.map((n) => ({
    id: n.id,
    type: "lineage",
    position: result.nodes[n.id] ?? { x: 0, y: 0 },
    data: {
      node: n,
      highlighted: focus?.nodes.has(n.id) ?? false,
      dimmed: focus !== null && !focus.nodes.has(n.id),
      root: n.id === rootId,
    },
    selected: selected.includes(n.id),
    ariaLabel:
      n.type === "domain"
        ? `Domain ${n.name}: ${productCount(n.count ?? 0)}, collapsed. Enter expands it.`
        : `${n.name}${n.owner ? `, owned by ${n.owner.name}` : ""}. Enter selects it.`,
    width: NODE.width,
    height: NODE.height,
    // Once painted, sizes are given: a node object made anew (selection, highlight) then counts
    // as measured, so fit view never waits on a resize observer with nothing new to report.
    // Not before: a measured node is culled against the viewport as it is before the first fit.
    ...(settled ? { measured: NODE } : {}),
    handles: HANDLES,
  }));
  if (view.edges.length > EDGE_LABEL_LIMIT) {
    // A big graph draws its edges as one SVG layer under the nodes (a couple of paths instead
    // of thousands of edge components): the first paint of 2,500 edges costs a fraction.
    return {
      nodes: [...boxes, bulkEdges(view.edges, result, path?.edges ?? null, settled), ...nodes] as Node[],
      edges: [] as Edge[],
    };
  }
  const edges: Edge[] = view.edges.map((e) => {
    // A mesh-map edge to or from a collapsed domain: the number of flows it stands for, and a
    // line as thick as its log, so the domains' labels do not cover each other (a port's name
    // would); the words for screen readers.
    const flows = e.flows;
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      label: flows === undefined ? edgeLabel(e) : String(flows),
      ...(flows === undefined
        ? {}
        : {
            ariaLabel:
              flows === 1 ? `1 flow between domains: ${edgeLabel(e)}` : `${flows} flows between domains`,
            style: { strokeWidth: 1 + Math.log2(flows) },
          }),
      markerEnd: { type: MarkerType.ArrowClosed },
      className: path?.edges.has(e.id) ? "is-highlighted" : path ? "is-dimmed" : undefined,
    };
  });
  return { nodes: [...boxes, ...nodes] as Node[], edges };
}

/** The mesh map's expanded domains in the address (`?expand=`), so the view can be shared. */
export function useExpandInUrl(expand: readonly string[] | "all" | undefined): void {
  useEffect(() => {
    if (expand === undefined) return;
    const url = new URL(window.location.href);
    url.searchParams.set("expand", expandParam(expand));
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url);
  }, [expand]);
}

/** A changed depth goes into the address, so the view can be shared and survives a reload. */
export function useDepthInUrl(product: string | undefined, upstream: Depth, downstream: Depth): void {
  const depthChanged = useRef(false);
  useEffect(() => {
    if (!product) return;
    if (!depthChanged.current) {
      depthChanged.current = true;
      return;
    }
    const url = new URL(window.location.href);
    url.searchParams.set("up", String(upstream));
    url.searchParams.set("down", String(downstream));
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url);
  }, [product, upstream, downstream]);
}
