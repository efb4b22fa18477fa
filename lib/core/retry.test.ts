import { afterEach, describe, expect, it, vi } from "vitest";
import { retry } from "./retry";

afterEach(() => vi.useRealTimers());

describe("retry", () => {
  it("retries with the given delays until it succeeds", async () => {
    vi.useFakeTimers();
    const delays: number[] = [];
    const failures: number[] = [];
    let calls = 0;
    const done = retry(
      async () => {
        if (++calls < 3) throw new Error("not yet");
        return "ok";
      },
      {
        delayMs: (attempt) => {
          delays.push(100 * (attempt + 1));
          return 100 * (attempt + 1);
        },
        onFailure: (_err, attempt) => void failures.push(attempt),
      },
    );
    await vi.runAllTimersAsync();
    expect(await done).toEqual({ ok: true, value: "ok" });
    expect(failures).toEqual([0, 1]);
    expect(delays).toEqual([100, 200]);
  });

  it("gives up after the attempts, or at once when it stops being wanted", async () => {
    vi.useFakeTimers();
    let calls = 0;
    const limited = retry(
      async () => {
        calls++;
        throw new Error("down");
      },
      { attempts: 3, delayMs: () => 10 },
    );
    await vi.runAllTimersAsync();
    expect(await limited).toEqual({ ok: false });
    expect(calls).toBe(3);

    let active = true;
    let tries = 0;
    const stopped = retry(
      async () => {
        tries++;
        throw new Error("down");
      },
      { active: () => active, delayMs: () => 10, onFailure: () => void (tries === 2 && (active = false)) },
    );
    await vi.runAllTimersAsync();
    expect(await stopped).toEqual({ ok: false });
    expect(tries).toBe(2);
  });

  it("ends with the error onFailure throws", async () => {
    const failed = retry(() => Promise.reject(new Error("no admin")), {
      attempts: 5,
      delayMs: () => 10,
      onFailure: (err) => {
        throw err;
      },
    });
    await expect(failed).rejects.toThrow("no admin");
  });
});
