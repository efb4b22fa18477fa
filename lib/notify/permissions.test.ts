import { describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/types";
import { canManageWebhooks, canSeeWebhooks } from "./permissions";

const user = (role: "USER" | "ADMIN", teams: CurrentUser["teams"] = []): CurrentUser => ({
  id: "u",
  email: "u@x",
  name: "U",
  role,
  teams,
});
const team = (id: string, role: "OWNER" | "MEMBER") => ({ id, slug: id, name: id, role });

describe("webhook permissions", () => {
  it("members see, owners and admins manage, others neither", () => {
    const owner = user("USER", [team("t1", "OWNER")]);
    const member = user("USER", [team("t1", "MEMBER")]);
    const stranger = user("USER", [team("t2", "OWNER")]);
    const admin = user("ADMIN");
    expect([owner, member, stranger, admin].map((u) => canSeeWebhooks(u, "t1"))).toEqual([
      true,
      true,
      false,
      true,
    ]);
    expect([owner, member, stranger, admin].map((u) => canManageWebhooks(u, "t1"))).toEqual([
      true,
      false,
      false,
      true,
    ]);
  });
});
