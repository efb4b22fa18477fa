"use client";

import "@xyflow/react/dist/style.css";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Edge,
  type Node,
} from "@xyflow/react";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { fetchLineage, lineageKeys, type Depth } from "@/lib/lineage/api-client";
import { collapseDomains, groupOf, pathBetween, searchNodes } from "@/lib/lineage/graph";
import type { LayoutInput, LayoutResult } from "@/lib/lineage/layout";
import { LAYOUT_DEADLINE_MS, useLayout } from "@/lib/lineage/use-layout";

import { exportLineage } from "./export";
import { toFlow, useDepthInUrl, useExpandInUrl } from "./to-flow";
import { NODE, nodeTypes } from "./lineage-nodes";

/** Beyond this many nodes, a neighbourhood's domains start collapsed so nothing ever freezes (the mesh map: server-side). */
const COLLAPSE_THRESHOLD = 150;
const DEPTHS: Depth[] = [1, 2, 3, 5, "all"];
/**
 * Fit the whole graph: nodes off screen are not rendered (`onlyRenderVisibleElements`), so never
 * measured, and a fit over measured nodes only left the rightmost domains cut off. Every node
 * has its size given, which is what a fit with `includeHiddenNodes` reads for those.
 */
const FIT = { padding: 0.1, includeHiddenNodes: true } as const;

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

