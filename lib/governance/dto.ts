/** What the governance API answers, defined once (zod). */
import { z } from "zod";
import { PolicySetSchema } from "./policy-set";

export const PolicySetDto = z
  .object({
    /** 0: the defaults, never edited. */
    version: z.int(),
    rules: PolicySetSchema,
    note: z.string(),
    createdAt: z.iso.datetime().nullable(),
    createdBy: z.string().nullable(),
  })
  .meta({ id: "PolicySet" });
export type PolicySetItem = z.infer<typeof PolicySetDto>;
