import { createParser, type EventSourceMessage } from "eventsource-parser";
import { describe, expect, it } from "vitest";
import { tailView, type TailEvent } from "./event";
import { parseFilter } from "./filter";
import { maskPlan } from "./mask";
import { advancePosition, encodePosition, parsePosition } from "./position";
import { TailViewer, type SharedChunks, type TailSink, type ViewerLimits } from "./viewer";

const LIMITS: ViewerLimits = { maxQueueBytes: 1_000_000, maxBytesPerSecond: 1_000_000, heartbeatMs: 10_000 };

function event(partition: number, offset: number, value: unknown = { n: offset }): TailEvent {
  const json = JSON.stringify(value);
  return {
    partition,
    offset,
    timestamp: 1_000 + offset,
    key: `k-${partition}-${offset}`,
    headers: {},
    decoded: { encoding: "json", value, size: json.length, truncated: false },
    frames: new Map(),
  };
}

/** A sink that records each write; `backedUp` as the test sets it. */
function sink() {
  const writes: string[] = [];
  const raw: (string | Uint8Array)[] = [];
  const s = {
    writes,
    raw,
    full: false,
    write: (c: string | Uint8Array) => {
      raw.push(c);
      writes.push(typeof c === "string" ? c : new TextDecoder().decode(c));
    },
    backedUp: () => s.full,
  };
  return s satisfies TailSink;
}

/**
 * The events a standard client reads from the writes (eventsource-parser, not our code); the
 * `position` after each complete flush only when asked for.
 */
function read(writes: string[], positions = false): EventSourceMessage[] {
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (e) => events.push(e) });
  for (const w of writes) parser.feed(w);
  return positions ? events : events.filter((e) => e.event !== "position");
}

function viewer(limits: Partial<ViewerLimits> = {}, opts: { filter?: string; masked?: boolean } = {}) {
  const out = sink();
  let closed = 0;
  const v = new TailViewer(
    tailView(opts.masked ? maskPlan([{ path: "email", classification: "PII" }]) : null),
    parseFilter(opts.filter),
    { kind: "latest" },
    out,
    { ...LIMITS, ...limits },
    () => closed++,
    0,
  );
  v.mode = "live";
  return { v, out, closed: () => closed };
}

