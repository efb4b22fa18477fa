import { ANY_USER } from "@/lib/catalog/permissions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCurrentUser } from "@/lib/auth/find-user";
import type { CurrentUser } from "@/lib/auth/types";
import type { Database } from "@/lib/db/client";
import { seedDemoMesh } from "@/lib/demo/seed";
import { openTestDatabase } from "@/scripts/test-support/database";
import { updatePolicySet } from "./mutations";
import { DEFAULT_POLICIES } from "./policy-set";
import { getPolicySet } from "./queries";
import { getGovernanceOverview } from "./overview";
import { DEMO_PRODUCTS } from "@/lib/demo/mesh";

// The policy set on the real PostgreSQL: versioned, admins only, optimistic, audited.
let database: Database;
let alice: CurrentUser;
let carol: CurrentUser;

beforeAll(async () => {
  database = await openTestDatabase();
  await seedDemoMesh(database.prisma, { kafkaServer: "kafka://127.0.0.1:9092" });
  alice = (await findCurrentUser(database.prisma, { email: "alice@meshport.dev" }))!;
  carol = (await findCurrentUser(database.prisma, { email: "carol@meshport.dev" }))!;
});
afterAll(async () => {
  await database.close();
});

describe("the mesh-wide policy set", () => {
  it("admins change it as a new version; others get 403; a stale edit is 409 and writes nothing", async () => {
    const before = await getPolicySet(database.prisma);
    const rules = { ...DEFAULT_POLICIES, partitions: { enabled: true, min: 1, max: 24 } };

    await expect(
      updatePolicySet(database.prisma, alice, { version: before.version, rules, note: "more partitions" }),
    ).rejects.toMatchObject({ status: 403 });

    const saved = await updatePolicySet(database.prisma, carol, {
      version: before.version,
      rules,
      note: "more partitions",
    });
    expect(saved).toMatchObject({
      version: before.version + 1,
      rules: { partitions: { max: 24 } },
      note: "more partitions",
      createdBy: "Carol Mendes",
    });
    expect(await getPolicySet(database.prisma)).toEqual(saved);

    await expect(
      updatePolicySet(database.prisma, carol, { version: before.version, rules: DEFAULT_POLICIES, note: "" }),
    ).rejects.toMatchObject({ status: 409 });
    expect((await getPolicySet(database.prisma)).version).toBe(saved.version);

    const audit = await database.prisma.auditEvent.findFirstOrThrow({
      where: { action: "policy_set.updated", subjectId: String(saved.version) },
    });
    expect(audit).toMatchObject({ actorId: carol.id, subjectType: "policy_set" });
    expect(
      await database.prisma.outboxEvent.count({
        where: { type: "dev.meshport.policy_set.updated", subject: `policy_set/${saved.version}` },
      }),
    ).toBe(1);
  });

  it("of two admins saving the same version at once, exactly one wins", async () => {
    const { version } = await getPolicySet(database.prisma);
    const results = await Promise.allSettled(
      [12, 16].map((max) =>
        updatePolicySet(database.prisma, carol, {
          version,
          rules: { ...DEFAULT_POLICIES, partitions: { enabled: true, min: 1, max } },
          note: `max ${max}`,
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected");
    // The loser is a conflict: the 409 check, or the version's primary key (P2002 → 409 in the API).
    expect(
      String((lost as PromiseRejectedResult).reason?.status ?? (lost as PromiseRejectedResult).reason?.code),
    ).toMatch(/^(409|P2002)$/);
    expect((await getPolicySet(database.prisma)).version).toBe(version + 1);
  });
});

describe("a product against the policies", () => {
  it("reports what the catalog shows: the demo's one port without compatibility, and the owner team's size", async () => {
    const { getProductPolicyReport } = await import("./product-report");
    const policies = await getPolicySet(database.prisma);
    const signIns = await getProductPolicyReport(database.prisma, ANY_USER, "customer-sign-ins");
    expect(signIns.policyVersion).toBe(policies.version);
    expect(signIns.violations).toContainEqual(
      expect.objectContaining({ policy: "schemaCompatibility", where: "ports.sign-in-events.schema" }),
    );
    const orders = await getProductPolicyReport(database.prisma, ANY_USER, "order-events");
    const members = await database.prisma.teamMembership.count({ where: { team: { slug: "orders" } } });
    expect(orders.violations.map((v) => v.policy)).toEqual(members < 2 ? ["ownerTeamSize"] : []);
    await expect(getProductPolicyReport(database.prisma, ANY_USER, "no-such-product")).rejects.toMatchObject({
      status: 404,
    });
  });

  it("gives the governance page per domain: published products, compliance and DATSIS, with what to fix", async () => {
    const overview = await getGovernanceOverview(database.prisma);
    const published = DEMO_PRODUCTS.filter((p) => p.lifecycle === "ACTIVE" || p.lifecycle === "EXPERIMENTAL");
    expect(overview.domains.reduce((n, d) => n + d.products, 0)).toBe(published.length);
    expect(new Set(overview.domains.map((d) => d.slug))).toEqual(new Set(published.map((p) => p.domain)));
    for (const d of overview.domains) {
      expect(d.compliant).toBe(d.rows.filter((r) => r.violations.length === 0).length);
      expect(d.datsis).toBeGreaterThan(0);
      expect(d.datsis).toBeLessThanOrEqual(100);
    }
    const signIns = overview.domains.flatMap((d) => d.rows).find((r) => r.slug === "customer-sign-ins");
    expect(signIns?.violations.map((v) => v.policy)).toContain("schemaCompatibility");
    // Drafts, deprecated and retired products are not counted.
    const slugs = overview.domains.flatMap((d) => d.rows.map((r) => r.slug));
    expect(slugs).not.toContain("product-margins");
    expect(slugs).not.toContain("legacy-order-export");
    expect(slugs).not.toContain("campaign-clicks-v0");
  });
});
