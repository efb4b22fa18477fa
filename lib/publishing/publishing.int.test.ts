import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { findCurrentUser } from "@/lib/auth/find-user";
import type { CurrentUser } from "@/lib/auth/types";
import { seedDemoMesh } from "@/lib/demo/seed";
import { env, setEnv } from "@/lib/core/env";
import { createKafka, type Admin } from "@/lib/kafka/client-config";
import { openOwnDatabase } from "@/scripts/test-support/database";
import { consumeAsTeam, kafkaErrorType, poll, produceAsTeam } from "@/scripts/test-support/kafka-consume";
import type { AppError } from "@/lib/core/errors";
import type { PolicyViolation } from "@/lib/governance/policies";
// Loaded after setEnv (they read the environment when first imported); the types come first.
import type * as Products from "./products";
import type * as Ports from "./ports";
import type * as Lifecycle from "./lifecycle";
import type * as Inputs from "./inputs";
import type * as AccessMutations from "@/lib/access/mutations";
import type * as CatalogMutations from "@/lib/catalog/mutations";
import type * as CatalogQueries from "@/lib/catalog/queries";
import type * as Search from "@/lib/catalog/search";
import type * as AddressContext from "@/lib/catalog/address-context";
import type * as CatalogSchemas from "@/lib/catalog/schemas";

// Publishing against the real PostgreSQL and the real broker: a draft is its team's; publishing
// checks every policy at once, then creates the topic and the owner team's bindings, so the
// team's own principal produces and another team's is refused; evolving within policy reaches
// the broker; input ports need a grant; deprecation and retirement end consumers and producers.
const STAMP = Date.now().toString(36);
const SLUG = `it-publish-${STAMP}`;
const PORT = `it-${STAMP}-events`;
const TOPIC = `orders.${PORT}.v1`;
const CLASH = `orders.it-${STAMP}-clash.v1`;
const BROKERS = () => inject("kafkaBrokers");

let database: Awaited<ReturnType<typeof openOwnDatabase>>;
let admin: Admin;
let users: Record<"alice" | "bob" | "carol" | "dave", CurrentUser>;
let m: {
  products: typeof Products;
  ports: typeof Ports;
  lifecycle: typeof Lifecycle;
  inputs: typeof Inputs;
  access: typeof AccessMutations;
  catalog: typeof CatalogMutations;
  queries: typeof CatalogQueries;
  search: typeof Search;
  context: typeof AddressContext;
  schemas: typeof CatalogSchemas;
};
let portId: string;

const SCHEMA = {
  type: "object",
  properties: {
    order_id: { type: "string", description: "The order" },
    email: { type: "string", description: "Where the receipt went", "x-classification": "PII" },
  },
  required: ["order_id"],
};

async function currentUser(email: string): Promise<CurrentUser> {
  return (await findCurrentUser(database.prisma, { email }))!;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    return err as AppError;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  setEnv({ KAFKA_BROKERS: BROKERS() });
  m = {
    products: await import("./products"),
    ports: await import("./ports"),
    lifecycle: await import("./lifecycle"),
    inputs: await import("./inputs"),
    access: await import("@/lib/access/mutations"),
    catalog: await import("@/lib/catalog/mutations"),
    queries: await import("@/lib/catalog/queries"),
    search: await import("@/lib/catalog/search"),
    context: await import("@/lib/catalog/address-context"),
    schemas: await import("@/lib/catalog/schemas"),
  };
  // Its own database: the products it publishes must not change the shared one's exact counts.
  database = await openOwnDatabase("meshport_it_publish");
  await seedDemoMesh(database.prisma, { kafkaServer: `kafka://${BROKERS()}` });
  users = {
    alice: await currentUser("alice@meshport.dev"),
    bob: await currentUser("bob@meshport.dev"),
    carol: await currentUser("carol@meshport.dev"),
    dave: await currentUser("dave@meshport.dev"),
  };
  admin = createKafka(env(), { retries: 8 }).admin();
  await admin.connect();
});

afterAll(async () => {
  await admin?.deleteTopics({ topics: [TOPIC, CLASH] }).catch(() => undefined);
  await admin?.disconnect();
  await database?.drop();
});

const search = (user: CurrentUser, q: string, retired?: "1") =>
  m.search.findDataProducts(
    database.prisma,
    user,
    m.schemas.ProductSearchSchema.parse({ q, ...(retired ? { retired } : {}) }),
  );

