/** The contract monitor's answers (API document, server mappers, client types). */
import { z } from "zod";
import { CheckStatus, ContractStatus, IncidentState } from "@/lib/generated/prisma/enums";

export const RuleCheckDto = z.object({
  rule: z.string(),
  title: z.string(),
  kind: z.string(),
  status: z.enum(CheckStatus),
  /** The rule's metric in its latest window (events, percent, or seconds for freshness). */
  measured: z.number().nullable(),
  sampleSize: z.number().int(),
  seen: z.number().int(),
  failures: z.number().int(),
  detail: z.string(),
  /** The first failing event of that window: raw for the owner team, PII masked for others. */
  example: z.unknown().nullable(),
  windowStart: z.string().nullable(),
});

export const CheckPointDto = z.object({
  windowStart: z.string(),
  windowSeconds: z.number().int(),
  status: z.enum(CheckStatus),
  measured: z.number().nullable(),
  failures: z.number().int(),
  sampleSize: z.number().int(),
  seen: z.number().int(),
});

export const IncidentDto = z.object({
  id: z.uuid(),
  rule: z.string(),
  state: z.enum(IncidentState),
  message: z.string(),
  openedAt: z.string(),
  lastFailedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  /** "recovered" (the rule passed again) or "resolved" (by an owner). */
  resolution: z.string().nullable(),
});
export type IncidentItem = z.infer<typeof IncidentDto>;

export const PortChecksDto = z
  .object({
    portId: z.uuid(),
    contractId: z.string(),
    contractVersion: z.string(),
    contractStatus: z.enum(ContractStatus),
    /** passing / failing / not evaluated: the latest window of every rule. */
    status: z.enum(CheckStatus),
    checkedAt: z.string().nullable(),
    /** Whether the monitor watches this port (a live Kafka port of a published product, active contract). */
    monitored: z.boolean(),
    /** Why not, when it is not. */
    reason: z.string().nullable(),
    rules: z.array(RuleCheckDto),
    /** Each rule's windows of the last 24 hours, oldest first (the chart). */
    series: z.array(z.object({ rule: z.string(), points: z.array(CheckPointDto) })),
    incidents: z.array(IncidentDto),
    canHandleIncidents: z.boolean(),
  })
  .meta({ id: "PortChecks" });
export type PortChecks = z.infer<typeof PortChecksDto>;

export const IncidentActionResultDto = IncidentDto.meta({ id: "Incident" });
