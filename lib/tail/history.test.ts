import { describe, expect, it } from "vitest";
import { mergeByTime } from "./history";

const e = (partition: number, offset: number, timestamp: number) => ({ partition, offset, timestamp });

describe("mergeByTime", () => {
  it("puts partitions read one after the other into time order", () => {
    const read = [e(0, 0, 10), e(0, 1, 40), e(0, 2, 50), e(1, 0, 20), e(1, 1, 30), e(2, 0, 5)];
    expect(mergeByTime(read).map((x) => `${x.partition}:${x.offset}`)).toEqual([
      "2:0",
      "0:0",
      "1:0",
      "1:1",
      "0:1",
      "0:2",
    ]);
  });

  it("keeps each partition in offset order even when its timestamps go back", () => {
    const read = [e(0, 0, 30), e(0, 1, 10), e(1, 0, 20)];
    expect(mergeByTime(read).map((x) => `${x.partition}:${x.offset}`)).toEqual(["1:0", "0:0", "0:1"]);
  });

  it("breaks ties by the partition seen first, and handles nothing", () => {
    expect(mergeByTime([e(1, 0, 10), e(0, 0, 10)]).map((x) => x.partition)).toEqual([1, 0]);
    expect(mergeByTime([])).toEqual([]);
  });
});
