import { describe, expect, it } from "vitest";
import { ageOfOffset, groupUsage, isTeamGroup, isUnused, partitionLags } from "./usage-math";

const now = new Date("2026-12-02T12:00:00Z");
const ago = (s: number) => new Date(now.getTime() - s * 1000);

describe("partitionLags", () => {
  it("counts from the committed offset, or the log start when nothing is committed or it was deleted", () => {
    const marks = new Map([
      [0, { high: 100, low: 0 }],
      [1, { high: 80, low: 50 }],
      [2, { high: 10, low: 0 }],
    ]);
    expect(
      partitionLags(
        new Map([
          [0, 60],
          [1, 20],
        ]),
        marks,
      ),
    ).toEqual([
      { partition: 0, committed: 60, high: 100, lag: 40 },
      { partition: 1, committed: 20, high: 80, lag: 30 },
      { partition: 2, committed: -1, high: 10, lag: 10 },
    ]);
  });
});

describe("ageOfOffset", () => {
  const samples = [
    { offset: 10, observedAt: ago(600) },
    { offset: 50, observedAt: ago(300) },
    { offset: 90, observedAt: ago(60) },
  ];
  it("is the age of the first sample past the offset", () => {
    expect(ageOfOffset(samples, 5, now)).toBe(600);
    expect(ageOfOffset(samples, 10, now)).toBe(300);
    expect(ageOfOffset(samples, 60, now)).toBe(60);
    expect(ageOfOffset(samples, 95, now)).toBeNull();
  });
});

describe("groupUsage", () => {
  it("sums the lag and takes the oldest waiting message", () => {
    const usage = groupUsage(
      "marketing-analytics.attribution",
      new Map([
        [0, 40],
        [1, 80],
      ]),
      new Map([
        [0, { high: 100, low: 0 }],
        [1, { high: 80, low: 0 }],
      ]),
      new Map([
        [
          0,
          [
            { offset: 30, observedAt: ago(900) },
            { offset: 100, observedAt: ago(120) },
          ],
        ],
      ]),
      ago(30),
      now,
    );
    expect(usage.lag).toBe(60);
    expect(usage.lagSeconds).toBe(120);
    expect(usage.lastCommitAt).toBe(ago(30).toISOString());
  });
  it("says 0 seconds when caught up and null when the age is unknown", () => {
    const marks = new Map([[0, { high: 10, low: 0 }]]);
    expect(groupUsage("g", new Map([[0, 10]]), marks, new Map(), null, now).lagSeconds).toBe(0);
    expect(groupUsage("g", new Map([[0, 5]]), marks, new Map(), null, now).lagSeconds).toBeNull();
  });
});

describe("team groups and unused grants", () => {
  it("matches the team's prefix exactly", () => {
    expect(isTeamGroup("orders.billing", "orders")).toBe(true);
    expect(isTeamGroup("orders-eu.billing", "orders")).toBe(false);
  });
  it("flags a grant provisioned long enough ago with no group moving since", () => {
    expect(isUnused(ago(40 * 86_400), [], now, 30)).toBe(true);
    expect(isUnused(ago(40 * 86_400), [ago(31 * 86_400), null], now, 30)).toBe(true);
    expect(isUnused(ago(40 * 86_400), [ago(2 * 86_400)], now, 30)).toBe(false);
    expect(isUnused(ago(10 * 86_400), [], now, 30)).toBe(false);
    expect(isUnused(null, [], now, 30)).toBe(false);
  });
});
