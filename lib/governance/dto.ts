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

export const PolicyViolationDto = z.object({
  policy: z.enum(Object.keys(PolicySetSchema.shape) as [keyof typeof PolicySetSchema.shape]),
  where: z.string(),
  message: z.string(),
  fix: z.string(),
});

/** A product against the policies in force: every violation, with where and how to fix it. */
export const PolicyReportDto = z
  .object({ policyVersion: z.int(), violations: z.array(PolicyViolationDto) })
  .meta({ id: "PolicyReport" });
export type PolicyReport = z.infer<typeof PolicyReportDto>;
