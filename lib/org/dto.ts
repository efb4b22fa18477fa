/** What the administration API answers (zod). */
import { z } from "zod";
import { TeamRole } from "@/lib/generated/prisma/enums";

export const DomainDto = z
  .object({ slug: z.string(), name: z.string(), description: z.string() })
  .meta({ id: "Domain" });

export const TeamMemberDto = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(TeamRole),
  /** False for someone added by email who has not signed in yet. */
  signedIn: z.boolean(),
});
export type TeamMember = z.infer<typeof TeamMemberDto>;

export const TeamDto = z
  .object({
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    kafkaPrincipal: z.string(),
    domain: z.object({ slug: z.string(), name: z.string() }).nullable(),
    members: z.array(TeamMemberDto),
    /** Whether the caller may add and remove members. */
    canManage: z.boolean(),
  })
  .meta({ id: "Team" });
export type TeamItem = z.infer<typeof TeamDto>;

export const TeamListDto = z.object({ items: z.array(TeamDto) }).meta({ id: "TeamList" });
export type TeamList = z.infer<typeof TeamListDto>;
