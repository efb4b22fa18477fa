import { AvroSchemaParser } from "@asyncapi/avro-schema-parser";
import { Parser } from "@asyncapi/parser";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { findCurrentUser } from "@/lib/auth/find-user";
import type { CurrentUser } from "@/lib/auth/types";
import { validateAsyncApi } from "@/lib/contracts/asyncapi";
import { parseOdps, toOdpsYaml, validateOdps } from "@/lib/contracts/odps";
import { setEnv } from "@/lib/core/env";
import { seedDemoMesh } from "@/lib/demo/seed";
import { openOwnDatabase } from "@/scripts/test-support/database";
import { ANY_USER } from "./permissions";
import type * as Exports from "./exports";

// The demo mesh as AsyncAPI 3.0 (valid against the official schema, parsed without errors by the
// official parser, a receive operation per team with an active grant) and as ODPS 1.0 (valid,
// export → import → export identical; drafts of other teams never named).
let exportsModule: typeof Exports;
let database: Awaited<ReturnType<typeof openOwnDatabase>>;
let alice: CurrentUser;

async function parseOfficially(yaml: string) {
  const parser = new Parser();
  parser.registerSchemaParser(AvroSchemaParser());
  const { document, diagnostics } = await parser.parse(yaml);
  return { document, errors: diagnostics.filter((d) => d.severity === 0) };
}

