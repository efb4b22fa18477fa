"use client";
// The lineage canvas's custom React Flow nodes: a product, a domain box, and all edges of a big
// graph as one SVG layer. Sizes and handle positions are given up front (no DOM measuring).
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import { KIND_LABELS, PORT_TYPE_LABELS, type PortType, type ProductKind } from "@/lib/catalog/schemas";
import { bulkEdgePaths, type GraphNode } from "@/lib/lineage/graph";
import type { LayoutResult } from "@/lib/lineage/layout";

export const NODE = { width: 220, height: 64 };
/**
 * Where the (6 px) handles sit: given up front, React Flow draws edges in the same pass as the
 * nodes instead of waiting to measure 2,000 handles in the DOM.
 */
export const HANDLES: NonNullable<Node["handles"]> = [
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
export type FlowNodeData = { node: GraphNode; highlighted: boolean; dimmed: boolean; root: boolean };
export type DomainBoxData = { label: string };

/** "1 product", "12 products": a collapsed domain's size. */
export const productCount = (n: number): string => (n === 1 ? "1 product" : `${n} products`);

// Memoized custom nodes: panning re-renders nothing but the viewport transform.
const LineageNode = memo(function LineageNode({ data }: NodeProps<Node<FlowNodeData>>) {
  const n = data.node;
  return (
    <div
      className={`lineage-node lineage-${n.type}${data.highlighted ? " is-highlighted" : ""}${data.dimmed ? " is-dimmed" : ""}${data.root ? " is-root" : ""}${n.lifecycle === "RETIRED" ? " is-retired" : ""}`}
      title={n.lifecycle === "RETIRED" ? "Retired: kept for history" : undefined}
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
        {n.type === "domain" && <>{productCount(n.count ?? 0)} — click to expand</>}
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
export function bulkEdges(
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

export const nodeTypes = { lineage: LineageNode, domainBox: DomainBox, bulkEdges: BulkEdges };
