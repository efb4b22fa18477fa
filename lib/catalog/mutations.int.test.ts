import { ANY_USER } from "./permissions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCurrentUser } from "@/lib/auth/find-user";
import type { CurrentUser } from "@/lib/auth/types";
import type { Database } from "@/lib/db/client";
import { seedDemoMesh } from "@/lib/demo/seed";
import { openTestDatabase } from "@/scripts/test-support/database";
import { importContract } from "@/lib/publishing/contract-import";
import type { AddressContext } from "./contract-io";
import { exportPortContract, listContractVersions } from "./port-contracts";
import { addSchemaVersion } from "./schema-versions";
import { listSchemaVersions } from "./queries";
import { registerTopicPort, updateProduct } from "./mutations";
import { getDataProductOrThrow } from "./queries";

// Catalog edits against the real PostgreSQL: optimistic locking, compatibility checks,
// contract round trips, and that every change leaves an audit event and an outbox row.
let database: Database;
let alice: CurrentUser;
let bob: CurrentUser;
let carol: CurrentUser;

async function currentUser(email: string): Promise<CurrentUser> {
  return (await findCurrentUser(database.prisma, { email }))!;
}

beforeAll(async () => {
  database = await openTestDatabase();
  await seedDemoMesh(database.prisma, { kafkaServer: "kafka://127.0.0.1:9092" });
  alice = await currentUser("alice@meshport.dev");
  bob = await currentUser("bob@meshport.dev");
  carol = await currentUser("carol@meshport.dev");
});
afterAll(async () => {
  await database.close();
});

// Contract imports here keep their ports' addresses: the broker is never asked.
const addresses: AddressContext = {
  kafkaServer: "kafka://127.0.0.1:9092",
  portalTopics: ["meshport.catalog.events"],
  listBrokerTopics: () => Promise.resolve([]),
};

const ordersProduct = () =>
  database.prisma.dataProduct.findFirstOrThrow({
    where: { ownerTeam: { slug: "orders" } },
    orderBy: { slug: "asc" },
  });

describe("updateProduct", () => {
  it("saves an owner's edit once; the stale second save gets 409 and changes nothing", async () => {
    const product = await ordersProduct();
    const first = await updateProduct(database.prisma, alice, product.slug, {
      revision: product.revision,
      description: "# Alice's docs",
    });
    expect(first.revision).toBe(product.revision + 1);
    await expect(
      updateProduct(database.prisma, carol, product.slug, {
        revision: product.revision,
        description: "# Carol's stale docs",
      }),
    ).rejects.toMatchObject({ status: 409, code: "conflict" });
    const after = await database.prisma.dataProduct.findUniqueOrThrow({ where: { id: product.id } });
    expect(after.description).toBe("# Alice's docs");
    const audit = await database.prisma.auditEvent.findMany({
      where: { productId: product.id, action: "product.updated" },
    });
    const outbox = await database.prisma.outboxEvent.findMany({
      where: { key: product.id, type: "dev.meshport.product.updated" },
    });
    expect(audit).toHaveLength(1);
    expect(outbox).toHaveLength(1);
  });

  it("refuses someone outside the owner team with 403", async () => {
    const product = await ordersProduct();
    await expect(
      updateProduct(database.prisma, bob, product.slug, { revision: product.revision, summary: "hijacked" }),
    ).rejects.toMatchObject({
      status: 403,
    });
  });
});

