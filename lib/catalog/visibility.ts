import "server-only";
/** Draft visibility (`canSeeProduct`) as query conditions, for reads that filter many products. */
import { Prisma } from "@/lib/generated/prisma/client";
import { isAdmin } from "@/lib/auth/types";
import type { ProductViewer } from "./permissions";

/** Products `viewer` may see, as a Prisma filter. */
export function visibleProducts(viewer: ProductViewer): Prisma.DataProductWhereInput {
  if (isAdmin(viewer)) return {};
  return { OR: [{ lifecycle: { not: "DRAFT" } }, { ownerTeamId: { in: viewer.teams.map((t) => t.id) } }] };
}

/** The same condition in SQL over a `data_products` row aliased `alias`. */
export function visibleProductSql(viewer: ProductViewer, alias = "p"): Prisma.Sql {
  if (isAdmin(viewer)) return Prisma.sql`TRUE`;
  const p = Prisma.raw(alias);
  const teamIds = viewer.teams.map((t) => t.id);
  return Prisma.sql`(${p}.lifecycle <> 'DRAFT' OR ${p}.owner_team_id = ANY(${teamIds}::uuid[]))`;
}
