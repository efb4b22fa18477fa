/** Lineage inputs: zod schemas of the lineage and impact queries (OpenLineage events: openlineage.ts). */
import { z } from "zod";
import { PortIdParams } from "@/lib/catalog/schemas";
import { SLUG_PATTERN } from "@/lib/core/schema-primitives";

/** The most hops "all" follows; deeper meshes are cut there (and say so). */
export const MAX_DEPTH = 50;

const depth = z
  .union([z.literal("all"), z.coerce.number().int("must be a whole number").min(0).max(MAX_DEPTH)])
  .default(1)
  .transform((d) => (d === "all" ? MAX_DEPTH : d));

/** The mesh map's domains drawn product by product: comma-separated slugs (none: all by domain), or `all`. */
export const MeshExpand = z
  .string()
  .max(10_000)
  .transform((v, ctx) => {
    if (v === "all") return "all" as const;
    const slugs = v === "" ? [] : v.split(",");
    if (slugs.length > 1000 || slugs.some((s) => !SLUG_PATTERN.test(s))) {
      ctx.addIssue({ code: "custom", message: "must be `all` or comma-separated domain slugs" });
      return z.NEVER;
    }
    return slugs;
  });

export const LineageQuery = z
  .object({
    product: z.string().regex(SLUG_PATTERN, "must be a product slug").optional(),
    upstream: depth,
    downstream: depth,
    expand: MeshExpand.optional(),
  })
  .strict()
  .refine((q) => !(q.product && q.expand), {
    message: "expand applies to the mesh map, not to a product's lineage",
    path: ["expand"],
  });

export const ImpactQuery = z
  .object({
    port: PortIdParams.shape.portId,
    field: z.string().max(300).optional(),
    format: z.enum(["json", "csv"]).default("json"),
  })
  .strict();