describe("addSchemaVersion", () => {
  it("adds a compatible version and refuses a breaking one, naming the field", async () => {
    const product = await getDataProductOrThrow(database.prisma, ANY_USER, (await ordersProduct()).slug);
    const port = product.outputPorts.find((p) => p.schemaVersions[0]?.format === "JSON_SCHEMA")!;
    await database.prisma.outputPort.update({ where: { id: port.id }, data: { compatibility: "BACKWARD" } });
    const current = port.schemaVersions[0]!;
    const definition = structuredClone(current.definition) as {
      properties: Record<string, unknown>;
      required?: string[];
    };
    definition.properties.gift_message = { type: "string", description: "Optional note" };
    const added = await addSchemaVersion(database.prisma, alice, port.id, {
      format: "JSON_SCHEMA",
      definition,
      changeNote: "gift message",
    });
    expect(added.version).toBe(current.version + 1);

    const breaking = structuredClone(definition);
    breaking.properties.loyalty_tier = { type: "string", description: "Required tier" };
    breaking.required = [...(breaking.required ?? []), "loyalty_tier"];
    await expect(
      addSchemaVersion(database.prisma, alice, port.id, {
        format: "JSON_SCHEMA",
        definition: breaking,
        changeNote: "",
      }),
    ).rejects.toMatchObject({
      status: 409,
      code: "incompatible_schema",
      message: expect.stringContaining("loyalty_tier"),
    });
    const versions = await listSchemaVersions(database.prisma, ANY_USER, port.id);
    expect(versions.versions[0]?.version).toBe(current.version + 1);
  });
});

describe("contracts", () => {
  it("exports a port's ODCS, imports it back without changes, and exports the same document", async () => {
    const product = await ordersProduct();
    const port = (await database.prisma.outputPort.findFirstOrThrow({ where: { productId: product.id } })).id;
    const { yaml: first } = await exportPortContract(database.prisma, ANY_USER, port);
    expect(first).toContain("apiVersion: v3.1.0");
    const dry = await importContract(
      database.prisma,
      alice,
      product.slug,
      first,
      { dryRun: true },
      addresses,
    );
    expect(dry.applied).toBe(false);
    expect(dry.preview.port?.action).toBe("unchanged");
    expect(dry.preview.contract).toEqual([]);
    const before = (await listContractVersions(database.prisma, ANY_USER, port)).versions.length;
    const applied = await importContract(
      database.prisma,
      alice,
      product.slug,
      first,
      { dryRun: false },
      addresses,
    );
    expect(applied.applied).toBe(true);
    expect((await exportPortContract(database.prisma, ANY_USER, port)).yaml).toBe(first);
    // Every import is a contract version, even one that changes nothing.
    expect((await listContractVersions(database.prisma, ANY_USER, port)).versions.length).toBe(before + 1);
  });

  it("rejects an invalid contract with the YAML path and changes nothing", async () => {
    const product = await ordersProduct();
    const port = (await database.prisma.outputPort.findFirstOrThrow({ where: { productId: product.id } })).id;
    const { yaml: before } = await exportPortContract(database.prisma, ANY_USER, port);
    const broken = before.replace(/^(\s+)logicalType: string$/m, "$1logicalType: 42");
    await expect(
      importContract(database.prisma, alice, product.slug, broken, { dryRun: false }, addresses),
    ).rejects.toMatchObject({
      status: 422,
      message: expect.stringMatching(/schema\[\d+\]\.properties\[\d+\]/),
    });
    expect((await exportPortContract(database.prisma, ANY_USER, port)).yaml).toBe(before);
  });
});

describe("registerTopicPort", () => {
  it("lets an admin register a topic once; a user gets 403", async () => {
    const slug = (await ordersProduct()).slug;
    const input = {
      productSlug: slug,
      topic: "orders.legacy-feed.v0",
      name: "legacy-feed",
      description: "",
      format: "json" as const,
      compatibility: "BACKWARD" as const,
    };
    await expect(registerTopicPort(database.prisma, alice, input, addresses)).rejects.toMatchObject({
      status: 403,
    });
    const port = await registerTopicPort(database.prisma, carol, input, addresses);
    expect(port).toMatchObject({ address: "orders.legacy-feed.v0", product: slug });
    await expect(
      registerTopicPort(database.prisma, carol, { ...input, name: "again" }, addresses),
    ).rejects.toMatchObject({ status: 409 });
    const product = await database.prisma.dataProduct.findUniqueOrThrow({ where: { slug } });
    expect(product.portTypes).toContain("KAFKA_TOPIC");
  });
});
