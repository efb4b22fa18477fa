/** Server-Sent Events parsing (the subset the live tail sends), for the panel, tests and the bench. Pure. */
export interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

/** The complete events at the start of `buffer`, and what is left of it (a partial event). */
export function takeSseEvents(buffer: string): { events: SseEvent[]; rest: string } {
  const events: SseEvent[] = [];
  let start = 0;
  let cut: number;
  while ((cut = buffer.indexOf("\n\n", start)) >= 0) {
    const block = buffer.slice(start, cut);
    start = cut + 2;
    const event: SseEvent = { event: "message", data: "" };
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event.event = value;
      else if (field === "id") event.id = value;
      else if (field === "data") data.push(value);
    }
    if (data.length === 0) continue;
    event.data = data.join("\n");
    events.push(event);
  }
  return { events, rest: buffer.slice(start) };
}
