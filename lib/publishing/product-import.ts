import "server-only";
/**
 * Product as code: a multi-document YAML with one ODPS 1.0 data product and the ODCS contracts
 * of its output ports (what `npm run meshport -- plan|apply -f product.yaml` sends).
 *
 * - The product is the ODPS `id` (its slug). A new one is created as a DRAFT (domain, owner team
 *   from `customProperties` `meshport.ownerTeam` or `team.name`, kind from `meshport.kind`), by
 *   the publishing rules; an existing one gets the product-level fields the document has: name,
 *   `description.purpose` (summary), `.usage` (docs), `.limitations` (terms of use), tags. A key
 *   absent from the document leaves the product alone. Lifecycle, domain and owner team are not
 *   changed by a file (the plan says when the file asks for another one).
 * - Each contract goes onto its port as a contract import does (by contract id, then physical
 *   name, else a new port by the publishing rules).
 * - The dry run (plan) previews everything; applying first plans again and refuses the whole
 *   file when any part would be refused, then applies product and contracts in order.
 */
import { parse } from "yaml";
import type { CurrentUser } from "@/lib/auth/types";
import type { AddressContext } from "@/lib/catalog/contract-io";
import type { ContractImportResult } from "@/lib/catalog/dto";
import { getEditableProduct } from "@/lib/catalog/queries";
import { ProductUpdateSchema } from "@/lib/catalog/schemas";
import { readContractDocument } from "@/lib/contracts/port-contract";
import { ContractError } from "@/lib/contracts";
import { parseOdps, splitProductBundle, type OdpsProductModel } from "@/lib/contracts/odps";
import { AppError } from "@/lib/core/errors";
import { recordChange } from "@/lib/events/record";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ProductKind } from "@/lib/generated/prisma/enums";
import { importContract } from "./contract-import";
import { lockProduct } from "./provisioning";
import { createProduct } from "./products";
import { ProductCreateSchema } from "./schemas";
import type { z } from "zod";

export interface ProductImportResult {
  applied: boolean;
  product: {
    slug: string;
    action: "create" | "update" | "unchanged";
    changes: { field: string; before: string; after: string }[];
    /** What the file asks for that a file does not change (lifecycle, domain, owner team). */
    notes: string[];
  };
  contracts: (ContractImportResult & { index: number })[];
}

function fail(err: unknown): never {
  if (err instanceof ContractError) {
    const issues = err.issues
      .slice(0, 5)
      .map((i) => `${i.path || "(document)"}${i.line ? ` (line ${i.line})` : ""}: ${i.message}`)
      .join("; ");
    throw new AppError("validation_failed", `${err.message}${issues ? ` — ${issues}` : ""}`, 422);
  }
  throw err;
}

function valid<T>(result: z.ZodSafeParseResult<T>, where: string): T {
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new AppError(
    "validation_failed",
    `${where}${issue.path.length ? `.${issue.path.join(".")}` : ""}: ${issue.message}`,
    422,
  );
}

/** Every contract of the bundle read and checked before anything is written; ids unique in the file. */
function readContracts(contracts: string[]) {
  const ids = new Set<string>();
  return contracts.map((text, index) => {
    let doc: ReturnType<typeof readContractDocument>;
    try {
      doc = readContractDocument(text);
    } catch (err) {
      if (err instanceof ContractError) {
        const first = err.issues[0];
        throw new AppError(
          "validation_failed",
          `contract ${index + 1}: ${err.message}${first ? ` — ${first.path || "(document)"}${first.line ? ` (line ${first.line})` : ""}: ${first.message}` : ""}`,
          422,
        );
      }
      throw err;
    }
    if (doc.id !== null) {
      if (ids.has(doc.id))
        throw new AppError(
          "validation_failed",
          `contract ${index + 1}: the id "${doc.id}" is twice in the file`,
          422,
        );
      ids.add(doc.id);
    }
    return doc;
  });
}

