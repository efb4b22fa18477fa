import { describe, expect, it } from "vitest";
import {
  isPrivateAddress,
  nextAttemptAt,
  outcomeOf,
  RETRY_WINDOW_MS,
  webhookUrlProblem,
} from "./webhook-policy";

describe("webhookUrlProblem", () => {
  it("takes public http(s) URLs", () => {
    expect(webhookUrlProblem("https://hooks.example.com/meshport", false)).toBeNull();
    expect(webhookUrlProblem("http://203.0.113.7:8080/in", false)).toBeNull();
  });
  it("refuses other schemes, credentials, fragments and garbage with a reason", () => {
    expect(webhookUrlProblem("ftp://example.com/x", false)).toBe("must use http or https");
    expect(webhookUrlProblem("file:///etc/passwd", false)).toBe("must use http or https");
    expect(webhookUrlProblem("https://user:pw@example.com/", false)).toMatch(/user name or password/);
    expect(webhookUrlProblem("https://example.com/#x", false)).toMatch(/fragment/);
    expect(webhookUrlProblem("not a url", false)).toBe("must be an absolute http(s) URL");
  });
  it("refuses private, loopback and link-local targets unless allowed", () => {
    for (const url of [
      "http://127.0.0.1:3000/",
      "http://localhost/",
      "http://api.localhost/",
      "http://10.1.2.3/",
      "http://172.20.0.1/",
      "http://192.168.1.1/",
      "http://169.254.169.254/latest/meta-data",
      "http://[::1]/",
      "http://[fe80::1]/",
      "http://[fd00::1]/",
      "http://[::ffff:127.0.0.1]/",
      "http://0.0.0.0/",
      "http://metadata.google.internal/",
    ])
      expect(webhookUrlProblem(url, false), url).toMatch(/must not point at/);
    expect(webhookUrlProblem("http://127.0.0.1:3000/", true)).toBeNull();
  });
});

describe("isPrivateAddress", () => {
  it("knows the private ranges and lets public addresses through", () => {
    expect(isPrivateAddress("100.64.0.1")).toBe(true);
    expect(isPrivateAddress("172.15.255.255")).toBe(false);
    expect(isPrivateAddress("172.32.0.1")).toBe(false);
    expect(isPrivateAddress("8.8.8.8")).toBe(false);
    expect(isPrivateAddress("2606:4700::1111")).toBe(false);
    expect(isPrivateAddress("::ffff:7f00:1")).toBe(true);
    expect(isPrivateAddress("::ffff:808:808")).toBe(false);
  });
});

describe("outcomeOf", () => {
  it("retries timeouts, 5xx, 408 and 429; gives up on other answers", () => {
    expect(outcomeOf(200)).toBe("delivered");
    expect(outcomeOf(204)).toBe("delivered");
    expect(outcomeOf(null)).toBe("retry");
    expect(outcomeOf(500)).toBe("retry");
    expect(outcomeOf(503)).toBe("retry");
    expect(outcomeOf(408)).toBe("retry");
    expect(outcomeOf(429)).toBe("retry");
    expect(outcomeOf(400)).toBe("give_up");
    expect(outcomeOf(410)).toBe("give_up");
    expect(outcomeOf(301)).toBe("give_up");
  });
});

describe("nextAttemptAt", () => {
  const created = new Date("2026-12-01T00:00:00Z");
  const half = () => 0.5;
  it("doubles from the first delay, capped at 4 hours", () => {
    const after = (attempts: number) =>
      nextAttemptAt(attempts, created, created, 5000, half)!.getTime() - created.getTime();
    expect([1, 2, 3, 4].map(after)).toEqual([5000, 10_000, 20_000, 40_000]);
    expect(after(20)).toBe(4 * 3_600_000);
  });
  it("keeps to ±10 % jitter", () => {
    expect(nextAttemptAt(1, created, created, 10_000, () => 0)!.getTime() - created.getTime()).toBe(9000);
    expect(nextAttemptAt(1, created, created, 10_000, () => 1)!.getTime() - created.getTime()).toBe(11_000);
  });
  it("stops 24 hours after the delivery was made", () => {
    const late = new Date(created.getTime() + RETRY_WINDOW_MS - 1000);
    expect(nextAttemptAt(3, created, late, 5000, half)).toBeNull();
    // The whole ladder from 5 s: tries until the window ends, then null.
    let now = created;
    let attempts = 0;
    for (
      let next = nextAttemptAt(1, created, now, 5000, half);
      next;
      next = nextAttemptAt(++attempts + 1, created, now, 5000, half)
    )
      now = next;
    expect(attempts).toBeGreaterThan(8);
    expect(now.getTime() - created.getTime()).toBeLessThanOrEqual(RETRY_WINDOW_MS);
  });
});
