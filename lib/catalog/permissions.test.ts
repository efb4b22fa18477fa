import { describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/types";
import { canEditProduct, canManageTopics } from "./permissions";

const user = (role: CurrentUser["role"], teamIds: string[]): CurrentUser => ({
  id: "u",
  email: "u@x.dev",
  name: "U",
  role,
  teams: teamIds.map((id) => ({ id, slug: id, name: id, role: "MEMBER" })),
});

describe("catalog permissions", () => {
  const product = { ownerTeamId: "orders" };

  it("lets the owner team's members and admins edit a product, nobody else", () => {
    expect(canEditProduct(user("USER", ["orders"]), product)).toBe(true);
    expect(canEditProduct(user("ADMIN", []), product)).toBe(true);
    expect(canEditProduct(user("USER", ["payments", "marketing"]), product)).toBe(false);
    expect(canEditProduct(user("USER", []), product)).toBe(false);
  });

  it("keeps topic discovery to admins", () => {
    expect(canManageTopics(user("ADMIN", []))).toBe(true);
    expect(canManageTopics(user("USER", ["platform"]))).toBe(false);
  });
});
