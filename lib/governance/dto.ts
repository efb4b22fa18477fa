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

const PolicyIdDto = z.enum(Object.keys(PolicySetSchema.shape) as [keyof typeof PolicySetSchema.shape]);

/** Per domain: DATSIS averages and policy compliance of its published products, each with what to fix. */
export const GovernanceOverviewDto = z
  .object({
    policyVersion: z.int(),
    domains: z.array(
      z.object({
        slug: z.string(),
        name: z.string(),
        products: z.int(),
        /** Products meeting every policy in force. */
        compliant: z.int(),
        datsis: z.int().describe("Mean overall DATSIS score, 0–100"),
        dimensions: z.record(z.string(), z.int()).describe("Mean score per DATSIS dimension"),
        byPolicy: z.partialRecord(PolicyIdDto, z.int()).describe("Products violating each policy"),
        /** Products whose contracts fail on the live stream (the contract monitor). */
        failingContracts: z.int(),
        rows: z.array(
          z.object({
            slug: z.string(),
            name: z.string(),
            ownerTeam: z.string(),
            datsis: z.int(),
            /** Its contracts on the live stream: failing when any port's contract fails. */
            contracts: z.enum(["passing", "failing", "not_evaluated"]),
            violations: z.array(PolicyViolationDto.omit({ fix: true })),
          }),
        ),
      }),
    ),
  })
  .meta({ id: "GovernanceOverview" });
export type GovernanceOverview = z.infer<typeof GovernanceOverviewDto>;
