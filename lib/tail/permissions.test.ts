import { describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/types";
import { canTail, type TailGrant } from "./permissions";

const user = (teams: string[], role: "USER" | "ADMIN" = "USER"): CurrentUser => ({
  id: "u",
  email: "u@x",
  name: "u",
  role,
  teams: teams.map((slug) => ({ id: `id-${slug}`, slug, name: slug, role: "MEMBER" })),
});
const port = { ownerTeamId: "id-orders" };
const now = new Date("2026-01-01T00:00:00Z");
const grant = (slug: string, status = "ACTIVE", expiresAt = "2026-02-01T00:00:00Z"): TailGrant => ({
  status,
  expiresAt,
  team: { slug },
});

describe("canTail", () => {
  it("gives the owner team raw values, admins masked ones", () => {
    expect(canTail(user(["orders"]), port, [], now)).toEqual({ allowed: true, raw: true, via: "owner" });
    expect(canTail(user([], "ADMIN"), port, [], now)).toEqual({ allowed: true, raw: false, via: "admin" });
    // An admin in the owner team is the owner.
    expect(canTail(user(["orders"], "ADMIN"), port, [], now)).toMatchObject({ raw: true, via: "owner" });
  });

  it("gives a team with an active, unexpired grant masked values, in either status spelling", () => {
    for (const g of [grant("ads"), grant("ads", "active", "2026-01-01T00:00:01Z")])
      expect(canTail(user(["ads"]), port, [g], now)).toEqual({ allowed: true, raw: false, via: "grant" });
  });

  it("refuses everyone else: another team's grant, an expired, revoked or pending one", () => {
    const refused = [
      [grant("billing")],
      [grant("ads", "ACTIVE", "2025-12-31T23:59:59Z")],
      [grant("ads", "ACTIVE", now.toISOString())],
      [grant("ads", "REVOKED")],
      [grant("ads", "PROVISIONING")],
      [],
    ];
    for (const grants of refused) {
      const right = canTail(user(["ads"]), port, grants, now);
      expect(right.allowed).toBe(false);
      if (!right.allowed) expect(right.reason).toMatch(/Request access/);
    }
  });
});
