/** Access inputs: zod schemas shared by the request form and the REST API. */
import { z } from "zod";
import { enumValues, rowId, slug as slugSchema } from "@/lib/core/schema-primitives";
import { AccessRequestStatus } from "@/lib/generated/prisma/enums";

const slug = slugSchema();
export const DEFAULT_GRANT_DAYS = 90;
export const REQUEST_STATUSES = enumValues(AccessRequestStatus);

export const AccessRequestCreateSchema = z
  .object({
    portId: rowId("a port id"),
    teamSlug: slug,
    purpose: z
      .string()
      .trim()
      .min(10, "say in a sentence what the data is for (10+ characters)")
      .max(1000, "at most 1,000 characters"),
    justification: z.string().trim().max(2000, "at most 2,000 characters").default(""),
    /** Default: DEFAULT_GRANT_DAYS from now; at most MESHPORT_MAX_GRANT_DAYS (checked on the server). */
    expiresAt: z.iso.datetime({ offset: true, message: "must be an ISO date-time" }).optional(),
  })
  .strict();
export type AccessRequestCreate = z.infer<typeof AccessRequestCreateSchema>;

export const AccessRequestListQuery = z
  .object({
    as: z.enum(["owner", "requester"]).default("requester"),
    /** As the API writes it (`pending`) or as stored (`PENDING`). */
    status: z
      .enum([...REQUEST_STATUSES, ...REQUEST_STATUSES.map((v) => v.toLowerCase())])
      .transform((v) => v.toUpperCase() as AccessRequestStatus)
      .optional(),
  })
  .strict();

export const IdParams = z.object({ id: rowId() });

export const ApproveSchema = z
  .object({ reason: z.string().trim().max(1000).optional() })
  .strict()
  .default({});
export const DenySchema = z
  .object({ reason: z.string().trim().min(1, "say why (the requester sees it)").max(1000) })
  .strict();

export const GrantListQuery = z.object({ team: slug.optional(), product: slug.optional() }).strict();
