import { describe, expect, it } from "vitest";
import { freshnessStatus, parseFreshness } from "./freshness";

describe("parseFreshness", () => {
  it("reads the durations and cadences owners write", () => {
    expect(parseFreshness("< 5 s")).toBe(5000);
    expect(parseFreshness("< 1 min")).toBe(60_000);
    expect(parseFreshness("< 5 min after the carrier")).toBe(300_000);
    expect(parseFreshness("within 2 hours")).toBe(7_200_000);
    expect(parseFreshness("500 ms")).toBe(500);
    expect(parseFreshness("daily 06:00 UTC")).toBe(86_400_000);
    expect(parseFreshness("weekly, Monday 07:00 UTC")).toBe(7 * 86_400_000);
  });

  it("says null for text without a duration", () => {
    expect(parseFreshness("best effort")).toBeNull();
    expect(parseFreshness("")).toBeNull();
  });
});

describe("freshnessStatus", () => {
  const now = Date.parse("2026-11-23T12:00:00Z");
  it("compares the newest event's age with the SLA", () => {
    expect(freshnessStatus("2026-11-23T11:59:58Z", "< 5 s", now)).toBe("fresh");
    expect(freshnessStatus("2026-11-23T11:59:50Z", "< 5 s", now)).toBe("stale");
    expect(freshnessStatus("2026-11-23T11:59:50Z", "best effort", now)).toBe("unknown");
  });

  it("tells a silent topic from one whose SLA allows an idle hour", () => {
    expect(freshnessStatus(null, "< 5 s", now)).toBe("silent");
    expect(freshnessStatus(null, "daily 06:00 UTC", now)).toBe("unknown");
  });
});
