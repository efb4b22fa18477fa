/** Reads a Server-Sent Events body (the live tail) in tests and the benchmark. */
import { takeSseEvents, type SseEvent } from "@/lib/tail/sse-parse";

export type { SseEvent };

export class SseReader {
  readonly events: SseEvent[] = [];
  private buffer = "";
  private readonly decoder = new TextDecoder();
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
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
        this.buffer += this.decoder.decode(value, { stream: true });
        const { events, rest } = takeSseEvents(this.buffer);
        this.buffer = rest;
        this.events.push(...events);
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