const LIFECYCLE_OF: Record<string, string> = {
  draft: "DRAFT",
  proposed: "EXPERIMENTAL",
  active: "ACTIVE",
  deprecated: "DEPRECATED",
  retired: "RETIRED",
};

const custom = (m: OdpsProductModel, property: string) =>
  m.customProperties.find((c) => c.property === property)?.value;

/** The product-level fields the ODPS document states (present keys only). */
function statedFields(text: string, model: OdpsProductModel) {
  const raw = (parse(text) ?? {}) as Record<string, unknown>;
  const description = (
    typeof raw.description === "object" && raw.description !== null ? raw.description : {}
  ) as Record<string, unknown>;
  const fields: {
    name?: string;
    summary?: string;
    description?: string;
    termsOfUse?: string;
    tags?: string[];
  } = {};
  if ("name" in raw) fields.name = model.name;
  if ("purpose" in description) fields.summary = model.description.purpose;
  if ("usage" in description) fields.description = model.description.usage;
  if ("limitations" in description) fields.termsOfUse = model.description.limitations;
  if ("tags" in raw) fields.tags = model.tags;
  return fields;
}

export async function importProduct(
  prisma: PrismaClient,
  user: CurrentUser,
  text: string,
  options: { dryRun: boolean },
  addresses: AddressContext,
): Promise<ProductImportResult> {
  if (text.trim() === "")
    throw new AppError("validation_failed", "The body must be an ODPS document (YAML)", 422);
  let bundle: ReturnType<typeof splitProductBundle>;
  let model: OdpsProductModel;
  try {
    bundle = splitProductBundle(text);
    if (!bundle.product)
      throw new AppError(
        "validation_failed",
        "The file needs one ODPS data product (kind: DataProduct)",
        422,
      );
    model = parseOdps(bundle.product);
  } catch (err) {
    fail(err);
  }
  const slug = model.id;
  readContracts(bundle.contracts);
  const stated = statedFields(bundle.product, model);
  // The same bounds as the forms and the PATCH route (lengths, tags, markdown nesting).
  valid(
    ProductUpdateSchema.omit({ revision: true, serviceLevels: true }).safeParse({
      ...(stated.summary !== undefined ? { summary: stated.summary } : {}),
      ...(stated.description !== undefined ? { description: stated.description } : {}),
      ...(stated.tags !== undefined ? { tags: stated.tags } : {}),
      ...(stated.termsOfUse !== undefined ? { termsOfUse: stated.termsOfUse } : {}),
    }),
    "description",
  );
  if (stated.name !== undefined) valid(ProductCreateSchema.shape.name.safeParse(stated.name), "name");
  const existing = await prisma.dataProduct.findUnique({
    where: { slug },
    include: { domain: true, ownerTeam: true },
  });
  const notes: string[] = [];
  const ownerTeam = String(custom(model, "meshport.ownerTeam") ?? model.team?.name ?? "");
  const wantedLifecycle = LIFECYCLE_OF[model.status.toLowerCase()];

  if (!existing) {
    const kind = String(custom(model, "meshport.kind") ?? "SOURCE_ALIGNED");
    if (!(Object.values(ProductKind) as string[]).includes(kind))
      throw new AppError(
        "validation_failed",
        `customProperties meshport.kind: "${kind}" is not a product kind`,
        422,
      );
    if (!ownerTeam)
      throw new AppError(
        "validation_failed",
        "A new product needs its owner team: team.name or customProperties meshport.ownerTeam",
        422,
      );
    if (wantedLifecycle && wantedLifecycle !== "DRAFT")
      notes.push(
        `status ${model.status}: a new product starts as a draft; publish it on its page or with the lifecycle API`,
      );
    const input = {
      name: model.name || slug,
      slug,
      domain: model.domain,
      kind: kind as ProductKind,
      ownerTeam,
      summary: stated.summary || model.name || slug,
      description: stated.description ?? "",
      tags: model.tags,
    };
    valid(ProductCreateSchema.safeParse(input), "product");
    const changes = Object.entries(input).map(([field, value]) => ({
      field,
      before: "—",
      after: Array.isArray(value) ? value.join(", ") : String(value),
    }));
    if (options.dryRun)
      return {
        applied: false,
        product: { slug, action: "create", changes, notes },
        contracts: bundle.contracts.map((_, index) => ({
          index,
          applied: false,
          preview: {
            format: "odcs",
            contractId: null,
            match: { by: "new-port", portId: null, portName: "", address: "" },
            candidates: [],
            contract: [],
            port: null,
            violations: [],
          },
        })),
      };
    await createProduct(prisma, user, input);
    if (stated.termsOfUse)
      await prisma.dataProduct.update({ where: { slug }, data: { termsOfUse: stated.termsOfUse } });
    const contracts = [];
    for (const [index, contract] of bundle.contracts.entries())
      contracts.push({
        index,
        ...(await importContract(prisma, user, slug, contract, { dryRun: false, port: "new" }, addresses)),
      });
    return { applied: true, product: { slug, action: "create", changes, notes }, contracts };
  }

  // An existing product: its owners (or admins) only, checked before anything else.
  await getEditableProduct(prisma, user, slug);
  if (model.domain && model.domain !== existing.domain.slug)
    notes.push(
      `domain ${model.domain}: the product stays in ${existing.domain.slug} (a file does not move it)`,
    );
  if (ownerTeam && ownerTeam !== existing.ownerTeam.slug)
    notes.push(`owner team ${ownerTeam}: the product stays with ${existing.ownerTeam.slug}`);
  if (wantedLifecycle && wantedLifecycle !== existing.lifecycle)
    notes.push(
      `status ${model.status}: the product is ${existing.lifecycle.toLowerCase()}; lifecycle changes go through publish, deprecate and retire`,
    );
  const changes: ProductImportResult["product"]["changes"] = [];
  const show = (v: unknown) => (Array.isArray(v) ? v.join(", ") : String(v ?? "")) || "—";
  for (const [field, after] of Object.entries(stated)) {
    const before = existing[field as keyof typeof stated];
    if (JSON.stringify(before) !== JSON.stringify(after))
      changes.push({ field, before: show(before), after: show(after) });
  }
  const previews = [];
  for (const [index, contract] of bundle.contracts.entries()) {
    const dry = await importContract(prisma, user, slug, contract, { dryRun: true }, addresses);
    // A contract no port matches becomes a new port: say so in the plan.
    const planned = dry.preview.match
      ? dry
      : await importContract(prisma, user, slug, contract, { dryRun: true, port: "new" }, addresses);
    previews.push({ index, ...planned });
  }
  const result = {
    product: {
      slug,
      action: changes.length > 0 ? ("update" as const) : ("unchanged" as const),
      changes,
      notes,
    },
  };
  if (options.dryRun) return { applied: false, ...result, contracts: previews };
  const refused = previews.filter((p) => p.preview.violations.length > 0);
  if (refused.length > 0)
    throw new AppError(
      "validation_failed",
      `Nothing applied: ${refused.map((p) => `contract ${p.index + 1}: ${p.preview.violations.join(" ")}`).join(" · ")}`,
      422,
    );
  if (changes.length > 0)
    await prisma.$transaction(async (tx) => {
      await lockProduct(tx, existing.id);
      await getEditableProduct(tx, user, slug);
      await tx.dataProduct.update({
        where: { id: existing.id },
        data: { ...stated, revision: { increment: 1 } },
      });
      await recordChange(tx, {
        actorId: user.id,
        action: "product.imported",
        subjectType: "data_product",
        subjectId: existing.id,
        productId: existing.id,
        data: { slug, fields: changes.map((c) => c.field) },
      });
    });
  const contracts = [];
  for (const p of previews) {
    const port = p.preview.match?.by === "new-port" ? "new" : undefined;
    contracts.push({
      index: p.index,
      ...(await importContract(
        prisma,
        user,
        slug,
        bundle.contracts[p.index]!,
        { dryRun: false, ...(port ? { port } : {}) },
        addresses,
      )),
    });
  }
  return { applied: true, ...result, contracts };
}
