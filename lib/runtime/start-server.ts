import "server-only";
import { writeFileSync } from "node:fs";
import { reportPortAddressConflicts } from "@/lib/catalog/address-report";
import { env, startupProblems } from "@/lib/core/env";
import { prewarmServerLayout } from "@/lib/lineage/server-layout";
import { startBackgroundWork, stopBackgroundWork } from "./background";

/**
 * What the portal's Node.js server does once at start (instrumentation.ts calls it): refuse to
 * run outside demo mode without its secrets, start the outbox relay and the grant scheduler
 * (MESHPORT_BACKGROUND=0 turns them off), warm the elkjs threads that lay out big lineage graphs,
 * and report ports whose addresses break the one-port-per-resource rule.
 */
export function startServer(): void {
  const problems = startupProblems();
  if (problems.length > 0) {
    console.error(
      `Meshport will not start outside demo mode without its secrets:\n  - ${problems.join("\n  - ")}`,
    );
    process.exit(1);
  }
  startBackgroundWork();
  releaseLeasesOnShutdown();
  prewarmServerLayout();
  void reportPortAddressConflicts().catch((err: unknown) =>
    console.warn(`[ports] address check failed: ${err instanceof Error ? err.message : String(err)}`),
  );
  // Benchmarks only (`npm run bench -- tail`): on SIGUSR2, collect garbage (with --expose-gc)
  // and write this process's memory use to the file named, for a per-viewer figure.
  const report = env().MESHPORT_MEMORY_REPORT;
  if (report) {
    process.on("SIGUSR2", () => {
      (globalThis as { gc?: () => void }).gc?.();
      writeFileSync(report, JSON.stringify({ at: Date.now(), ...process.memoryUsage() }));
    });
  }
}

/**
 * On SIGTERM or SIGINT (a rolling deploy, a scale-down), stop the background work and give its
 * leases up, so the other instances take it over at their next renewal rather than after the
 * lease lapses. Next's own handler closes the server meanwhile and exits; when it has none
 * (NEXT_MANUAL_SIG_HANDLE), this one exits once the leases are given up.
 */
function releaseLeasesOnShutdown(): void {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      const alone = process.listenerCount(signal) === 0;
      void stopBackgroundWork().then(
        ({ releasedMs }) => {
          console.info(`[lease] ${signal}: leases given up in ${releasedMs} ms, background work stopped`);
          if (alone) process.exit(0);
        },
        (err: unknown) => {
          console.warn(
            `[lease] ${signal}: giving the leases up failed: ${err instanceof Error ? err.message : String(err)}`,
          );
          if (alone) process.exit(1);
        },
      );
    });
  }
}
