// Next.js calls register() once when a server starts. Everything it does is Node-only and lives
// in lib/runtime/start-server.ts, imported only on the Node.js runtime (the edge bundle never
// sees it).
export async function register(): Promise<void> {
  // Next replaces these two at build time, so they are read here literally — the one place
  // outside the env modules (eslint.config.mjs says so too).
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.NEXT_PHASE !== "phase-production-build") {
    const { startServer } = await import("./lib/runtime/start-server");
    startServer();
  }
}
