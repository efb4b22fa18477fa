import { describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/types";
import { requestRefusal } from "@/lib/access/permissions";
import { DEFAULT_POLICIES } from "@/lib/governance/policy-set";
import { ownerAcls, topicConfig } from "./acls";
import { canCreateProductFor, canRetireBeforeSunset, mayDeclareInput } from "./permissions";
import { portViolations } from "./policy-check";
import { LifecycleChangeSchema, PortCreateSchema, slugify } from "./schemas";
import { checkLifecycleChange, lifecycleSources, nextPortState } from "./state-machine";
import { canManageMembers } from "@/lib/org/permissions";

const user = (role: "USER" | "ADMIN", teams: { id: string; role?: "MEMBER" | "OWNER" }[]): CurrentUser => ({
  id: "u",
  email: "u@x",
  name: "U",
  role,
  teams: teams.map((t) => ({ id: t.id, slug: t.id, name: t.id, role: t.role ?? "MEMBER" })),
});

describe("product lifecycle", () => {
  it("publishes drafts and experiments, deprecates live products, retires deprecated ones", () => {
    expect(() => checkLifecycleChange("DRAFT", "ACTIVE", false)).not.toThrow();
    expect(() => checkLifecycleChange("EXPERIMENTAL", "ACTIVE", false)).not.toThrow();
    expect(() => checkLifecycleChange("ACTIVE", "DEPRECATED", false)).not.toThrow();
    expect(() => checkLifecycleChange("DEPRECATED", "RETIRED", false)).not.toThrow();
    expect(() => checkLifecycleChange("DEPRECATED", "ACTIVE", false)).not.toThrow();
  });

  it("refuses the rest with a 409 that says what to do", () => {
    expect(() => checkLifecycleChange("ACTIVE", "RETIRED", false)).toThrow(/deprecate it first/);
    expect(() => checkLifecycleChange("RETIRED", "ACTIVE", true)).toThrow(/stays retired/);
    expect(() => checkLifecycleChange("DRAFT", "DEPRECATED", false)).toThrow(/cannot be deprecated/);
    expect(() => checkLifecycleChange("ACTIVE", "ACTIVE", false)).toThrow(/cannot be published/);
  });

  it("lets admins retire a live product at any time, never a draft", () => {
    expect(lifecycleSources("RETIRED", true)).toEqual(["ACTIVE", "EXPERIMENTAL", "DEPRECATED"]);
    expect(() => checkLifecycleChange("ACTIVE", "RETIRED", true)).not.toThrow();
    expect(() => checkLifecycleChange("DRAFT", "RETIRED", true)).toThrow();
  });
});

describe("port provisioning states", () => {
  it("goes draft → provisioning → active or failed, retries, and retires through retiring", () => {
    expect(nextPortState("DRAFT", "publish")).toBe("PROVISIONING");
    expect(nextPortState("PROVISIONING", "provisioned")).toBe("ACTIVE");
    expect(nextPortState("PROVISIONING", "provisioning_failed")).toBe("FAILED");
    expect(nextPortState("FAILED", "retry")).toBe("PROVISIONING");
    expect(nextPortState("ACTIVE", "retire")).toBe("RETIRING");
    expect(nextPortState("RETIRING", "retired")).toBe("RETIRED");
    expect(() => nextPortState("RETIRED", "retry")).toThrow(/retired/);
    expect(() => nextPortState("DRAFT", "retire")).toThrow();
  });
});

describe("the owner team's bindings and the topic configuration", () => {
  it("grants WRITE and DESCRIBE on exactly the topic, nothing cluster-wide", () => {
    const acls = ownerAcls("User:orders", "orders.returns.v1");
    expect(acls.map((a) => [a.resourceType, a.patternType, a.resourceName, a.operation])).toEqual([
      ["TOPIC", "LITERAL", "orders.returns.v1", "WRITE"],
      ["TOPIC", "LITERAL", "orders.returns.v1", "DESCRIBE"],
    ]);
    expect(acls.every((a) => a.principal === "User:orders" && a.permission === "ALLOW")).toBe(true);
  });

  it("always names every key it manages, so a full config update keeps them", () => {
    expect(topicConfig({ retentionHours: 48, cleanupPolicy: "DELETE" })).toEqual({
      "cleanup.policy": "delete",
      "retention.ms": String(48 * 3_600_000),
    });
    expect(topicConfig({ retentionHours: -1, cleanupPolicy: "COMPACT" })).toEqual({
      "cleanup.policy": "compact",
      "retention.ms": "-1",
    });
    expect(topicConfig({ retentionHours: null, cleanupPolicy: null })).toEqual({
      "cleanup.policy": "delete",
    });
  });
});

describe("who may publish and administer", () => {
  it("creates products for one's own teams; admins for any", () => {
    expect(canCreateProductFor(user("USER", [{ id: "orders" }]), "orders")).toBe(true);
    expect(canCreateProductFor(user("USER", [{ id: "orders" }]), "payments")).toBe(false);
    expect(canCreateProductFor(user("ADMIN", []), "payments")).toBe(true);
    expect(canRetireBeforeSunset(user("USER", [{ id: "orders", role: "OWNER" }]))).toBe(false);
    expect(canRetireBeforeSunset(user("ADMIN", []))).toBe(true);
  });

  it("declares an input port with an active grant or on one's own port", () => {
    expect(mayDeclareInput({ ownerTeamId: "mkt" }, { ownerTeamId: "orders" }, [])).toBe(false);
    expect(mayDeclareInput({ ownerTeamId: "mkt" }, { ownerTeamId: "orders" }, ["mkt"])).toBe(true);
    expect(mayDeclareInput({ ownerTeamId: "orders" }, { ownerTeamId: "orders" }, [])).toBe(true);
  });

  it("team owners and admins manage members; plain members do not", () => {
    expect(canManageMembers(user("USER", [{ id: "orders", role: "OWNER" }]), "orders")).toBe(true);
    expect(canManageMembers(user("USER", [{ id: "orders" }]), "orders")).toBe(false);
    expect(canManageMembers(user("USER", [{ id: "payments", role: "OWNER" }]), "orders")).toBe(false);
    expect(canManageMembers(user("ADMIN", []), "orders")).toBe(true);
  });
});

describe("access requests on the lifecycle", () => {
  const live = { name: "Order Events", lifecycle: "ACTIVE" as const };
  it("takes requests on a published product's active ports only", () => {
    expect(requestRefusal(live, { name: "events", state: "ACTIVE" })).toBeNull();
    expect(requestRefusal(live, { name: "events", state: "PROVISIONING" })).toMatch(/not live/);
    expect(requestRefusal({ ...live, lifecycle: "DRAFT" }, { name: "e", state: "DRAFT" })).toMatch(/draft/);
    expect(requestRefusal({ ...live, lifecycle: "RETIRED" }, { name: "e", state: "RETIRED" })).toMatch(
      /retired/,
    );
  });

  it("points a request for a deprecated product to its successor", () => {
    const refusal = requestRefusal(
      {
        ...live,
        lifecycle: "DEPRECATED",
        sunsetAt: new Date("2027-03-01T00:00:00Z"),
        successor: { slug: "orders-v2", name: "Orders v2" },
      },
      { name: "events", state: "ACTIVE" },
    );
    expect(refusal).toContain("sunset 2027-03-01");
    expect(refusal).toContain("Orders v2 (/products/orders-v2)");
  });
});

describe("publishing inputs", () => {
  it("makes a slug of a name", () => {
    expect(slugify("Order Returns (EU)")).toBe("order-returns-eu");
    expect(slugify("  Ünïcode Café  ")).toBe("unicode-cafe");
  });

  it("fills a Kafka port's defaults and names the field of bad input", () => {
    expect(PortCreateSchema.parse({ type: "KAFKA_TOPIC", name: "returns" })).toMatchObject({
      partitions: 3,
      retentionHours: 168,
      cleanupPolicy: "DELETE",
    });
    const bad = PortCreateSchema.safeParse({ type: "KAFKA_TOPIC", name: "returns", retentionHours: 0 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["retentionHours"]);
    expect(PortCreateSchema.safeParse({ type: "TABLE", name: "t" }).success).toBe(false);
  });

  it("asks a deprecation for a sunset and a message", () => {
    expect(LifecycleChangeSchema.safeParse({ to: "DEPRECATED" }).success).toBe(false);
    expect(
      LifecycleChangeSchema.safeParse({
        to: "DEPRECATED",
        sunsetAt: "2027-01-01T00:00:00Z",
        message: "moved",
      }).success,
    ).toBe(true);
  });
});

describe("a port's own policies", () => {
  it("checks naming, partitions, retention, schema and PII descriptions of one port", () => {
    const violations = portViolations(DEFAULT_POLICIES, "orders", {
      name: "returns",
      type: "KAFKA_TOPIC",
      address: "returns-topic",
      partitions: 40,
      retentionHours: 24 * 90,
      cleanupPolicy: "DELETE",
      compatibility: "NONE",
      fields: [{ path: "email", classification: "PII", description: "" }],
    });
    expect(violations.map((v) => v.policy).sort()).toEqual([
      "partitions",
      "piiDescribed",
      "retentionHours",
      "schemaCompatibility",
      "topicNaming",
    ]);
    expect(
      portViolations(DEFAULT_POLICIES, "orders", {
        name: "returns",
        type: "KAFKA_TOPIC",
        address: "orders.returns.v1",
        partitions: 3,
        retentionHours: -1,
        cleanupPolicy: "COMPACT",
        compatibility: "BACKWARD",
        fields: [{ path: "id", classification: "INTERNAL", description: "" }],
      }),
    ).toEqual([]);
  });
});
