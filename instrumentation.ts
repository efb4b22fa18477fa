// Next.js calls register() once when a server starts: the outbox relay and the grant scheduler
// run inside the portal's own process (MESHPORT_BACKGROUND=0 turns them off), and the elkjs
// threads that lay out big lineage graphs warm up before the first viewer asks; ports whose
// addresses break the one-port-per-resource rule are reported.
export async function register(): Promise<void> {
  // Next replaces these two at build time (the edge bundle drops everything below), so they are
  // read here literally — the one place outside the env modules (eslint.config.mjs says so too).
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { env, startupProblems } = await import("./lib/core/env");
  const problems = startupProblems();
  if (problems.length > 0) {
    console.error(
      `Meshport will not start outside demo mode without its secrets:\n  - ${problems.join("\n  - ")}`,
    );
    process.exit(1);
  }
  const { startBackgroundWork } = await import("./lib/runtime/background");
  startBackgroundWork();
  const { prewarmServerLayout } = await import("./lib/lineage/server-layout");
  prewarmServerLayout();
  const { reportPortAddressConflicts } = await import("./lib/catalog/address-report");
  void reportPortAddressConflicts().catch((err: unknown) =>
    console.warn(`[ports] address check failed: ${err instanceof Error ? err.message : String(err)}`),
  );
  // Benchmarks only (`npm run bench -- tail`): on SIGUSR2, collect garbage (with --expose-gc)
  // and write this process's memory use to the file named, for a per-viewer figure.
  const report = env().MESHPORT_MEMORY_REPORT;
  if (report) {
    const { writeFileSync } = await import("node:fs");
    process.on("SIGUSR2", () => {
      (globalThis as { gc?: () => void }).gc?.();
      writeFileSync(report, JSON.stringify({ at: Date.now(), ...process.memoryUsage() }));
    });
  }
}