beforeAll(async () => {
  setEnv({ KAFKA_BROKERS: inject("kafkaBrokers") });
  exportsModule = await import("./exports");
  database = await openOwnDatabase("meshport_it_exports");
  await seedDemoMesh(database.prisma, { kafkaServer: `kafka://${inject("kafkaBrokers")}` });
  alice = (await findCurrentUser(database.prisma, { email: "alice@meshport.dev" }))!;
  // An active grant (the access flow is tested elsewhere): analytics reads order events.
  const port = await database.prisma.outputPort.findFirstOrThrow({
    where: { address: "orders.order-events.v1" },
  });
  const team = await database.prisma.team.findUniqueOrThrow({ where: { slug: "marketing-analytics" } });
  const bob = await database.prisma.user.findUniqueOrThrow({ where: { email: "bob@meshport.dev" } });
  const request = await database.prisma.accessRequest.create({
    data: {
      portId: port.id,
      teamId: team.id,
      requesterId: bob.id,
      purpose: "Attribution",
      status: "APPROVED",
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  await database.prisma.grant.create({
    data: {
      requestId: request.id,
      portId: port.id,
      teamId: team.id,
      principal: team.kafkaPrincipal,
      status: "ACTIVE",
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
});

afterAll(async () => {
  await database?.drop();
});

describe("AsyncAPI 3.0", () => {
  it("describes a product: valid, parsed by the official parser, send for the owners, receive per grant", async () => {
    const product = await database.prisma.dataProduct.findFirstOrThrow({
      where: { outputPorts: { some: { address: "orders.order-events.v1" } } },
    });
    const yaml = await exportsModule.productAsyncApiYaml(database.prisma, ANY_USER, product.slug);
    expect(validateAsyncApi(parse(yaml))).toEqual([]);
    const { document, errors } = await parseOfficially(yaml);
    expect(errors).toEqual([]);
    const channel = document!
      .channels()
      .all()
      .find((c) => c.address() === "orders.order-events.v1")!;
    expect(channel).toBeDefined();
    const message = channel.messages().all()[0]!;
    expect(message.schemaFormat()).toBe("application/vnd.apache.avro;version=1.9.0");
    const ops = document!
      .operations()
      .all()
      .filter((o) =>
        o
          .channels()
          .all()
          .some((c) => c.id() === channel.id()),
      );
    expect(ops.map((o) => o.action()).sort()).toEqual(["receive", "send"]);
    const receive = ops.find((o) => o.action() === "receive")!;
    expect(JSON.stringify(receive.bindings().get("kafka")?.value())).toContain("marketing-analytics");
    expect(document!.servers().all()[0]!.protocol()).toBe("kafka");
  });

  it("describes the whole mesh without other teams' drafts", async () => {
    const drafts = await database.prisma.outputPort.findMany({
      where: { type: "KAFKA_TOPIC", product: { lifecycle: "DRAFT" } },
    });
    const yaml = await exportsModule.meshAsyncApiYaml(database.prisma, ANY_USER);
    const { document, errors } = await parseOfficially(yaml);
    expect(errors).toEqual([]);
    const addresses = document!
      .channels()
      .all()
      .map((c) => c.address());
    const live = await database.prisma.outputPort.count({
      where: { type: "KAFKA_TOPIC", product: { lifecycle: { notIn: ["DRAFT", "RETIRED"] } } },
    });
    expect(addresses).toHaveLength(live);
    for (const d of drafts) expect(addresses).not.toContain(d.address);
  });
});

describe("ODPS 1.0", () => {
  it("is valid, references each port's contract id, and reads back to the same document", async () => {
    const product = await database.prisma.dataProduct.findFirstOrThrow({
      where: { ownerTeam: { slug: "orders" }, lifecycle: "ACTIVE", inputPorts: { some: {} } },
      include: { outputPorts: { include: { contract: true }, orderBy: { name: "asc" } } },
    });
    const yaml = await exportsModule.productOdpsYaml(database.prisma, alice, product.slug);
    expect(validateOdps(parse(yaml))).toEqual([]);
    const doc = parse(yaml) as { outputPorts: { contractId: string }[]; inputPorts: unknown[] };
    expect(doc.outputPorts.map((p) => p.contractId)).toEqual(
      product.outputPorts.map((p) => p.contract!.contractId),
    );
    expect(doc.inputPorts.length).toBeGreaterThan(0);
    expect(toOdpsYaml(parseOdps(yaml))).toBe(yaml);
  });
});

describe("AsyncAPI import", () => {
  it("turns another product's channels into new Kafka ports of a draft, with their schemas", async () => {
    const { createProduct } = await import("@/lib/publishing/products");
    const { importAsyncApi } = await import("@/lib/publishing/asyncapi-import");
    const { addressContext } = await import("./address-context");
    const source = (
      await exportsModule.productAsyncApiYaml(database.prisma, ANY_USER, "cart-events")
    ).replaceAll("orders.cart-events.v1", "orders.cart-events-copy.v1");
    await createProduct(database.prisma, alice, {
      name: "Cart Copy",
      slug: "cart-copy",
      domain: "orders",
      kind: "AGGREGATE",
      ownerTeam: "orders",
      summary: "Channels from an AsyncAPI file",
      tags: [],
    });
    const plan = await importAsyncApi(
      database.prisma,
      alice,
      "cart-copy",
      source,
      { dryRun: true },
      addressContext(),
    );
    expect(plan.channels).toEqual([
      expect.objectContaining({
        topic: "orders.cart-events-copy.v1",
        port: "cart-events-copy",
        action: "create",
        schema: "JSON_SCHEMA",
      }),
    ]);
    const applied = await importAsyncApi(
      database.prisma,
      alice,
      "cart-copy",
      source,
      { dryRun: false },
      addressContext(),
    );
    expect(applied.channels.map((c) => c.action)).toEqual(["created"]);
    const port = await database.prisma.outputPort.findFirstOrThrow({
      where: { address: "orders.cart-events-copy.v1" },
      include: { schemaVersions: { include: { fields: true } }, contract: true },
    });
    expect(port).toMatchObject({
      state: "DRAFT",
      partitions: 3,
      retentionHours: 24,
      cleanupPolicy: "DELETE",
    });
    expect(port.schemaVersions[0]!.fields.map((f) => f.path)).toContain("currency");
    expect(port.contract?.status).toBe("DRAFT");
    // Again: the topic is the product's already.
    const again = await importAsyncApi(
      database.prisma,
      alice,
      "cart-copy",
      source,
      { dryRun: true },
      addressContext(),
    );
    expect(again.channels.map((c) => c.action)).toEqual(["skip"]);
    await expect(
      importAsyncApi(
        database.prisma,
        alice,
        "cart-copy",
        "asyncapi: 2.6.0\n",
        { dryRun: true },
        addressContext(),
      ),
    ).rejects.toMatchObject({ status: 422, message: expect.stringContaining("Only AsyncAPI 3.0") });
  });
});
