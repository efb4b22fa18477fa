/** Timing helpers for benchmark scripts: run, then print percentiles. */
import { performance } from "node:perf_hooks";

/** A numeric `--name N` option of `npm run bench -- <name> --name N`, or `fallback`. */
export function numberOption(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

export interface Timing {
  name: string;
  runs: number;
  p50: number;
  p95: number;
  max: number;
  /** p95 of a first pass over the same inputs, when the case has one (`measureTwice`). */
  firstPassP95?: number;
}

/** Percentiles of timings taken elsewhere (ms, any order). */
export function summarize(name: string, times: number[]): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    name,
    runs: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.at(-1)!,
  };
}

/** Runs `fn` `warmup` times untimed, then `runs` times timed (sequentially). */
export async function measure(
  name: string,
  fn: (i: number) => Promise<unknown>,
  runs = 200,
  warmup = 20,
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return {
    name,
    runs,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: times[times.length - 1]!,
  };
}

/**
 * For cases whose every run has an input of its own (a different rare word, a different product):
 * a first pass over all `runs` inputs, then the timed pass over the same ones. The first pass
 * reads pages no cache holds yet, so on a machine whose page cache is smaller than the database
 * it measures the disk; its p95 is reported beside the timed one.
 */
export async function measureTwice(
  name: string,
  fn: (i: number) => Promise<unknown>,
  runs = 200,
): Promise<Timing> {
  const first = await measure(name, fn, runs, 0);
  return { ...(await measure(name, fn, runs, 0)), firstPassP95: first.p95 };
}

export function printTimings(title: string, timings: Timing[]): void {
  const firstPass = timings.some((t) => t.firstPassP95 !== undefined);
  console.log(`\n${title}`);
  console.log(
    `${"case".padEnd(44)} ${"runs".padStart(5)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"max ms".padStart(8)}${firstPass ? "  1st pass p95 ms" : ""}`,
  );
  for (const t of timings) {
    console.log(
      `${t.name.padEnd(44)} ${String(t.runs).padStart(5)} ${t.p50.toFixed(2).padStart(8)} ${t.p95.toFixed(2).padStart(8)} ${t.max.toFixed(2).padStart(8)}${t.firstPassP95 === undefined ? "" : t.firstPassP95.toFixed(2).padStart(18)}`,
    );
  }
}
