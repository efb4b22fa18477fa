import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { findCurrentUser } from "@/lib/auth/find-user";
import type { CurrentUser } from "@/lib/auth/types";
import { setEnv } from "@/lib/core/env";
import { seedDemoMesh } from "@/lib/demo/seed";
import { openOwnDatabase } from "@/scripts/test-support/database";
import type * as ProductImport from "./product-import";
import type * as Exports from "@/lib/catalog/exports";
import type * as ContractIo from "@/lib/catalog/contract-io";
import type * as Context from "@/lib/catalog/address-context";

// Product as code on the real database: a product exported as ODPS + ODCS plans no change,
// an edited file plans and applies exactly its edits (absent keys keep), a new file creates a
// draft product with its ports, and someone else's product is refused before anything is read.
let m: {
  imports: typeof ProductImport;
  exports: typeof Exports;
  io: typeof ContractIo;
  context: typeof Context;
};
let database: Awaited<ReturnType<typeof openOwnDatabase>>;
let alice: CurrentUser;
let dave: CurrentUser;
const SLUG = "cart-events";

async function bundleOf(slug: string, user: CurrentUser) {
  const odps = await m.exports.productOdpsYaml(database.prisma, user, slug);
  const contracts = await m.io.exportContract(database.prisma, user, slug);
  return `${odps}---\n${contracts}`;
}

beforeAll(async () => {
  setEnv({ KAFKA_BROKERS: inject("kafkaBrokers") });
  m = {
    imports: await import("./product-import"),
    exports: await import("@/lib/catalog/exports"),
    io: await import("@/lib/catalog/contract-io"),
    context: await import("@/lib/catalog/address-context"),
  };
  database = await openOwnDatabase("meshport_it_product_code");
  await seedDemoMesh(database.prisma, { kafkaServer: `kafka://${inject("kafkaBrokers")}` });
  alice = (await findCurrentUser(database.prisma, { email: "alice@meshport.dev" }))!;
  dave = (await findCurrentUser(database.prisma, { email: "dave@meshport.dev" }))!;
});

afterAll(async () => {
  await database?.drop();
});

const run = (user: CurrentUser, text: string, dryRun: boolean) =>
  m.imports.importProduct(database.prisma, user, text, { dryRun }, m.context.addressContext());

describe("product as code", () => {
  it("plans nothing for the product as exported", async () => {
    const plan = await run(alice, await bundleOf(SLUG, alice), true);
    expect(plan.product).toMatchObject({ slug: SLUG, action: "unchanged", changes: [], notes: [] });
    expect(plan.contracts.length).toBeGreaterThan(0);
    for (const c of plan.contracts) {
      expect(c.preview.match?.by).toBe("contract-id");
      expect(c.preview.contract).toEqual([]);
      expect(c.preview.port?.action).toBe("unchanged");
    }
  });

  it("plans and applies exactly what the file changes", async () => {
    const file = (await bundleOf(SLUG, alice))
      .replace(/^( {2}purpose: ).*$/m, "$1Cart changes, as code.")
      .replace("status: active\n", "status: deprecated\n");
    const plan = await run(alice, file, true);
    expect(plan.product.changes.map((c) => c.field)).toEqual(["summary"]);
    expect(plan.product.notes.join(" ")).toContain("lifecycle changes go through");
    const applied = await run(alice, file, false);
    expect(applied.applied).toBe(true);
    const product = await database.prisma.dataProduct.findUniqueOrThrow({ where: { slug: SLUG } });
    expect(product).toMatchObject({ summary: "Cart changes, as code.", lifecycle: "ACTIVE" });
    // The rest of the product is as it was: absent keys keep.
    expect(product.description.length).toBeGreaterThan(0);
    expect((await run(alice, await bundleOf(SLUG, alice), true)).product.action).toBe("unchanged");
  });

  it("creates a draft product with its ports from a new file", async () => {
    const source = await bundleOf(SLUG, alice);
    const [odps] = source.split("---\n");
    const file = [
      odps!
        .replace(/^id: .*$/m, "id: cart-events-as-code")
        .replace(/^name: .*$/m, "name: Cart Events As Code")
        .replace(/^outputPorts:[\s\S]*?(?=^\S)/m, ""),
      [
        "apiVersion: v3.1.0",
        "kind: DataContract",
        "id: urn:test:cart-as-code",
        "version: 0.1.0",
        "status: draft",
        "schema:",
        "  - name: cart-changes",
        "    physicalName: orders.cart-changes.v1",
        "    physicalType: topic",
        "    properties:",
        "      - name: cartId",
        "        logicalType: string",
        "        description: Cart id",
        "",
      ].join("\n"),
    ].join("---\n");
    const plan = await run(alice, file, true);
    expect(plan.product.action).toBe("create");
    const applied = await run(alice, file, false);
    expect(applied.contracts[0]?.applied).toBe(true);
    const created = await database.prisma.dataProduct.findUniqueOrThrow({
      where: { slug: "cart-events-as-code" },
      include: { outputPorts: { include: { contract: true } } },
    });
    expect(created.lifecycle).toBe("DRAFT");
    expect(created.outputPorts.map((p) => [p.name, p.address, p.contract?.contractId])).toEqual([
      ["cart-changes", "orders.cart-changes.v1", "urn:test:cart-as-code"],
    ]);
  });

  it("holds a file to the forms' bounds, and reads every contract before writing anything", async () => {
    const file = await bundleOf(SLUG, alice);
    const deep = file.replace(
      /^( {2}usage: )[\s\S]*?(?=^ {2}limitations:|^ {2}purpose:|^[a-z])/m,
      `$1"${"> ".repeat(3000)}x"\n`,
    );
    await expect(run(alice, deep, false)).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining("description.description"),
    });
    const broken = `${file}---\napiVersion: v3.1.0\nkind: DataContract\n`;
    await expect(run(alice, broken, false)).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining("contract"),
    });
    const product = await database.prisma.dataProduct.findUniqueOrThrow({ where: { slug: SLUG } });
    expect(product.summary).toBe("Cart changes, as code.");
  });

  it("refuses someone else's product whatever the file, and a file without a product", async () => {
    await expect(run(dave, await bundleOf(SLUG, alice), true)).rejects.toMatchObject({ status: 403 });
    await expect(run(alice, "apiVersion: v3.1.0\nkind: DataContract\n", true)).rejects.toMatchObject({
      status: 422,
    });
  });
});