interface CanvasProps {
  product?: string;
  productName?: string;
  initialUpstream?: Depth;
  initialDownstream?: Depth;
  /** Start with every domain expanded, whatever the size (`?expand=all`). */
  expandAll?: boolean;
  /** The mesh map: the domains to start expanded (`?expand=a,b`); unset: the server's default. */
  initialExpand?: readonly string[] | "all";
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
function LineageView({
  product,
  productName,
  initialUpstream,
  initialDownstream,
  expandAll,
  initialExpand,
}: CanvasProps) {
  const [upstream, setUpstream] = useState<Depth>(initialUpstream ?? (product ? 1 : "all"));
  const [downstream, setDownstream] = useState<Depth>(initialDownstream ?? (product ? 1 : "all"));
  // The mesh map is collapsed by the server (it may hold 10,000 products): the canvas asks for
  // the domains to draw product by product. A neighbourhood is collapsed here.
  const [expand, setExpand] = useState<readonly string[] | "all" | undefined>(
    expandAll ? "all" : initialExpand,
  );
  const params = product ? { product, upstream, downstream } : { upstream, downstream, expand };
  const query = useQuery({
    queryKey: lineageKeys.graph(params),
    queryFn: ({ signal }) => fetchLineage(params, signal),
    // Expanding a domain keeps the map on screen until the bigger one arrives.
    placeholderData: keepPreviousData,
  });
  const data = query.data;
  const rootId = data?.nodes.find((n) => n.depth === 0 && n.slug === product)?.id;

  const [localCollapsed, setLocalCollapsed] = useState<Set<string> | null>(null);
  const domains = useMemo(
    () => data?.domains?.map((d) => d.slug) ?? [...new Set((data?.nodes ?? []).map(groupOf))].sort(),
    [data],
  );
  const domainNames = useMemo(
    () =>
      new Map(
        data?.domains?.map((d) => [d.slug, d.name]) ??
          (data?.nodes ?? []).map((n) => [groupOf(n), n.domain?.name ?? groupOf(n)]),
      ),
    [data],
  );
  const collapsed = useMemo(() => {
    if (product) return localCollapsed;
    if (!data?.expanded) return null;
    const expanded = new Set(data.expanded);
    return new Set(domains.filter((d) => !expanded.has(d)));
  }, [product, data, domains, localCollapsed]);
  /** Collapses or expands domains: here for a neighbourhood, on the server for the mesh map. */
  function updateCollapsed(update: (collapsed: Set<string>) => Set<string>) {
    if (product) setLocalCollapsed((c) => update(new Set(c)));
    else if (collapsed) {
      const next = update(new Set(collapsed));
      setExpand(domains.filter((d) => !next.has(d)));
    }
  }
  // A new graph starts with domains collapsed when it is big (except the root's).
  useEffect(() => {
    if (!data) return;
    const rootDomain = data.nodes.find((n) => n.id === rootId);
    // Time from data to painted graph, read by `npm run bench -- lineage` (performance marks).
    performance.mark("lineage:data");
    if (!product) return;
    setLocalCollapsed(
      data.nodes.length > COLLAPSE_THRESHOLD && !expandAll
        ? new Set(domains.filter((d) => !rootDomain || d !== groupOf(rootDomain)))
        : new Set(),
    );
  }, [data, domains, rootId, expandAll, product]);

  const view = useMemo(
    () =>
      data && !product ? data : data && localCollapsed ? collapseDomains(data, localCollapsed, rootId) : null,
    [data, localCollapsed, rootId, product],
  );
  const layoutInput = useMemo<LayoutInput | null>(
    () =>
      view && {
        nodes: view.nodes.map((n) => ({
          id: n.id,
          // A collapsed domain is a node of its own, not a box around one (its name once).
          ...(n.type === "domain" ? {} : { group: groupOf(n) }),
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

  const flow = useMemo(
    () =>
      view && layout.status === "done"
        ? toFlow({
            view,
            result: layout.result,
            settled: paintedFor === layout.result,
            path,
            matches,
            selected,
            rootId,
          })
        : { nodes: [] as Node[], edges: [] as Edge[] },
    [view, layout, matches, path, selected, rootId, paintedFor],
  );

  const { fitView } = useReactFlow();
  const canvasRef = useRef<HTMLDivElement>(null);
  /** A domain expanded from the keyboard: focus moves to its first product once it is drawn. */
  const focusAfterPaint = useRef<string | null>(null);
  const [paintMs, setPaintMs] = useState<number | null>(null);
  const laidOut = layout.status === "done" ? layout.result : null;
  useEffect(() => {
    if (flow.nodes.length === 0 || !laidOut) return;
    requestAnimationFrame(() => {
      void fitView({ ...FIT, maxZoom: 1.2 });
      // The frame after this one shows the laid-out graph.
      requestAnimationFrame(() => {
        performance.mark("lineage:painted");
        const m = performance.measure("lineage:data-to-paint", "lineage:data", "lineage:painted");
        setPaintMs(Math.round(m.duration));
        setPaintedFor(laidOut);
      });
    });
  }, [flow.nodes.length, laidOut, fitView]);

  // Keyboard users keep their place: a domain expanded with Enter hands focus to its first
  // product once that is on screen (the domain's own node is gone).
  useEffect(() => {
    const slug = focusAfterPaint.current;
    const first = slug && paintedFor && view?.nodes.find((n) => n.type !== "domain" && groupOf(n) === slug);
    if (!first) return;
    let frame = 0;
    let tries = 0;
    const attempt = () => {
      const node = canvasRef.current?.querySelector<HTMLElement>(
        `.react-flow__node[data-id="${CSS.escape(first.id)}"]`,
      );
      if (node) {
        focusAfterPaint.current = null;
        node.focus();
      } else if (++tries < 60) frame = requestAnimationFrame(attempt);
    };
    attempt();
    return () => cancelAnimationFrame(frame);
  }, [paintedFor, view]);

  /** A click, or Enter/Space on a focused node: expand a domain, or select (Shift: path to) a node. */
  function activate(id: string, extend: boolean) {
    if (id.startsWith("box:") || id.startsWith("edges:")) return;
    if (id.startsWith("domain:")) {
      const slug = id.slice("domain:".length);
      updateCollapsed((c) => new Set([...c].filter((d) => d !== slug)));
      focusAfterPaint.current = slug;
      return;
    }
    setSelected((s) => (extend && s.length > 0 ? [s[s.length - 1]!, id] : [id]));
  }

  useDepthInUrl(product, upstream, downstream);
  useExpandInUrl(product ? undefined : expand);

  const selectedNode = view?.nodes.find((n) => n.id === selected[selected.length - 1]);

  function exportAs(kind: "svg" | "png") {
    if (!view || layout.status !== "done") return;
    exportLineage(view, layout.result, `lineage-${product ?? "mesh"}`, kind);
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
        <button type="button" className="btn" onClick={() => void fitView(FIT)}>
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
                    updateCollapsed((next) => {
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
          {query.isPlaceholderData && "Loading the expanded map… "}
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
          <button type="button" className="btn" onClick={() => updateCollapsed(() => new Set(domains))}>
            Collapse all domains
          </button>
        </p>
      )}
      {layout.status === "error" && (
        <p className="alert alert-error" role="alert">
          The layout failed: {layout.message}
        </p>
      )}
      {product && data && data.nodes.length === 1 && (
        <p className="muted">
          {productName ?? "This product"} has no lineage yet: nothing it reads or that reads it.
        </p>
      )}
      <div
        className="lineage-canvas"
        ref={canvasRef}
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
          fitViewOptions={FIT}
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