describe("publishing on the real broker", () => {
  it("creates a draft only its team and admins see", async () => {
    const created = await m.products.createProduct(database.prisma, users.alice, {
      name: `It Publish ${STAMP}`,
      domain: "orders",
      kind: "AGGREGATE",
      ownerTeam: "orders",
      summary: "Publishing integration test",
      description: "Some docs without the section the mesh asks for.",
      tags: [],
    });
    expect(created.slug).toBe(SLUG);
    expect(created.lifecycle).toBe("DRAFT");
    expect(created.violations.map((v) => v.policy)).toContain("docsPurpose");

    const forBob = await failure(m.queries.getDataProductOrThrow(database.prisma, users.bob, SLUG));
    expect(forBob.status).toBe(404);
    expect((await search(users.bob, STAMP)).items.map((i) => i.slug)).not.toContain(SLUG);
    expect((await search(users.alice, STAMP)).items.map((i) => i.slug)).toContain(SLUG);
    expect((await m.queries.getDataProductOrThrow(database.prisma, users.carol, SLUG)).lifecycle).toBe(
      "DRAFT",
    );

    const notTheirs = await failure(
      m.products.createProduct(database.prisma, users.bob, {
        name: `Not Bobs ${STAMP}`,
        domain: "orders",
        kind: "AGGREGATE",
        ownerTeam: "orders",
        summary: "x",
        tags: [],
      }),
    );
    expect(notTheirs.status).toBe(403);
    const taken = await failure(
      m.products.createProduct(database.prisma, users.alice, {
        name: `It Publish ${STAMP}`,
        domain: "orders",
        kind: "AGGREGATE",
        ownerTeam: "orders",
        summary: "again",
        tags: [],
      }),
    );
    expect(taken.status).toBe(409);
  });

  it("adds a Kafka port named by the policy, refuses to publish with every violation listed", async () => {
    const port = await m.ports.addPort(
      database.prisma,
      users.alice,
      SLUG,
      {
        type: "KAFKA_TOPIC",
        name: PORT,
        description: "Order events for the test",
        partitions: 20,
        retentionHours: 168,
        cleanupPolicy: "DELETE",
        keyDescription: "order_id",
        schema: { format: "JSON_SCHEMA", definition: SCHEMA, compatibility: "BACKWARD", classifications: {} },
      },
      m.context.addressContext(),
    );
    portId = port.id;
    expect(port).toMatchObject({ address: TOPIC, state: "DRAFT" });
    expect(port.violations.map((v) => v.where)).toEqual([`ports.${PORT}.partitions`]);

    const sameTopic = await failure(
      m.ports.addPort(
        database.prisma,
        users.alice,
        SLUG,
        {
          type: "KAFKA_TOPIC",
          name: `${PORT}-again`,
          description: "",
          address: TOPIC,
          partitions: 3,
          retentionHours: 168,
          cleanupPolicy: "DELETE",
          keyDescription: "",
        },
        m.context.addressContext(),
      ),
    );
    expect(sameTopic.status).toBe(409);

    const refused = await failure(
      m.lifecycle.changeLifecycle(database.prisma, users.alice, SLUG, { to: "ACTIVE" }),
    );
    expect(refused).toMatchObject({ status: 422, code: "policy_violation" });
    const policies = (refused.details as PolicyViolation[]).map((v) => v.policy).sort();
    expect(policies).toEqual(["docsPurpose", "partitions"]);
    // Nothing half-made: still a draft, and no topic on the broker.
    expect((await database.prisma.outputPort.findUniqueOrThrow({ where: { id: portId } })).state).toBe(
      "DRAFT",
    );
    expect(await admin.listTopics()).not.toContain(TOPIC);
  });

  it(
    "publishes: the topic exists and the owner team's principal writes, another team's is refused",
    { timeout: 120_000 },
    async () => {
      await m.ports.updatePort(
        database.prisma,
        users.alice,
        SLUG,
        portId,
        { partitions: 3 },
        m.context.addressContext(),
      );
      const product = await database.prisma.dataProduct.findUniqueOrThrow({ where: { slug: SLUG } });
      await m.catalog.updateProduct(database.prisma, users.alice, SLUG, {
        revision: product.revision,
        description: "## Purpose\nOrders as they happen, for the publishing test.",
      });
      const published = await m.lifecycle.changeLifecycle(database.prisma, users.alice, SLUG, {
        to: "ACTIVE",
      });
      expect(published.lifecycle).toBe("ACTIVE");
      expect(published.ports).toEqual([
        expect.objectContaining({ id: portId, state: "ACTIVE", error: null }),
      ]);

      const metadata = await admin.fetchTopicMetadata({ topics: [TOPIC] });
      expect(metadata.topics[0]!.partitions).toHaveLength(3);
      const stored = await database.prisma.outputPort.findUniqueOrThrow({ where: { id: portId } });
      expect(stored.ownerAcls).toEqual([
        expect.objectContaining({ principal: "User:orders", resourceName: TOPIC, operation: "WRITE" }),
        expect.objectContaining({ principal: "User:orders", resourceName: TOPIC, operation: "DESCRIBE" }),
      ]);

      const owner = await poll(
        () => produceAsTeam(BROKERS(), "orders", TOPIC, ["first"]),
        (r) => r.ok,
        30_000,
      );
      expect(owner.ok ? "sent" : String(owner.error)).toBe("sent");
      const other = await produceAsTeam(BROKERS(), "payments", TOPIC, ["sneaky"], { idempotent: false });
      expect(other.ok ? "sent" : kafkaErrorType(other.error)).toBe("TOPIC_AUTHORIZATION_FAILED");
      // An idempotent producer is refused too: at InitProducerId when the team may write no topic
      // at all, per topic when it may write some (other tests on this broker provision its own).
      const otherIdempotent = await produceAsTeam(BROKERS(), "payments", TOPIC, ["sneaky"]);
      expect(["TOPIC_AUTHORIZATION_FAILED", "CLUSTER_AUTHORIZATION_FAILED"]).toContain(
        otherIdempotent.ok ? "sent" : kafkaErrorType(otherIdempotent.error),
      );

      // Now everyone finds it; publishing twice is a conflict.
      expect((await search(users.bob, STAMP)).items.map((i) => i.slug)).toContain(SLUG);
      expect(
        (await failure(m.lifecycle.changeLifecycle(database.prisma, users.alice, SLUG, { to: "ACTIVE" })))
          .status,
      ).toBe(409);
    },
  );

  it("evolves within policy on the broker, and keeps the topic", { timeout: 60_000 }, async () => {
    const ctx = m.context.addressContext();
    await m.ports.updatePort(
      database.prisma,
      users.alice,
      SLUG,
      portId,
      { partitions: 4, retentionHours: 48 },
      ctx,
    );
    const metadata = await admin.fetchTopicMetadata({ topics: [TOPIC] });
    expect(metadata.topics[0]!.partitions).toHaveLength(4);
    const fewer = await failure(
      m.ports.updatePort(database.prisma, users.alice, SLUG, portId, { partitions: 2 }, ctx),
    );
    expect(fewer.status).toBe(422);
    const tooMany = await failure(
      m.ports.updatePort(database.prisma, users.alice, SLUG, portId, { partitions: 40 }, ctx),
    );
    expect(tooMany).toMatchObject({ status: 422, code: "policy_violation" });
    const moved = await failure(
      m.ports.updatePort(database.prisma, users.alice, SLUG, portId, { address: `orders.${PORT}.v9` }, ctx),
    );
    expect(moved.status).toBe(409);
    // Provisioning again finds its own topic with the same configuration: fine.
    expect(await m.ports.retryPort(database.prisma, users.alice, SLUG, portId)).toMatchObject({
      state: "ACTIVE",
    });
  });

  it("fails a port whose topic exists with another configuration, with the broker's facts", async () => {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: CLASH, numPartitions: 2 }] });
    // Linking an existing topic is an admin's claim; the product is live, so it provisions at once.
    const port = await m.ports.addPort(
      database.prisma,
      users.carol,
      SLUG,
      {
        type: "KAFKA_TOPIC",
        name: `it-${STAMP}-clash`,
        description: "",
        address: CLASH,
        partitions: 3,
        retentionHours: 168,
        cleanupPolicy: "DELETE",
        keyDescription: "",
        schema: { format: "JSON_SCHEMA", definition: SCHEMA, compatibility: "BACKWARD", classifications: {} },
      },
      m.context.addressContext(),
    );
    expect(port.state).toBe("FAILED");
    expect(port.error).toMatch(
      /already exists on the broker with another configuration: partitions 2 \(wanted 3\)/,
    );
  });

  it("lets a product declare an input port only with a grant", { timeout: 120_000 }, async () => {
    const reader = await database.prisma.dataProduct.findFirstOrThrow({
      where: { ownerTeam: { slug: "marketing-analytics" }, lifecycle: "ACTIVE" },
      orderBy: { slug: "asc" },
    });
    const refused = await failure(m.inputs.declareInputPort(database.prisma, users.bob, reader.slug, portId));
    expect(refused.status).toBe(403);
    expect(refused.message).toMatch(/request access first/);

    const { id } = await m.access.createAccessRequest(database.prisma, users.bob, {
      portId,
      teamSlug: "marketing-analytics",
      purpose: "Attribution of orders to campaigns",
      justification: "",
    });
    await m.access.decideAccessRequest(database.prisma, users.alice, id, "approve", "ok");
    expect(await m.inputs.declareInputPort(database.prisma, users.bob, reader.slug, portId)).toMatchObject({
      declared: true,
    });
    const page = await m.queries.getDataProductOrThrow(database.prisma, users.bob, reader.slug);
    expect(page.inputPorts.map((i) => i.outputPortId)).toContain(portId);
  });

  it(
    "deprecates (new requests refused, grants end at the sunset), then retires: WRITE and READ are gone",
    { timeout: 180_000 },
    async () => {
      const sunsetAt = new Date(Date.now() + 3_600_000);
      await m.lifecycle.changeLifecycle(database.prisma, users.alice, SLUG, {
        to: "DEPRECATED",
        sunsetAt: sunsetAt.toISOString(),
        message: "Moving to the order events product",
        successor: "order-events",
      });
      const request = await failure(
        m.access.createAccessRequest(database.prisma, users.dave, {
          portId,
          teamSlug: "payments",
          purpose: "Reconcile payments with orders",
          justification: "",
        }),
      );
      expect(request.status).toBe(409);
      expect(request.message).toMatch(/successor Order Events \(\/products\/order-events\)/);
      const grant = await database.prisma.grant.findFirstOrThrow({ where: { portId, status: "ACTIVE" } });
      expect(grant.expiresAt.getTime()).toBe(sunsetAt.getTime());

      const early = await failure(
        m.lifecycle.changeLifecycle(database.prisma, users.alice, SLUG, { to: "RETIRED" }),
      );
      expect(early.status).toBe(409);
      const retired = await m.lifecycle.changeLifecycle(database.prisma, users.carol, SLUG, {
        to: "RETIRED",
      });
      expect(retired.lifecycle).toBe("RETIRED");
      expect(retired.ports.find((p) => p.id === portId)?.state).toBe("RETIRED");
      expect((await database.prisma.grant.findUniqueOrThrow({ where: { id: grant.id } })).status).toBe(
        "REVOKED",
      );
      const flagged = await database.prisma.inputPort.findFirstOrThrow({ where: { outputPortId: portId } });
      expect(flagged.flagReason).toBe("The grant was revoked");

      const write = await poll(
        () => produceAsTeam(BROKERS(), "orders", TOPIC, ["late"], { idempotent: false }),
        (r) => !r.ok && kafkaErrorType(r.error) === "TOPIC_AUTHORIZATION_FAILED",
        30_000,
      );
      expect(write.ok ? "sent" : kafkaErrorType(write.error)).toBe("TOPIC_AUTHORIZATION_FAILED");
      const read = await poll(
        () => consumeAsTeam(BROKERS(), "marketing-analytics", TOPIC, 1, 5000),
        (r) => !r.ok && kafkaErrorType(r.error) === "TOPIC_AUTHORIZATION_FAILED",
        30_000,
      );
      expect(read.ok ? "read" : kafkaErrorType(read.error)).toBe("TOPIC_AUTHORIZATION_FAILED");
      // The data stays; the product leaves default search but stays findable on request.
      expect(await admin.listTopics()).toContain(TOPIC);
      expect((await search(users.bob, STAMP)).items.map((i) => i.slug)).not.toContain(SLUG);
      expect((await search(users.bob, STAMP, "1")).items.map((i) => i.slug)).toContain(SLUG);
    },
  );

  it("deletes a retired port's topic only for an admin who types its name", async () => {
    const byAlice = await failure(
      m.ports.deleteRetiredTopic(database.prisma, users.alice, SLUG, portId, TOPIC),
    );
    expect(byAlice.status).toBe(403);
    const mistyped = await failure(
      m.ports.deleteRetiredTopic(database.prisma, users.carol, SLUG, portId, "orders"),
    );
    expect(mistyped.status).toBe(422);
    expect(await admin.listTopics()).toContain(TOPIC);
    const deleted = await m.ports.deleteRetiredTopic(database.prisma, users.carol, SLUG, portId, TOPIC);
    expect(deleted).toMatchObject({ state: "RETIRED", error: "Topic deleted with its data" });
    await poll(
      () => admin.listTopics(),
      (topics) => !topics.includes(TOPIC),
      15_000,
    );
    expect(await admin.listTopics()).not.toContain(TOPIC);
  });
});
