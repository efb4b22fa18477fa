import { describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/types";
import { canCancel, canDecide, canManageGrant, canRequestFor, canSeeAccess } from "./permissions";

const user = (id: string, teams: string[], role: CurrentUser["role"] = "USER"): CurrentUser => ({
  id,
  email: `${id}@x.dev`,
  name: id,
  role,
  teams: teams.map((t) => ({ id: t, slug: t, name: t, role: "MEMBER" })),
});
const alice = user("alice", ["orders"]);
const bob = user("bob", ["marketing"]);
const both = user("erin", ["orders", "marketing"]);
const carol = user("carol", ["platform"], "ADMIN");
const ordersProduct = { ownerTeamId: "orders" };

describe("access permissions", () => {
  it("lets only members request for their team", () => {
    expect(canRequestFor(bob, "marketing")).toBe(true);
    expect(canRequestFor(bob, "orders")).toBe(false);
  });

  it("lets the owner team decide, but not on their own team's request unless admin", () => {
    const fromMarketing = { teamId: "marketing" };
    expect(canDecide(alice, fromMarketing, ordersProduct)).toBe(true);
    expect(canDecide(bob, fromMarketing, ordersProduct)).toBe(false);
    expect(canDecide(both, fromMarketing, ordersProduct)).toBe(false);
    expect(canDecide(alice, { teamId: "orders" }, ordersProduct)).toBe(false);
    expect(canDecide(carol, { teamId: "platform" }, { ownerTeamId: "platform" })).toBe(true);
  });

  it("lets the requester or an admin cancel", () => {
    expect(canCancel(bob, { requesterId: "bob" })).toBe(true);
    expect(canCancel(alice, { requesterId: "bob" })).toBe(false);
    expect(canCancel(carol, { requesterId: "bob" })).toBe(true);
  });

  it("lets owners, the consumer team and admins manage and see a grant, nobody else", () => {
    const grant = { teamId: "marketing" };
    expect(canManageGrant(alice, grant, ordersProduct)).toBe(true);
    expect(canManageGrant(bob, grant, ordersProduct)).toBe(true);
    expect(canManageGrant(user("dave", ["payments"]), grant, ordersProduct)).toBe(false);
    expect(canSeeAccess(user("dave", ["payments"]), { ...grant, requesterId: "bob" }, ordersProduct)).toBe(
      false,
    );
    expect(canSeeAccess(carol, grant, ordersProduct)).toBe(true);
  });
});
