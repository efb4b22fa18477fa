/** What the lineage API answers, defined once (zod): the document, the queries and the canvas share it. */
import { z } from "zod";

const Ref = z.object({ slug: z.string(), name: z.string() });

/** A node of the lineage graph; the API returns products and external datasets, the canvas adds collapsed domains. */
export const GraphNodeDto = z.object({
  /** `p:<product id>`, `d:<dataset id>` (an OpenLineage dataset no port matches) or `domain:<slug>`. */
  id: z.string(),
  type: z.enum(["product", "external", "domain"]),
  name: z.string(),
  slug: z.string().optional(),
  kind: z.string().optional(),
  domain: Ref.optional(),
  owner: Ref.optional(),
  portTypes: z.array(z.string()).optional(),
  /** A product's lifecycle (retired products are drawn greyed). */
  lifecycle: z.string().optional(),
  namespace: z.string().optional(),
  /** Hops from the focused product: negative upstream, positive downstream, 0 the product. */
  depth: z.int(),
  /** For a collapsed domain: how many nodes it stands for. */
  count: z.int().optional(),
});
export type GraphNode = z.infer<typeof GraphNodeDto>;

export const GraphEdgeDto = z.object({
  id: z.string(),
  source: z.string(),
  target: z.string(),
  /** The port consumed, or the OpenLineage job that moves the data. */
  label: z.string(),
  via: z.enum(["port", "job"]),
  /** On the mesh map, an edge to or from a domain stands for this many flows. */
  flows: z.int().optional(),
});
export type GraphEdge = z.infer<typeof GraphEdgeDto>;

export const MeshDomainDto = z.object({
  slug: z.string(),
  name: z.string(),
  /** Nodes in the domain (products; external datasets in `external`). */
  count: z.int(),
});

export const GraphDto = z
  .object({
    nodes: z.array(GraphNodeDto),
    edges: z.array(GraphEdgeDto),
    /** The mesh map only: every domain, and those drawn product by product. */
    domains: z.array(MeshDomainDto).optional(),
    expanded: z.array(z.string()).optional(),
  })
  .meta({ id: "LineageGraph" });
export type Graph = z.infer<typeof GraphDto>;
