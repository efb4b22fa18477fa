/** Administration inputs (domains, teams, memberships): zod schemas shared by the admin pages and the API. */
import { z } from "zod";
import { rowId, slug as slugSchema } from "@/lib/core/schema-primitives";
import { TeamRole } from "@/lib/generated/prisma/enums";

const slug = slugSchema();
const name = z.string().trim().min(2, "at least 2 characters").max(80, "at most 80 characters");
const description = z.string().trim().max(2000, "at most 2,000 characters");

/** `User:<name>`: the principal the team's applications authenticate as on the cluster. */
export const KAFKA_PRINCIPAL_PATTERN = /^User:[A-Za-z0-9._@-]{1,100}$/;

export const DomainCreateSchema = z.object({ slug, name, description: description.default("") }).strict();
export type DomainCreate = z.infer<typeof DomainCreateSchema>;

export const DomainUpdateSchema = z
  .object({ name: name.optional(), description: description.optional() })
  .strict()
  .refine((u) => Object.keys(u).length > 0, "name at least one field to change");
export type DomainUpdate = z.infer<typeof DomainUpdateSchema>;

export const TeamCreateSchema = z
  .object({
    slug,
    name,
    description: description.default(""),
    kafkaPrincipal: z.string().trim().regex(KAFKA_PRINCIPAL_PATTERN, "must be a principal like User:returns"),
    domain: slug.optional(),
  })
  .strict();
export type TeamCreate = z.infer<typeof TeamCreateSchema>;

export const TeamUpdateSchema = z
  .object({ name: name.optional(), description: description.optional(), domain: slug.nullable().optional() })
  .strict()
  .refine((u) => Object.keys(u).length > 0, "name at least one field to change");
export type TeamUpdate = z.infer<typeof TeamUpdateSchema>;

/** Add (or change the role of) a member by email; someone who never signed in is created. */
export const MembershipSchema = z
  .object({
    email: z
      .email("must be an email address")
      .max(200)
      .transform((e) => e.trim().toLowerCase()),
    name: z.string().trim().min(1).max(120).optional(),
    role: z.enum(TeamRole).default("MEMBER"),
  })
  .strict();
export type Membership = z.infer<typeof MembershipSchema>;

export const DomainParams = z.object({ slug });
export const TeamParams = z.object({ slug });
export const MemberParams = z.object({ slug, userId: rowId("a user id") });
