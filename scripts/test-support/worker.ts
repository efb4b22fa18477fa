/**
 * Worker processes the chaos tests kill: spawned as Node itself with tsx as a loader (the tsx CLI
 * would run the script in a grandchild that survives the kill), with the react-server condition.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { childEnv } from "@/lib/core/env";

export function startWorker(script: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", script], {
    env: childEnv(env),
    stdio: ["ignore", "pipe", "ignore"],
  });
}

/** Resolves once the worker prints "ready" (started, connected), when it exits, or after 60 s. */
export function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 60_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export const exited = (child: ChildProcess): Promise<void> =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve()),
  );