describe("TailViewer", () => {
  it("writes one shared buffer for viewers that see the same frames, never for a filtered or lagging one", () => {
    const a = viewer();
    const b = viewer();
    const filtered = viewer({}, { filter: "$.n=3" });
    const lagging = viewer({ maxQueueBytes: 300 });
    const all = [a, b, filtered, lagging];
    const tick = (now: number, events: TailEvent[]) => {
      for (const e of events) for (const x of all) x.v.offer(e);
      const shared: SharedChunks = new Map();
      for (const x of all) x.v.flush(now, shared);
    };
    // The first flush makes them steady (everything written); only later ones may share.
    tick(50, [event(0, 0), event(1, 0)]);
    expect(typeof a.out.raw[0]).toBe("string");
    tick(100, [event(0, 1), event(1, 1), event(0, 2), event(0, 3)]);
    expect(a.out.raw[1]).toBeInstanceOf(Uint8Array);
    expect(b.out.raw[1]).toBe(a.out.raw[1]);
    expect(read(b.out.writes, true).map((e) => e.id)).toEqual(read(a.out.writes, true).map((e) => e.id));
    expect(read(a.out.writes, true).at(-1)).toMatchObject({ event: "position", id: "0=4,1=2" });
    expect(read(a.out.writes)).toHaveLength(6);
    expect(filtered.out.raw[1]).not.toBe(a.out.raw[1]);
    expect(read(filtered.out.writes).map((e) => JSON.parse(e.data).value.n)).toEqual([3]);
    // A queue over its limit drops its oldest events: that viewer writes its own chunk, saying so.
    tick(
      150,
      Array.from({ length: 8 }, (_, i) => event(0, 4 + i)),
    );
    expect(lagging.out.raw.at(-1)).not.toBe(a.out.raw.at(-1));
    expect(read(lagging.out.writes).some((e) => e.event === "dropped")).toBe(true);
    expect(read(a.out.writes)).toHaveLength(14);
  });

  it("coalesces the events offered between two flushes into one write, in order", () => {
    const { v, out } = viewer();
    for (let i = 0; i < 5; i++) v.offer(event(0, i));
    expect(out.writes).toEqual([]);
    v.flush(50);
    expect(out.writes).toHaveLength(1);
    expect(read(out.writes).map((e) => e.id)).toEqual(["0:0", "0:1", "0:2", "0:3", "0:4"]);
    v.flush(100);
    expect(out.writes).toHaveLength(1);
  });

  it("never sends an event twice: the cursor skips what was offered before", () => {
    const { v, out } = viewer();
    v.offer(event(0, 3));
    v.offer(event(0, 3));
    v.offer(event(0, 2));
    v.offer(event(1, 0));
    v.flush(50);
    expect(read(out.writes).map((e) => e.id)).toEqual(["0:3", "1:0"]);
    expect(v.cursor).toEqual(
      new Map([
        [0, 4],
        [1, 1],
      ]),
    );
  });

  it("renders the viewer's view and applies its filter", () => {
    const { v, out } = viewer({}, { masked: true, filter: "$.tier=gold" });
    v.offer(event(0, 0, { email: "a@example.com", tier: "gold" }));
    v.offer(event(0, 1, { email: "b@example.com", tier: "silver" }));
    v.flush(50);
    const got = read(out.writes).map((e) => JSON.parse(e.data) as { value: unknown; masked: string[] });
    expect(got).toEqual([
      expect.objectContaining({ value: { email: "****", tier: "gold" }, masked: ["email"] }),
    ]);
  });

  it("holds writes back while the client is not reading, then sends them in one chunk", () => {
    const { v, out } = viewer();
    out.full = true;
    v.offer(event(0, 0));
    v.flush(50);
    v.offer(event(0, 1));
    v.flush(100);
    expect(out.writes).toEqual([]);
    out.full = false;
    v.flush(150);
    expect(out.writes).toHaveLength(1);
    expect(read(out.writes).map((e) => e.id)).toEqual(["0:0", "0:1"]);
  });

  it("drops the oldest events of a queue past its budget and says how many first", () => {
    const { v, out } = viewer({ maxQueueBytes: 1000 });
    out.full = true;
    for (let i = 0; i < 20; i++) v.offer(event(0, i));
    expect(v.queued).toBeLessThanOrEqual(1000);
    out.full = false;
    v.flush(50);
    const events = read(out.writes);
    expect(events[0]!.event).toBe("dropped");
    const dropped = (JSON.parse(events[0]!.data) as { count: number }).count;
    const ids = events.slice(1).map((e) => e.id);
    expect(dropped).toBeGreaterThan(0);
    expect(dropped + ids.length).toBe(20);
    // The newest are kept, in order.
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => `0:${20 - ids.length + i}`));
  });

  it("ends each flush that writes everything with its position: the cursor, as the id EventSource sends back", () => {
    const { v, out } = viewer({ maxBytesPerSecond: 1_000_000 });
    v.cursor.set(2, 40); // a partition with nothing new since the viewer started
    v.offer(event(1, 7));
    v.offer(event(0, 3));
    v.flush(50);
    const events = read(out.writes, true);
    expect(events.map((e) => [e.event ?? "message", e.id])).toEqual([
      ["message", "1:7"],
      ["message", "0:3"],
      ["position", "0=4,1=8,2=40"],
    ]);
    expect(parsePosition(events.at(-1)!.id!)).toEqual(v.cursor);
    // Nothing written, nothing to say; a flush the byte rate cuts short says nothing either (the
    // cursor is already past the frames still queued).
    v.flush(100);
    expect(read(out.writes, true)).toHaveLength(3);
    const size = out.writes[0]!.length / 2;
    const slow = viewer({ maxBytesPerSecond: size });
    for (let i = 0; i < 4; i++) slow.v.offer(event(0, i));
    slow.v.flush(0);
    expect(read(slow.out.writes, true).map((e) => e.event ?? "message")).toEqual(["message"]);
    for (let t = 1000; t <= 4000; t += 1000) slow.v.flush(t);
    expect(read(slow.out.writes, true).map((e) => e.id)).toEqual(["0:0", "0:1", "0:2", "0:3", "0=4"]);
  });

  it("resumes exactly from the last position advanced by the events a client got before a drop mid-flush", () => {
    const all = [event(0, 0), event(1, 0), event(0, 1), event(1, 1), event(1, 2), event(0, 2), event(2, 0)];
    const first = viewer();
    first.v.cursor.set(2, 0);
    for (const e of all.slice(0, 2)) first.v.offer(e);
    first.v.flush(50);
    for (const e of all.slice(2)) first.v.offer(e);
    first.v.flush(100);
    // The connection drops after the first two frames of the second flush.
    const got = read(first.out.writes, true);
    const position = parsePosition(got.find((e) => e.event === "position")!.id!)!;
    const afterIt = got.filter((e) => e.event !== "position").slice(2, 4);
    for (const e of afterIt) {
      const [p, o] = e.id!.split(":").map(Number) as [number, number];
      advancePosition(position, p, o);
    }
    // A viewer placed there (on any instance, whatever order it holds them in) sends the rest once.
    const next = viewer();
    for (const [p, o] of position) next.v.cursor.set(p, o);
    // Partition after partition (each in offset order, as every ring holds them): another order.
    for (const e of [...all].sort((a, b) => b.partition - a.partition || a.offset - b.offset))
      next.v.offer(e);
    next.v.flush(50);
    const rest = read(next.out.writes).map((e) => e.id);
    const had = [
      ...got
        .filter((e) => e.event !== "position")
        .slice(0, 4)
        .map((e) => e.id),
    ];
    expect([...had, ...rest].sort()).toEqual(all.map((e) => `${e.partition}:${e.offset}`).sort());
    expect(rest).toHaveLength(all.length - had.length);
  });

  it("says its position while it has nothing to write: once placed, and when its filter skipped events", () => {
    const { v, out } = viewer({}, { filter: "$.n=99" });
    v.cursor.set(0, 5); // placed at the live end of a quiet topic
    v.flush(0);
    expect(read(out.writes, true).map((e) => e.id)).toEqual(["0=5"]);
    for (let i = 5; i < 9; i++) v.offer(event(0, i)); // none passes the filter
    v.flush(500);
    expect(read(out.writes, true)).toHaveLength(1); // at most one a second
    v.flush(1000);
    expect(read(out.writes, true).map((e) => e.id)).toEqual(["0=5", "0=9"]);
    v.flush(5000);
    expect(read(out.writes, true)).toHaveLength(2); // unchanged: nothing more to say
  });

  it("reads a position back, and nothing else as one", () => {
    expect(
      parsePosition(
        encodePosition(
          new Map([
            [3, 9],
            [0, 12],
            [1, 0],
          ]),
        ),
      ),
    ).toEqual(
      new Map([
        [0, 12],
        [1, 0],
        [3, 9],
      ]),
    );
    expect(
      encodePosition(
        new Map([
          [3, 9],
          [0, 12],
        ]),
      ),
    ).toBe("0=12,3=9");
    for (const bad of ["0:12", "0=12,0=13", "0=12,", "=1", "0=99999999999999999999", "a=1", ""])
      expect(parsePosition(bad), bad).toBeNull();
  });

  it("keeps to the byte rate: what does not fit waits for the next flushes", () => {
    const size = (() => {
      const probe = viewer();
      probe.v.offer(event(0, 10));
      return probe.v.queued;
    })();
    const { v, out } = viewer({ maxBytesPerSecond: size * 2 });
    for (let i = 10; i < 16; i++) v.offer(event(0, i));
    v.flush(0);
    expect(read(out.writes)).toHaveLength(2);
    v.flush(500); // half a second refills one frame's worth
    expect(read(out.writes)).toHaveLength(3);
    v.flush(1500);
    expect(read(out.writes)).toHaveLength(5);
  });

  it("sends a heartbeat comment after heartbeatMs of silence, and control events at once", () => {
    const { v, out } = viewer({ heartbeatMs: 1000 });
    v.flush(999);
    expect(out.writes).toEqual([]);
    v.flush(1000);
    expect(out.writes).toEqual([": heartbeat\n\n"]);
    v.control("status", { state: "live" });
    expect(read(out.writes)).toEqual([{ id: undefined, event: "status", data: '{"state":"live"}' }]);
  });

  it("lets a history reader wait for room in the queue", async () => {
    const { v, out } = viewer({ maxQueueBytes: 4000 });
    out.full = true;
    let i = 0;
    while (v.queued < 1000) v.offer(event(0, i++));
    let drained = false;
    const waiting = v.drained().then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    out.full = false;
    v.flush(50);
    await waiting;
    expect(drained).toBe(true);
  });

  it("closes once: nothing more is written and its topic is told", () => {
    const { v, out, closed } = viewer();
    v.offer(event(0, 0));
    v.close();
    v.close();
    v.flush(50);
    v.control("end", {});
    expect(out.writes).toEqual([]);
    expect(closed()).toBe(1);
  });
});
