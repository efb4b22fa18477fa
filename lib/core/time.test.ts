import { describe, expect, it } from "vitest";
import { DAY_MS, addDays, isoDate, timeAgo, utcMinute } from "./time";

describe("time", () => {
  const now = Date.parse("2026-12-01T12:00:00Z");

  it("says how long ago with one decimal under ten seconds", () => {
    expect(timeAgo(now - 1960, now)).toBe("2.0 s ago");
    expect(timeAgo(now - 14_200, now)).toBe("14 s ago");
    expect(timeAgo(now - 3 * 60_000, now)).toBe("3 min ago");
    expect(timeAgo(now - 5 * 3_600_000, now)).toBe("5 h ago");
    expect(timeAgo(now - 2 * DAY_MS, now)).toBe("2 d ago");
    // A clock slightly ahead of ours is "now", not the future.
    expect(timeAgo(now + 500, now)).toBe("0.0 s ago");
  });

  it("writes UTC minutes and dates the same for every viewer", () => {
    expect(utcMinute("2026-12-01T14:05:59.123Z")).toBe("2026-12-01 14:05 UTC");
    expect(isoDate(addDays(now, 90))).toBe("2027-03-01");
  });
});
