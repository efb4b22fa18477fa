/**
 * The one retry loop (the live tail's consumer restarts and group deletion, waiting for new
 * topics). Hand-written rather than p-retry: callers need linear as well as exponential waits,
 * an `active()` switch that stops quietly, and retries of any error (p-retry never retries a
 * TypeError).
 */
import { sleep } from "./time";

export interface RetryOptions {
  /** Attempts in all (default: until `active` says stop). */
  attempts?: number;
  /** Wait after failed attempt `attempt` (0-based). */
  delayMs: (attempt: number) => number;
  /** Checked before each attempt and after each failure's `onFailure`: false ends the loop quietly. */
  active?: () => boolean;
  /** Told of each failure before the wait; throwing from it ends the loop with that error. */
  onFailure?: (err: unknown, attempt: number) => void | Promise<void>;
}

/**
 * Runs `fn` until it resolves, the attempts run out or `active()` turns false. Resolves with
 * `{ ok: true, value }` or `{ ok: false }` (out of attempts, or stopped): the caller decides what
 * giving up means.
 */
export async function retry<T>(
  fn: (attempt: number) => Promise<T>,
  opts: RetryOptions,
): Promise<{ ok: true; value: T } | { ok: false }> {
  const active = opts.active ?? (() => true);
  for (let attempt = 0; attempt < (opts.attempts ?? Infinity) && active(); attempt++) {
    try {
      return { ok: true, value: await fn(attempt) };
    } catch (err) {
      await opts.onFailure?.(err, attempt);
      if (!active()) break;
      await sleep(opts.delayMs(attempt));
    }
  }
  return { ok: false };
}
