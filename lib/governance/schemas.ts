/** Governance inputs: zod schemas shared by the policies page and the REST API. */
import { z } from "zod";
import { PolicySetSchema } from "./policy-set";

export const PolicySetUpdateSchema = z
  .object({
    /** The version the editor started from: a stale edit is 409 and changes nothing. */
    version: z.int().min(0),
    rules: PolicySetSchema,
    /** Why the rules change (shown in the history). */
    note: z.string().trim().max(500, "at most 500 characters").default(""),
  })
  .strict();
export type PolicySetUpdate = z.infer<typeof PolicySetUpdateSchema>;
