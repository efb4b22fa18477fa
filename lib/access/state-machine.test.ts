import { describe, expect, it } from "vitest";
import {
  nextGrantStatus,
  nextRequestStatus,
  type GrantEvent,
  type GrantStatus,
  type RequestAction,
  type RequestStatus,
} from "./state-machine";

const REQUEST_STATUSES: RequestStatus[] = ["PENDING", "APPROVED", "DENIED", "CANCELLED"];
const GRANT_STATUSES: GrantStatus[] = ["PROVISIONING", "ACTIVE", "FAILED", "REVOKING", "REVOKED", "EXPIRED"];

describe("access request transitions", () => {
  it("decides or cancels only a pending request", () => {
    expect(nextRequestStatus("PENDING", "approve")).toBe("APPROVED");
    expect(nextRequestStatus("PENDING", "deny")).toBe("DENIED");
    expect(nextRequestStatus("PENDING", "cancel")).toBe("CANCELLED");
  });

  it("answers 409 for every other pair", () => {
    for (const status of REQUEST_STATUSES.filter((s) => s !== "PENDING")) {
      for (const action of ["approve", "deny", "cancel"] as RequestAction[]) {
        expect(() => nextRequestStatus(status, action)).toThrow(
          expect.objectContaining({ status: 409, code: "conflict" }),
        );
      }
    }
  });
});

describe("grant transitions", () => {
  const allowed: [GrantStatus, GrantEvent, GrantStatus][] = [
    ["PROVISIONING", "provisioned", "ACTIVE"],
    ["PROVISIONING", "provisioning_failed", "FAILED"],
    ["FAILED", "retry", "PROVISIONING"],
    ["ACTIVE", "retry", "PROVISIONING"],
    ["ACTIVE", "revoke", "REVOKING"],
    ["FAILED", "revoke", "REVOKING"],
    ["PROVISIONING", "revoke", "REVOKING"],
    ["REVOKING", "revoked", "REVOKED"],
    ["REVOKING", "expired", "EXPIRED"],
  ];

  it("allows exactly the documented transitions", () => {
    const events: GrantEvent[] = [
      "provisioned",
      "provisioning_failed",
      "retry",
      "revoke",
      "revoked",
      "expired",
    ];
    for (const from of GRANT_STATUSES) {
      for (const event of events) {
        const rule = allowed.find(([f, e]) => f === from && e === event);
        if (rule) expect(nextGrantStatus(from, event)).toBe(rule[2]);
        else
          expect(() => nextGrantStatus(from, event), `${from} --${event}`).toThrow(
            expect.objectContaining({ status: 409 }),
          );
      }
    }
  });

  it("keeps revoked and expired grants final", () => {
    expect(() => nextGrantStatus("REVOKED", "retry")).toThrow(/revoked/);
    expect(() => nextGrantStatus("EXPIRED", "revoke")).toThrow(/expired/);
  });
});
