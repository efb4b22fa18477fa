"use client";

import "@xyflow/react/dist/style.css";
import { useQuery } from "@tanstack/react-query";
import {
  Background,
  Controls,
  Handle,
  MarkerType,
  MiniMap,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Edge,
  type Node,
  type NodeProps,
} from "@xyflow/react";
import Link from "next/link";
import { memo, useEffect, useMemo, useRef, useState } from "react";
import { KIND_LABELS, PORT_TYPE_LABELS, type PortType, type ProductKind } from "@/lib/catalog/schemas";
import { fetchLineage, lineageKeys, type Depth } from "@/lib/lineage/api-client";
import {
  bulkEdgePaths,
  collapseDomains,
  EDGE_LABEL_LIMIT,
  edgeLabel,
  groupOf,
  pathBetween,
  searchNodes,
  toSvg,
  type GraphNode,
} from "@/lib/lineage/graph";
import type { LayoutInput, LayoutResult } from "@/lib/lineage/layout";
import { LAYOUT_DEADLINE_MS, useLayout } from "@/lib/lineage/use-layout";

const NODE = { width: 220, height: 64 };
/**
 * Where the (6 px) handles sit: given up front, React Flow draws edges in the same pass as the
 * nodes instead of waiting to measure 2,000 handles in the DOM.
 */
const HANDLES: NonNullable<Node["handles"]> = [
  { type: "target", position: Position.Left, x: -3, y: NODE.height / 2 - 3, width: 6, height: 6 },
  {
    type: "source",
    position: Position.Right,
    x: NODE.width - 3,
    y: NODE.height / 2 - 3,
    width: 6,
    height: 6,
  },
];
/** Beyond this many nodes, domains start collapsed so nothing ever freezes. */
const COLLAPSE_THRESHOLD = 150;
const DEPTHS: Depth[] = [1, 2, 3, 5, "all"];

type FlowNodeData = { node: GraphNode; highlighted: boolean; dimmed: boolean; root: boolean };
type DomainBoxData = { label: string };

// Memoized custom nodes: panning re-renders nothing but the viewport transform.
const LineageNode = memo(function LineageNode({ data }: NodeProps<Node<FlowNodeData>>) {
  const n = data.node;
  return (
    <div
      className={`lineage-node lineage-${n.type}${data.highlighted ? " is-highlighted" : ""}${data.dimmed ? " is-dimmed" : ""}${data.root ? " is-root" : ""}`}
      data-testid="lineage-node"
      data-node-id={n.id}
    >
      <Handle type="target" position={Position.Left} />
      <div className="lineage-name" title={n.name}>
        {n.name}
      </div>
      <div className="lineage-meta">
        {n.type === "product" && (
          <>
            {KIND_LABELS[n.kind as ProductKind] ?? n.kind} · {n.owner?.name}
            {n.portTypes &&
              n.portTypes.length > 0 &&
              ` · ${n.portTypes.map((p) => PORT_TYPE_LABELS[p as PortType] ?? p).join(", ")}`}
          </>
        )}
        {n.type === "external" && <>external · {n.namespace}</>}
        {n.type === "domain" && <>{n.count} products — click to expand</>}
      </div>
      <Handle type="source" position={Position.Right} />
    </div>
  );
});

const DomainBox = memo(function DomainBox({ data }: NodeProps<Node<DomainBoxData>>) {
  return <div className="lineage-domain-label">{data.label}</div>;
});

type BulkEdgesData = {
  width: number;
  height: number;
  d: string;
  arrows: string;
  highlight: string;
  highlightArrows: string;
  dimmed: boolean;
};

/** Every edge of a big graph in one SVG (non-interactive: a node's details name its ports). */
const BulkEdges = memo(function BulkEdges({ data }: NodeProps<Node<BulkEdgesData>>) {
  return (
    <svg
      width={data.width}
      height={data.height}
      className="lineage-bulk"
      aria-hidden="true"
      data-testid="lineage-bulk-edges"
    >
      <path d={data.d} className={`lineage-bulk-edge${data.dimmed ? " is-dimmed" : ""}`} />
      <path d={data.arrows} className={`lineage-bulk-arrow${data.dimmed ? " is-dimmed" : ""}`} />
      {data.highlight && <path d={data.highlight} className="lineage-bulk-edge is-highlighted" />}
      {data.highlightArrows && (
        <path d={data.highlightArrows} className="lineage-bulk-arrow is-highlighted" />
      )}
    </svg>
  );
});

