/**
 * Reads a Server-Sent Events body (the live tail) in tests and the benchmark, with
 * eventsource-parser: never the portal's own parsing, so a bug there cannot hide in the tests.
 */
import { createParser } from "eventsource-parser";

export interface SseEvent {
  /** The event's name ("message" when the stream gives none). */
  event: string;
  id?: string;
  data: string;
}

export class SseReader {
  readonly events: SseEvent[] = [];
  /** Comment lines (`: …`), without the colon and its space: heartbeats, the opening banner. */
  readonly comments: string[] = [];
  /** The reconnect delay the stream asked for. */
  retry: number | undefined;
  private readonly decoder = new TextDecoder();
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly parser = createParser({
    onEvent: (e) => this.events.push({ event: e.event ?? "message", id: e.id, data: e.data }),
    onComment: (c) => this.comments.push(c.replace(/^ /, "")),
    onRetry: (ms) => (this.retry = ms),
  });
  ended = false;
  private waiters: (() => void)[] = [];

  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
    void this.pump();
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        const { done, value } = await this.reader.read();
        if (done) break;
        this.parser.feed(this.decoder.decode(value, { stream: true }));
        for (const w of this.waiters.splice(0)) w();
      }
    } catch {
      // aborted
    }
    this.ended = true;
    for (const w of this.waiters.splice(0)) w();
  }

  /** Data events (`message`), parsed. */
  messages<T = Record<string, unknown>>(): (T & { id: string })[] {
    return this.events
      .filter((e) => e.event === "message")
      .map((e) => ({ ...(JSON.parse(e.data) as T), id: e.id! }));
  }

  /**
   * Waits until every sentinel (data events `isSentinel` picks, `count` of them) has arrived and
   * returns the data events that came before the last of them, sentinels left out: what a test
   * asserts "exactly these, nothing else" on, instead of sleeping and hoping nothing more comes.
   * Sentinels produced after a batch, one per partition, come after all of it (each partition
   * is delivered in order).
   */
  async before<T = Record<string, unknown>>(
    isSentinel: (message: T & { id: string }) => boolean,
    count: number,
    timeoutMs: number,
  ): Promise<(T & { id: string })[]> {
    await this.until(
      (r) => r.messages<T>().filter(isSentinel).length >= count,
      timeoutMs,
      `${count} sentinel events`,
    );
    const all = this.messages<T>();
    let seen = 0;
    const last = all.findIndex((m) => isSentinel(m) && ++seen === count);
    return all.slice(0, last).filter((m) => !isSentinel(m));
  }

  /** Waits until `done` holds (re-checked on every chunk) or the timeout passes. */
  async until(
    done: (reader: SseReader) => boolean,
    timeoutMs: number,
    what = "the expected events",
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this)) {
      if (this.ended)
        throw new Error(`stream ended before ${what}; got ${JSON.stringify(this.events.slice(-5))}`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `timed out waiting for ${what}; got ${this.events.length} events, last ${JSON.stringify(this.events.slice(-3))}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  cancel(): void {
    void this.reader.cancel().catch(() => undefined);
  }
}
