import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { setEnv } from "@/lib/core/env";
import { openOwnDatabase } from "@/scripts/test-support/database";
import { consumeAsTeam, kafkaErrorType, poll, produceAsTeam } from "@/scripts/test-support/kafka-consume";
import { seedDemoMesh } from "./seed";
import type * as Provisioning from "@/lib/publishing/provisioning";
import type * as AccessMutations from "@/lib/access/mutations";

// `npm run demo` seeds live: the scheduler provisions every published Kafka port through the
// publishing code (topic + the owner team's WRITE), and the history's grants (READ). Then each
// team writes its own topics with its own credentials, and a granted team reads.
let database: Awaited<ReturnType<typeof openOwnDatabase>>;
let provisioning: typeof Provisioning;
let access: typeof AccessMutations;
const BROKERS = () => inject("kafkaBrokers");

beforeAll(async () => {
  setEnv({ KAFKA_BROKERS: BROKERS() });
  provisioning = await import("@/lib/publishing/provisioning");
  access = await import("@/lib/access/mutations");
  database = await openOwnDatabase("meshport_it_live_seed");
  await seedDemoMesh(database.prisma, { kafkaServer: `kafka://${BROKERS()}`, live: true });
});

afterAll(async () => {
  await database?.drop();
});

describe("the live demo seed", () => {
  it("has a history: requests waiting, one denied with its reason, grants, a deprecation and a retirement", async () => {
    const requests = await database.prisma.accessRequest.groupBy({ by: ["status"], _count: true });
    expect(Object.fromEntries(requests.map((r) => [r.status, r._count]))).toEqual({
      PENDING: 3,
      APPROVED: 3,
      DENIED: 1,
    });
    const deprecated = await database.prisma.dataProduct.findFirstOrThrow({
      where: { slug: "legacy-order-export" },
      include: { successor: true },
    });
    expect(deprecated.sunsetAt!.getTime()).toBeGreaterThan(Date.now());
    expect(deprecated.successor?.slug).toBe("daily-order-summary");
    expect(
      (await database.prisma.dataProduct.findFirstOrThrow({ where: { lifecycle: "RETIRED" } })).retiredAt,
    ).not.toBeNull();
    const actions = (await database.prisma.auditEvent.findMany({ select: { action: true } })).map(
      (a) => a.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        "product.published",
        "product.deprecated",
        "product.retired",
        "access_request.denied",
      ]),
    );
  });

  it(
    "is provisioned by the scheduler: each team writes its own topic, a granted team reads it",
    { timeout: 180_000 },
    async () => {
      const later = new Date(Date.now() + 20_000);
      const ports = await provisioning.sweepPorts(database.prisma, later);
      expect(ports.provisioned).toBeGreaterThan(20);
      const states = await database.prisma.outputPort.groupBy({
        by: ["state"],
        where: { type: "KAFKA_TOPIC" },
        _count: true,
      });
      expect(states.filter((s) => s.state === "PROVISIONING" || s.state === "FAILED")).toEqual([]);
      await access.sweepGrants(database.prisma, later);
      expect(await database.prisma.grant.count({ where: { status: "ACTIVE" } })).toBe(3);

      const topic = (
        await database.prisma.outputPort.findFirstOrThrow({
          where: { product: { slug: "order-events" }, type: "KAFKA_TOPIC" },
        })
      ).address;
      const wrote = await poll(
        () => produceAsTeam(BROKERS(), "orders", topic, ["from orders"]),
        (r) => r.ok,
        30_000,
      );
      expect(wrote.ok ? "sent" : String(wrote.error)).toBe("sent");
      const other = await produceAsTeam(BROKERS(), "payments", topic, ["not theirs"], { idempotent: false });
      expect(other.ok ? "sent" : kafkaErrorType(other.error)).toBe("TOPIC_AUTHORIZATION_FAILED");
      const read = await poll(
        () => consumeAsTeam(BROKERS(), "marketing-analytics", topic, 1, 5000),
        (r) => r.ok,
        30_000,
      );
      expect(read.ok ? "read" : String(read.error)).toBe("read");
    },
  );
});
