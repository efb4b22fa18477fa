import { describe, expect, it } from "vitest";
import { auditLabel } from "./labels";

describe("auditLabel", () => {
  it("words known actions and spells out unknown ones", () => {
    expect(auditLabel("access_request.denied")).toBe("denied the request");
    expect(auditLabel("grant.expired")).toBe("grant expired");
    expect(auditLabel("something.new_here")).toBe("something new here");
  });
});
