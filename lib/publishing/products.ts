import "server-only";
/** A new data product, DRAFT until published: its team and admins see it, nobody else finds it. */
import type { CurrentUser } from "@/lib/auth/types";
import { SLUG_PATTERN } from "@/lib/core/schema-primitives";
import { AppError } from "@/lib/core/errors";
import { recordChange } from "@/lib/events/record";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { evaluatePolicies } from "@/lib/governance/policies";
import { getPolicySet } from "@/lib/governance/queries";
import type { CreatedProduct } from "./dto";
import { canCreateProductFor } from "./permissions";
import { slugify, type ProductCreate } from "./schemas";

/** Paths under /products that are pages, not products. */
const RESERVED_SLUGS = new Set(["new", "import"]);

export async function createProduct(
  prisma: PrismaClient,
  user: CurrentUser,
  input: ProductCreate,
): Promise<CreatedProduct> {
  const slug = input.slug ?? slugify(input.name);
  if (!SLUG_PATTERN.test(slug))
    throw new AppError("validation_failed", "slug: choose a lowercase slug (a-z, 0-9, -)", 422);
  if (RESERVED_SLUGS.has(slug))
    throw new AppError("validation_failed", `slug: "${slug}" is a page of the portal; choose another`, 422);
  return prisma.$transaction(async (tx) => {
    const team = await tx.team.findUnique({ where: { slug: input.ownerTeam } });
    // Someone else's team and a team that does not exist answer alike for non-admins.
    if (!team || !canCreateProductFor(user, team.id)) {
      if (!team && user.role === "ADMIN")
        throw new AppError("validation_failed", `ownerTeam: no team "${input.ownerTeam}"`, 422);
      throw AppError.forbidden("You can create data products only for your own teams");
    }
    const domain = await tx.domain.findUnique({ where: { slug: input.domain } });
    if (!domain) throw new AppError("validation_failed", `domain: no domain "${input.domain}"`, 422);
    if (await tx.dataProduct.findUnique({ where: { slug }, select: { id: true } }))
      throw AppError.conflict(`The slug "${slug}" is taken: choose another name or slug`);
    const members = await tx.teamMembership.count({ where: { teamId: team.id } });
    const product = await tx.dataProduct.create({
      data: {
        slug,
        name: input.name,
        summary: input.summary,
        description: input.description ?? "",
        kind: input.kind,
        lifecycle: "DRAFT",
        domainId: domain.id,
        ownerTeamId: team.id,
        tags: input.tags,
      },
    });
    await recordChange(tx, {
      actorId: user.id,
      action: "product.created",
      subjectType: "data_product",
      subjectId: product.id,
      productId: product.id,
      data: { slug, name: product.name, domain: domain.slug, ownerTeam: team.slug, kind: product.kind },
    });
    const policies = await getPolicySet(tx);
    const violations = evaluatePolicies(policies.rules, {
      kind: product.kind,
      domain: domain.slug,
      description: product.description,
      serviceLevels: {},
      ownerTeamMembers: members,
      ports: [],
    });
    return { slug, lifecycle: product.lifecycle, violations };
  });
}
