/**
 * The MCP tools' inputs (zod, turned into the JSON Schemas `tools/list` shows) — the same rules as
 * the REST API's: slugs, facet values, purposes and expiries are checked by the same primitives.
 */
import { z } from "zod";
import { PORT_NAME_PATTERN, SLUG_PATTERN } from "@/lib/core/schema-primitives";
import { AccessRequestCreateSchema } from "@/lib/access/schemas";
import { PORT_TYPES, PRODUCT_KINDS, tag } from "@/lib/catalog/schemas";
import { filterProblem } from "@/lib/tail/filter";
import { MAX_SAMPLE } from "@/lib/tail/sample";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const productSlug = z
  .string()
  .regex(
    SLUG_PATTERN,
    "must be a product slug (lowercase letters, digits and dashes), as search_products lists it",
  )
  .describe("The product's slug, e.g. `payment-authorizations` (search_products and get_product list them)");

/** A port as an agent names it: `<product-slug>/<port-name>` (what get_product lists), or its id. */
export const portRef = z
  .string()
  .trim()
  .max(150)
  .refine((v) => UUID.test(v) || parsePortRef(v) !== null, {
    message: "must be <product-slug>/<port-name> (as get_product lists it under ports[].ref) or a port id",
  })
  .describe(
    "The output port: `<product-slug>/<port-name>` as get_product lists it (ports[].ref), or the port's id",
  );

/** `<product-slug>/<port-name>` split, or null when it is not one. */
export function parsePortRef(ref: string): { slug: string; port: string } | null {
  const [slug, port, ...rest] = ref.split("/");
  if (rest.length > 0 || !slug || !port) return null;
  return SLUG_PATTERN.test(slug) && PORT_NAME_PATTERN.test(port) ? { slug, port } : null;
}

export const isPortId = (ref: string) => UUID.test(ref);

const facet = <T extends z.ZodType<string>>(item: T, what: string) =>
  z.array(item).max(20, "at most 20 values").optional().describe(what);

export const SearchProductsInput = z
  .object({
    query: z
      .string()
      .trim()
      .max(200, "at most 200 characters")
      .optional()
      .describe(
        "Words to find in product names, tags, domains, owners, docs and schema field names (typos are corrected). Empty: every product, by name",
      ),
    domain: facet(z.string().regex(SLUG_PATTERN, "must be a domain slug"), "Only these domains (slugs)"),
    kind: facet(z.enum(PRODUCT_KINDS), "Only these kinds of product"),
    owner: facet(
      z.string().regex(SLUG_PATTERN, "must be a team slug"),
      "Only products owned by these teams (slugs)",
    ),
    tag: facet(tag, "Only products with one of these tags"),
    portType: facet(z.enum(PORT_TYPES), "Only products with an output port of these types"),
    includeRetired: z.boolean().optional().describe("Also find retired products (history); default false"),
    page: z
      .int("must be a whole number")
      .min(1, "must be 1 to 500")
      .max(500, "must be 1 to 500")
      .optional()
      .describe("Page of 20 results, from 1"),
  })
  .strict();

export const GetProductInput = z.object({ slug: productSlug }).strict();

export const GetLineageInput = z
  .object({
    slug: productSlug,
    depth: z
      .int("must be a whole number")
      .min(1, "must be 1 to 5")
      .max(5, "must be 1 to 5")
      .optional()
      .describe("Hops upstream and downstream of the product (1–5, default 2)"),
  })
  .strict();

export const ImpactInput = z
  .object({
    port: portRef,
    field: z
      .string()
      .trim()
      .min(1)
      .max(300)
      .optional()
      .describe(
        "A schema field path of the port (e.g. `customer.email`): says, per consumer, how it depends on it",
      ),
  })
  .strict();

const base = AccessRequestCreateSchema.shape;
export const RequestAccessInput = z
  .object({
    port: portRef,
    team: base.teamSlug.describe("Your team that will read the data (its slug; my_access lists your teams)"),
    purpose: base.purpose.describe(
      "What the data is for, in a sentence the owners can decide on (10–1,000 characters)",
    ),
    justification: z
      .string()
      .trim()
      .max(2000, "at most 2,000 characters")
      .optional()
      .describe("More context for the owners"),
    expiresAt: z
      .union([
        z.iso.datetime({ offset: true, message: "must be an ISO date-time" }),
        z.iso.date("must be an ISO date (YYYY-MM-DD)"),
      ])
      .optional()
      .describe(
        "When the access should end (ISO date or date-time); default 90 days, at most the portal's maximum",
      ),
  })
  .strict();

export const MyAccessInput = z
  .object({
    status: z
      .enum(["pending", "approved", "denied", "cancelled"])
      .optional()
      .describe("Only requests with this status (grants are always listed)"),
  })
  .strict();

export const SampleEventsInput = z
  .object({
    port: portRef,
    n: z
      .int("must be a whole number")
      .min(1, "at least 1 event")
      .max(MAX_SAMPLE, `at most ${MAX_SAMPLE} events`)
      .optional()
      .describe(`How many of the newest events (1–${MAX_SAMPLE}, default 10)`),
    filter: z
      .string()
      .max(500, "at most 500 characters")
      .refine((f) => filterProblem(f) === null, {
        error: (issue) => filterProblem(String(issue.input)) ?? "invalid filter",
      })
      .optional()
      .describe(
        'Only events that match: text anywhere in the event (`cancelled`), or a JSON path equal to a value (`$.status="PAID"`, `$.amount=10`)',
      ),
  })
  .strict();