/** The bulk edge layer as a node at the origin, under the product nodes and above the domain boxes. */
function bulkEdges(
  edges: readonly { id: string; source: string; target: string }[],
  result: LayoutResult,
  highlighted: Set<string> | null,
  settled: boolean,
): Node<BulkEdgesData> {
  const paths = bulkEdgePaths(edges, result, NODE, highlighted);
  return {
    id: "edges:bulk",
    type: "bulkEdges",
    position: { x: 0, y: 0 },
    data: { width: result.width, height: result.height, ...paths, dimmed: highlighted !== null },
    draggable: false,
    selectable: false,
    focusable: false,
    zIndex: -1,
    width: result.width,
    height: result.height,
    ...(settled ? { measured: { width: result.width, height: result.height } } : {}),
  };
}

const nodeTypes = { lineage: LineageNode, domainBox: DomainBox, bulkEdges: BulkEdges };

function DepthSelect({
  label,
  value,
  onChange,
}: {
  label: string;
  value: Depth;
  onChange: (d: Depth) => void;
}) {
  return (
    <label>
      {label}{" "}
      <select
        aria-label={`${label} depth`}
        value={String(value)}
        onChange={(e) => onChange(e.target.value === "all" ? "all" : Number(e.target.value))}
      >
        {DEPTHS.map((d) => (
          <option key={d} value={d}>
            {d}
          </option>
        ))}
      </select>
    </label>
  );
}

function download(name: string, blob: Blob) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function svgToPng(svg: string): Promise<Blob> {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  canvas.getContext("2d")!.drawImage(image, 0, 0);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG export failed"))), "image/png"),
  );
}

interface CanvasProps {
  product?: string;
  productName?: string;
  initialUpstream?: Depth;
  initialDownstream?: Depth;
  /** Start with every domain expanded, whatever the size (`?expand=all`). */
  expandAll?: boolean;
}

export function LineageCanvas(props: CanvasProps) {
  return (
    <ReactFlowProvider>
      <LineageView {...props} />
    </ReactFlowProvider>
  );
}

/**
 * The lineage graph: data from the API, layout in a Web Worker (elkjs), drawn by React Flow.
 * Depth controls, domains collapsible (collapsed by default on big graphs), search, a path
 * between two nodes (click one, Shift+click another), minimap, fit view, PNG/SVG export.
 */
