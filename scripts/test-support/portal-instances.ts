/**
 * Several portal instances (`next start` on their own ports, one database, one Kafka cluster) and
 * the client side of a round-robin load balancer in front of them: each request goes to the next
 * instance; one that refuses the connection or drops it before answering is skipped, and the
 * request goes to the next (what a proxy with health checks does). The fault test uses it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { childEnv } from "@/lib/core/env";
import { sleep } from "@/lib/core/time";

export interface PortalInstance {
  name: string;
  port: number;
  url: string;
  process: ChildProcess | undefined;
  /** When a request to it last failed to connect: the balancer skips it for a while (a passive health check). */
  failedAt: number | undefined;
}

/** How long the balancer leaves an instance alone after a failed connection. */
const SKIP_FAILED_MS = 2000;

export class PortalInstances {
  readonly instances: PortalInstance[];
  private next = 0;

  constructor(
    ports: number[],
    private readonly env: Record<string, string>,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.instances = ports.map((port, i) => ({
      name: `portal-${String.fromCharCode(97 + i)}`,
      port,
      url: `http://127.0.0.1:${port}`,
      process: undefined,
      failedAt: undefined,
    }));
  }

  /** Starts instance `i` (a production build must exist) and waits until it answers. */
  async start(i: number): Promise<PortalInstance> {
    const instance = this.instances[i]!;
    const child = spawn(
      path.resolve("node_modules/.bin/next"),
      ["start", "-p", String(instance.port), "-H", "127.0.0.1"],
      {
        stdio: ["ignore", "pipe", "pipe"],
        env: childEnv({ ...this.env, NEXTAUTH_URL: instance.url, NODE_ENV: "production" }),
      },
    );
    const prefix = `[${instance.name}] `;
    const forward = (chunk: Buffer) =>
      chunk
        .toString()
        .split("\n")
        .filter((line) => /\[(lease|outbox|grants|ports|notify|notifier)\]|error/i.test(line))
        .forEach((line) => this.log(prefix + line.trim()));
    child.stdout!.on("data", forward);
    child.stderr!.on("data", forward);
    instance.process = child;
    for (let tries = 0; ; tries++) {
      if (child.exitCode !== null) throw new Error(`${instance.name} exited while starting`);
      const ok = await fetch(`${instance.url}/api/v1/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (tries > 240) throw new Error(`${instance.name} did not answer in 2 minutes`);
      await sleep(500);
    }
    instance.failedAt = undefined;
    return instance;
  }

  /** SIGKILL: no shutdown hook runs, its leases are not given up, its streams drop. */
  async kill(i: number): Promise<void> {
    const child = this.instances[i]!.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }

  /** SIGTERM (a clean stop: the instance gives its leases up), SIGKILL after 10 s. */
  async stop(i: number): Promise<void> {
    const child = this.instances[i]!.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.instances.map((_, i) => this.stop(i)));
  }

  /** The instance the next request goes to (round robin), skipping ones that just failed. */
  pick(): PortalInstance {
    for (let i = 0; i < this.instances.length; i++) {
      const instance = this.instances[this.next++ % this.instances.length]!;
      if (instance.failedAt === undefined || Date.now() - instance.failedAt > SKIP_FAILED_MS) return instance;
    }
    return this.instances[this.next++ % this.instances.length]!;
  }

  /** Marks a failed connection (the balancer's passive health check). */
  failed(instance: PortalInstance): void {
    instance.failedAt = Date.now();
  }

  /**
   * A request through the "load balancer": the next instance, or the one after it when the
   * connection fails (refused, reset before the answer) — up to `attempts` tries, with a short
   * pause once every instance was tried. `retried` says the request may have reached an
   * instance that died before answering (a state change may then have happened already).
   */
  async fetch(
    pathAndQuery: string,
    init: RequestInit = {},
    attempts = 40,
  ): Promise<{ response: Response; instance: PortalInstance; retried: boolean }> {
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const instance = this.pick();
      try {
        const response = await fetch(instance.url + pathAndQuery, {
          ...init,
          signal: AbortSignal.timeout(30_000),
        });
        return { response, instance, retried: attempt > 0 };
      } catch (err) {
        lastError = err;
        this.failed(instance);
        if (attempt % this.instances.length === this.instances.length - 1) await sleep(250);
      }
    }
    throw new Error(`no instance answered ${pathAndQuery}: ${String(lastError)}`);
  }
}
