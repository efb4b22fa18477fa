import { describe, expect, it } from "vitest";
import { channelsFor, kindsForAction, NOTIFICATION_KIND_KEYS, NOTIFICATION_KINDS } from "./kinds";
import {
  describe as words,
  nextDigestAt,
  toDigest,
  toEmail,
  type EventContext,
  type PortalEvent,
} from "./messages";

const event = (action: string, data: Record<string, unknown> = {}): PortalEvent => ({
  id: "3f1c1f7e-7a3c-4c55-9a35-2b8d1b1e0c01",
  action,
  time: "2026-12-02T10:00:00.000Z",
  subject: null,
  data,
});
const ctx: EventContext = {
  product: { slug: "cart-events", name: "Cart Events" },
  port: { id: "p1", name: "cart-events" },
  team: { slug: "marketing-analytics", name: "Marketing Analytics" },
  ownerTeam: { slug: "orders", name: "Orders" },
  actorName: "Bob Tanaka",
  requestId: "r-1",
  successor: { slug: "cart-events-v2", name: "Cart Events v2" },
};

describe("kinds", () => {
  it("maps one event to every kind it means, with its audiences", () => {
    expect(kindsForAction("grant.active")).toEqual([
      { kind: "access.new_consumer", audience: ["owners"] },
      { kind: "access.grant_active", audience: ["requester"] },
    ]);
    expect(kindsForAction("access_request.denied").map((k) => k.kind)).toEqual(["access.decision"]);
    expect(kindsForAction("product.updated")).toEqual([]);
  });
  it("every portal action a kind names is reachable, and defaults apply until a user chooses", () => {
    for (const kind of NOTIFICATION_KIND_KEYS)
      for (const action of NOTIFICATION_KINDS[kind].actions)
        expect(kindsForAction(action).map((k) => k.kind)).toContain(kind);
    expect(channelsFor("access.request_new", undefined)).toEqual({ inApp: true, email: true });
    expect(
      channelsFor("access.request_new", new Map([["access.request_new", { inApp: false, email: false }]])),
    ).toEqual({
      inApp: false,
      email: false,
    });
  });
});

describe("describe", () => {
  it("words every kind for its audience, with a link into the portal", () => {
    for (const kind of NOTIFICATION_KIND_KEYS) {
      const action = NOTIFICATION_KINDS[kind].actions[0]!;
      for (const audience of NOTIFICATION_KINDS[kind].audience) {
        const m = words(
          kind,
          audience,
          event(action, {
            days: 7,
            version: 3,
            failures: 2,
            sampleSize: 40,
            rule: "r",
            url: "https://x",
            expiresAt: "2026-12-09T00:00:00Z",
            sunsetAt: "2027-01-01T00:00:00Z",
          }),
          ctx,
        );
        expect(m, `${kind} ${audience}`).not.toBeNull();
        expect(m!.title.length).toBeGreaterThan(10);
        expect(m!.link.startsWith("/")).toBe(true);
        expect(`${m!.title} ${m!.body}`).not.toMatch(/undefined|NaN|\[object/);
      }
    }
  });
  it("gives the requester the decision with its reason, and the deprecation with sunset and successor", () => {
    const denied = words(
      "access.decision",
      "requester",
      event("access_request.denied", { reason: "Use the aggregate" }),
      ctx,
    )!;
    expect(denied.title).toBe("Your request for Cart Events · cart-events was denied");
    expect(denied.body).toContain("“Use the aggregate”");
    expect(denied.link).toBe("/access/requests/r-1");
    const deprecated = words(
      "product.deprecated",
      "followers",
      event("product.deprecated", { sunsetAt: "2027-01-31T00:00:00Z", message: "Moving to v2." }),
      ctx,
    )!;
    expect(deprecated.title).toBe("Cart Events is deprecated (sunset 2027-01-31)");
    expect(deprecated.body).toBe("Moving to v2. Successor: Cart Events v2.");
    const breaking = words(
      "product.schema_version",
      "followers",
      event("schema.version_added", { version: 4, breaking: true, changeNote: "Dropped coupon." }),
      ctx,
    )!;
    expect(breaking.title).toContain("schema version 4 (breaking)");
  });
  it("tells the owners when an AI assistant filed the request for its user", () => {
    const viaAgent = words(
      "access.request_new",
      "owners",
      event("access_request.created", { via: "mcp", expiresAt: "2027-03-02T00:00:00Z" }),
      ctx,
    )!;
    expect(viaAgent.body).toMatch(/filed the request through an AI assistant \(MCP\), until 2027-03-02/);
    const inPortal = words(
      "access.request_new",
      "owners",
      event("access_request.created", { via: "portal" }),
      ctx,
    )!;
    expect(inPortal.body).not.toContain("AI assistant");
  });
});

describe("email", () => {
  it("makes the link absolute and escapes HTML", () => {
    const mail = toEmail(
      { title: "A <b>title</b>", body: "x & y", link: "/products/cart-events" },
      "https://portal.example.com",
    );
    expect(mail.subject).toBe("[Meshport] A <b>title</b>");
    expect(mail.text).toContain("Open: https://portal.example.com/products/cart-events");
    expect(mail.html).toContain("A &lt;b&gt;title&lt;/b&gt;");
    expect(mail.html).toContain("x &amp; y");
    expect(mail.html).toContain('href="https://portal.example.com/products/cart-events"');
  });
  it("gathers a day's emails into one digest", () => {
    const a = toEmail({ title: "First", body: "one", link: "/a" }, "http://p");
    const b = toEmail({ title: "Second", body: "two", link: "/b" }, "http://p");
    const digest = toDigest([a, b], new Date("2026-12-02T08:00:00Z"), "http://p");
    expect(digest.subject).toBe("[Meshport] Your digest for 2026-12-02: 2 notifications");
    expect(digest.text).toContain("• First\none\nOpen: http://p/a");
    expect(digest.html).toContain('<h3 style="font-size:15px">Second</h3><p>two</p>');
  });
  it("sends digests at 08:00 UTC, today or tomorrow", () => {
    expect(nextDigestAt(new Date("2026-12-02T07:59:00Z")).toISOString()).toBe("2026-12-02T08:00:00.000Z");
    expect(nextDigestAt(new Date("2026-12-02T08:00:00Z")).toISOString()).toBe("2026-12-03T08:00:00.000Z");
  });
});
