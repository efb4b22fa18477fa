import { describe, expect, it } from "vitest";
import { AccessRequestListQuery } from "./schemas";

describe("AccessRequestListQuery", () => {
  it("takes a status as the API writes it or as stored", () => {
    expect(AccessRequestListQuery.parse({ status: "pending" }).status).toBe("PENDING");
    expect(AccessRequestListQuery.parse({ status: "APPROVED" }).status).toBe("APPROVED");
    expect(AccessRequestListQuery.safeParse({ status: "Pending" }).success).toBe(false);
    expect(AccessRequestListQuery.safeParse({ status: "lost" }).success).toBe(false);
  });
});