function LineageView({ product, productName, initialUpstream, initialDownstream, expandAll }: CanvasProps) {
  const [upstream, setUpstream] = useState<Depth>(initialUpstream ?? (product ? 1 : "all"));
  const [downstream, setDownstream] = useState<Depth>(initialDownstream ?? (product ? 1 : "all"));
  const params = { product, upstream, downstream };
  const query = useQuery({
    queryKey: lineageKeys.graph(params),
    queryFn: ({ signal }) => fetchLineage(params, signal),
  });
  const data = query.data;
  const rootId = data?.nodes.find((n) => n.depth === 0 && n.slug === product)?.id;

  const [collapsed, setCollapsed] = useState<Set<string> | null>(null);
  const domains = useMemo(() => [...new Set((data?.nodes ?? []).map(groupOf))].sort(), [data]);
  const domainNames = useMemo(
    () => new Map((data?.nodes ?? []).map((n) => [groupOf(n), n.domain?.name ?? groupOf(n)])),
    [data],
  );
  // A new graph starts with domains collapsed when it is big (except the root's).
  useEffect(() => {
    if (!data) return;
    const rootDomain = data.nodes.find((n) => n.id === rootId);
    // Time from data to painted graph, read by `npm run bench -- lineage` (performance marks).
    performance.mark("lineage:data");
    setCollapsed(
      data.nodes.length > COLLAPSE_THRESHOLD && !expandAll
        ? new Set(domains.filter((d) => !rootDomain || d !== groupOf(rootDomain)))
        : new Set(),
    );
  }, [data, domains, rootId, expandAll]);

  const view = useMemo(
    () => (data && collapsed ? collapseDomains(data, collapsed, rootId) : null),
    [data, collapsed, rootId],
  );
  const layoutInput = useMemo<LayoutInput | null>(
    () =>
      view && {
        nodes: view.nodes.map((n) => ({
          id: n.id,
          group: groupOf(n),
          ...(product ? { rank: n.depth } : {}),
          ...NODE,
        })),
        edges: view.edges.map((e) => ({ id: e.id, source: e.source, target: e.target })),
      },
    [view, product],
  );
  const layout = useLayout(layoutInput);

  const [paintedFor, setPaintedFor] = useState<LayoutResult | null>(null);
  const [search, setSearch] = useState("");
  const [selected, setSelected] = useState<string[]>([]);
  const matches = useMemo(() => new Set(view ? searchNodes(view, search) : []), [view, search]);
  const path = useMemo(
    () => (view && selected.length === 2 ? pathBetween(view, selected[0]!, selected[1]!) : null),
    [view, selected],
  );

  const flow = useMemo(() => {
    if (!view || layout.status !== "done") return { nodes: [] as Node[], edges: [] as Edge[] };
    const { result } = layout;
    const settled = paintedFor === result;
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
    const edges: Edge[] = view.edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      label: edgeLabel(e),
      markerEnd: { type: MarkerType.ArrowClosed },
      className: path?.edges.has(e.id) ? "is-highlighted" : path ? "is-dimmed" : undefined,
    }));
    return { nodes: [...boxes, ...nodes] as Node[], edges };
  }, [view, layout, matches, path, selected, rootId, paintedFor]);

  const { fitView } = useReactFlow();
  const [paintMs, setPaintMs] = useState<number | null>(null);
  const laidOut = layout.status === "done" ? layout.result : null;
  useEffect(() => {
    if (flow.nodes.length === 0 || !laidOut) return;
    requestAnimationFrame(() => {
      void fitView({ padding: 0.1, maxZoom: 1.2 });
      // The frame after this one shows the laid-out graph.
      requestAnimationFrame(() => {
        performance.mark("lineage:painted");
        const m = performance.measure("lineage:data-to-paint", "lineage:data", "lineage:painted");
        setPaintMs(Math.round(m.duration));
        setPaintedFor(laidOut);
      });
    });
  }, [flow.nodes.length, laidOut, fitView]);

  /** A click, or Enter/Space on a focused node: expand a domain, or select (Shift: path to) a node. */
  function activate(id: string, extend: boolean) {
    if (id.startsWith("box:") || id.startsWith("edges:")) return;
    if (id.startsWith("domain:")) {
      const slug = id.slice("domain:".length);
      setCollapsed((c) => new Set([...(c ?? [])].filter((d) => d !== slug)));
      return;
    }
    setSelected((s) => (extend && s.length > 0 ? [s[s.length - 1]!, id] : [id]));
  }

  // A changed depth goes into the address, so the view can be shared and survives a reload.
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

  const selectedNode = view?.nodes.find((n) => n.id === selected[selected.length - 1]);

  function exportAs(kind: "svg" | "png") {
    if (!view || layout.status !== "done") return;
    const svg = toSvg(view, layout.result, NODE);
    const name = `lineage-${product ?? "mesh"}`;
    if (kind === "svg") download(`${name}.svg`, new Blob([svg], { type: "image/svg+xml" }));
    else void svgToPng(svg).then((png) => download(`${name}.png`, png));
  }

  return (
    <div className="lineage" data-testid="lineage">
      <div className="lineage-toolbar row small">
        {product && (
          <>
            <DepthSelect label="Upstream" value={upstream} onChange={setUpstream} />
            <DepthSelect label="Downstream" value={downstream} onChange={setDownstream} />
          </>
        )}
        <input
          type="search"
          aria-label="Find in graph"
          placeholder="Find in graph…"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        {search && <span>{matches.size} found</span>}
        <button type="button" className="btn" onClick={() => void fitView({ padding: 0.1 })}>
          Fit view
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => exportAs("png")}
          disabled={layout.status !== "done"}
        >
          Export PNG
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => exportAs("svg")}
          disabled={layout.status !== "done"}
        >
          Export SVG
        </button>
        {domains.length > 1 && collapsed && (
          <details className="domain-toggles">
            <summary>Domains ({domains.length - collapsed.size} expanded)</summary>
            {domains.map((d) => (
              <label key={d}>
                <input
                  type="checkbox"
                  checked={!collapsed.has(d)}
                  onChange={() =>
                    setCollapsed((c) => {
                      const next = new Set(c);
                      if (next.has(d)) next.delete(d);
                      else next.add(d);
                      return next;
                    })
                  }
                />{" "}
                {domainNames.get(d) ?? d}
              </label>
            ))}
          </details>
        )}
        <span
          className="muted"
          data-testid="lineage-status"
          data-layout-ms={layout.status === "done" ? Math.round(layout.ms) : undefined}
          data-paint-ms={paintMs ?? undefined}
        >
          {query.isPending && "Loading lineage…"}
          {layout.status === "running" && `Laying out ${view?.nodes.length ?? 0} nodes…`}
          {layout.status === "done" &&
            view &&
            `${view.nodes.length} nodes · ${view.edges.length} edges · laid out in ${Math.round(layout.ms)} ms`}
        </span>
      </div>
      {query.isError && (
        <p className="alert alert-error" role="alert">
          {query.error.message}
        </p>
      )}
      {layout.status === "timeout" && (
        <p className="alert alert-error" role="alert">
          Laying out this graph took longer than {LAYOUT_DEADLINE_MS / 1000} s. Collapse domains or choose a
          smaller depth.{" "}
          <button type="button" className="btn" onClick={() => setCollapsed(new Set(domains))}>
            Collapse all domains
          </button>
        </p>
      )}
      {layout.status === "error" && (
        <p className="alert alert-error" role="alert">
          The layout failed: {layout.message}
        </p>
      )}
      {data && data.nodes.length === 1 && (
        <p className="muted">
          {productName ?? "This product"} has no lineage yet: nothing it reads or that reads it.
        </p>
      )}
      <div
        className="lineage-canvas"
        onKeyDown={(event) => {
          if (event.key !== "Enter" && event.key !== " ") return;
          const id = (event.target as HTMLElement).closest<HTMLElement>(".react-flow__node")?.dataset.id;
          if (!id) return;
          event.preventDefault();
          activate(id, event.shiftKey);
        }}
      >
        <ReactFlow
          nodes={flow.nodes}
          edges={flow.edges}
          nodeTypes={nodeTypes}
          onlyRenderVisibleElements
          nodesConnectable={false}
          nodesDraggable={false}
          // Edges carry no action (a node's details name its ports): no focus stops and no wide
          // invisible hit paths, half the SVG of a 2,500-edge graph.
          edgesFocusable={false}
          defaultEdgeOptions={{ interactionWidth: 0 }}
          minZoom={0.05}
          fitView
          onNodeClick={(event, node) => activate(node.id, event.shiftKey)}
          onPaneClick={() => setSelected([])}
          proOptions={{ hideAttribution: true }}
        >
          <Background />
          {/* The minimap (a second drawing of every node) follows the graph's first paint. */}
          {paintMs !== null && (
            <MiniMap
              pannable
              zoomable
              nodeColor={(n) => (n.type === "bulkEdges" ? "transparent" : "#e2e2e2")}
              nodeStrokeColor={(n) => (n.type === "bulkEdges" ? "transparent" : "#aaa")}
            />
          )}
          <Controls showInteractive={false} showFitView={false} />
        </ReactFlow>
      </div>
      {selectedNode && (
        <aside className="lineage-details card small" data-testid="lineage-details">
          <strong>{selectedNode.name}</strong>
          {selectedNode.domain && <div className="muted">{selectedNode.domain.name}</div>}
          {selected.length === 2 && (
            <div data-testid="path-status">
              {path && path.nodes.size > 0
                ? `Path: ${path.nodes.size - 1} hops highlighted`
                : "No path between these two"}
            </div>
          )}
          {selectedNode.slug && (
            <div className="row">
              <Link href={`/products/${selectedNode.slug}`}>Open product page</Link>
              <Link href={`/products/${selectedNode.slug}/lineage`}>Focus lineage here</Link>
            </div>
          )}
          <div className="muted">Shift+click another node to highlight the path between them.</div>
        </aside>
      )}
    </div>
  );
}
