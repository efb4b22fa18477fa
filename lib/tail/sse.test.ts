import { createParser, type EventSourceMessage } from "eventsource-parser";
import { describe, expect, it } from "vitest";
import { HEARTBEAT, sseComment, sseEvent, sseJson, sseOpening } from "./sse";

/** What a standard SSE client makes of the bytes (eventsource-parser, not our code). */
function parse(text: string) {
  const events: EventSourceMessage[] = [];
  const comments: string[] = [];
  let retry: number | undefined;
  const parser = createParser({
    onEvent: (e) => events.push(e),
    onComment: (c) => comments.push(c),
    onRetry: (ms) => (retry = ms),
  });
  parser.feed(text);
  return { events, comments, retry };
}

describe("SSE framing", () => {
  it("writes data events with an id, named events, and nothing else", () => {
    expect(sseEvent({ id: "2:41", data: '{"a":1}' })).toBe('id: 2:41\ndata: {"a":1}\n\n');
    expect(sseJson("status", { state: "live" })).toBe('event: status\ndata: {"state":"live"}\n\n');
    const { events } = parse(sseEvent({ id: "0:7", data: "{}" }) + sseJson("end", { code: "forbidden" }));
    expect(events).toEqual([
      { id: "0:7", event: undefined, data: "{}" },
      { id: undefined, event: "end", data: '{"code":"forbidden"}' },
    ]);
  });

  it("writes comments (heartbeats) and the opening retry, which dispatch no event", () => {
    expect(HEARTBEAT).toBe(": heartbeat\n\n");
    const { events, comments, retry } = parse(sseOpening(3000, "tail of t") + sseComment("x") + HEARTBEAT);
    expect(events).toEqual([]);
    expect(comments.map((c) => c.trim())).toEqual(["tail of t", "x", "heartbeat"]);
    expect(retry).toBe(3000);
  });

  it("keeps JSON data on one line, whatever the value holds", () => {
    const data = JSON.stringify({ text: "two\nlines\r\nand: colons" });
    const { events } = parse(sseJson("hello", JSON.parse(data)));
    expect(JSON.parse(events[0]!.data)).toEqual({ text: "two\nlines\r\nand: colons" });
  });
});
