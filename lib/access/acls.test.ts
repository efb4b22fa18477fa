import { describe, expect, it } from "vitest";
import { aclsToDelete, grantAcls, parseAcls } from "./acls";

describe("grant ACLs", () => {
  it("reads the topic (literal) and the team's group prefix", () => {
    expect(grantAcls("User:marketing-analytics", "marketing-analytics", "orders.order-events.v1")).toEqual([
      {
        resourceType: "TOPIC",
        resourceName: "orders.order-events.v1",
        patternType: "LITERAL",
        principal: "User:marketing-analytics",
        host: "*",
        operation: "READ",
        permission: "ALLOW",
      },
      {
        resourceType: "GROUP",
        resourceName: "marketing-analytics.",
        patternType: "PREFIXED",
        principal: "User:marketing-analytics",
        host: "*",
        operation: "READ",
        permission: "ALLOW",
      },
    ]);
  });

  it("revocation removes only what no other live grant needs", () => {
    const orders = grantAcls("User:mkt", "mkt", "orders.v1");
    const payments = grantAcls("User:mkt", "mkt", "payments.v1");
    // Another grant of the team still uses the group prefix: only the topic ACL goes.
    expect(aclsToDelete(orders, [payments])).toEqual([orders[0]]);
    // The last grant of the team: both go.
    expect(aclsToDelete(orders, [])).toEqual(orders);
    // A second live grant on the same topic keeps everything.
    expect(aclsToDelete(orders, [grantAcls("User:mkt", "mkt", "orders.v1")])).toEqual([]);
    // Another team's grant on the same topic shares nothing.
    expect(aclsToDelete(orders, [grantAcls("User:fin", "fin", "orders.v1")])).toEqual(orders);
  });

  it("parses stored JSON defensively", () => {
    expect(parseAcls(null)).toEqual([]);
    expect(parseAcls([{ nope: 1 }, ...grantAcls("User:a", "a", "t")])).toHaveLength(2);
  });
});
