/**
 * The contract monitor: for every active Kafka port with an active contract, it validates what
 * flows on the topic against the contract (`rules.ts`, `window.ts`) and records a result per rule
 * and window (`store.ts`). It reads through the live tail's hub — one shared consumer per topic
 * and process, events decoded once for viewers and monitor alike — and samples when a topic is
 * faster than `maxEventsPerSecond` (the sample rate is in every result: sample size vs seen).
 * A broker outage is the hub's business (it reconnects and resumes after the last event seen).
 * Plain Node: the server starts it from `lib/runtime/background.ts`, tests and the benchmark
 * construct their own.
 */
import { portContractDocument } from "@/lib/contracts/port-contract";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { TailHub } from "@/lib/tail/hub";
import type { TailEvent } from "@/lib/tail/event";
import { compileRules, type Rule } from "./rules";
import { compileSchemaCheck } from "./schema-check";
import { recordWindow, compactWindows, type WindowTarget } from "./store";
import { ContractWindow, windowStart, type MonitoredEvent } from "./window";
import { contractSourceOf } from "@/lib/catalog/port-contracts";
import { monitoredPorts, type MonitoredPortRow } from "./targets";

export interface MonitorOptions {
  prisma: PrismaClient;
  hub: TailHub;
  windowSeconds: number;
  maxEventsPerSecond: number;
  /** How often the set of monitored ports is read again (ms). */
  refreshMs?: number;
  now?: () => number;
  log?: (message: string) => void;
  /** Watch only these ports (tests and benchmarks on a shared database). */
  only?: ReadonlySet<string>;
}

interface Watched {
  target: WindowTarget;
  /** Contract revision + schema version: a change recompiles the rules. */
  key: string;
  rules: Rule[];
  window: ContractWindow;
  check: ReturnType<typeof compileSchemaCheck>["check"];
  stop: () => void;
  /** Events validated in the current second (the sampling budget). */
  second: number;
  inSecond: number;
}

export class ContractMonitor {
  private readonly watched = new Map<string, Watched>();
  /** Windows whose time ended while events arrived, not recorded yet. */
  private closed: { target: WindowTarget; rules: Rule[]; window: ContractWindow }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private firstRefresh: NodeJS.Timeout | undefined;
  /** Set by `stop()`: a refresh still running then subscribes nothing more. */
  private stopped = false;
  private flushing: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private lastCompaction = 0;

  constructor(private readonly options: MonitorOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Starts watching (and keeps the set of ports and the windows current) until `stop()`. */
  start(opts: { delayMs?: number } = {}): void {
    const refresh = () =>
      void this.refresh().catch((err: unknown) =>
        this.options.log?.(`[monitor] refresh failed: ${String(err)}`),
      );
    // A server starting up serves its first pages before the monitor opens its consumers.
    this.stopped = false;
    this.firstRefresh = setTimeout(refresh, opts.delayMs ?? 0);
    this.firstRefresh.unref();
    this.refreshTimer = setInterval(refresh, this.options.refreshMs ?? 30_000);
    this.refreshTimer.unref();
    this.timer = setInterval(() => void this.closeDueWindows(), 1000);
    this.timer.unref();
  }

  /** Ports being watched, with their current window's counts (tests, the benchmark, health). */
  stats(portId: string): { seen: number; sampled: number; rules: string[] } | undefined {
    const w = this.watched.get(portId);
    return w && { seen: w.window.seen, sampled: w.window.sampled, rules: w.rules.map((r) => r.key) };
  }

  get portCount(): number {
    return this.watched.size;
  }

  /** Reads which ports to watch and (re)subscribes what changed. */
  async refresh(): Promise<void> {
    const only = this.options.only;
    const rows = (await monitoredPorts(this.options.prisma)).filter((r) => !only || only.has(r.id));
    if (this.stopped) return;
    const wanted = new Set(rows.map((r) => r.id));
    for (const [portId, w] of this.watched)
      if (!wanted.has(portId)) {
        w.stop();
        this.watched.delete(portId);
      }
    for (const row of rows) {
      const key = `${row.contract?.revision ?? 0}:${row.schemaVersions[0]?.version ?? 0}`;
      const existing = this.watched.get(row.id);
      if (existing?.key === key) continue;
      existing?.stop();
      this.watch(row, key, existing?.window);
    }
  }

  private watch(row: MonitoredPortRow, key: string, window?: ContractWindow): void {
    const { document, schema } = contractOf(row);
    const rules = compileRules(document);
    const compiled = compileSchemaCheck(schema);
    const start = windowStart(this.now(), this.options.windowSeconds);
    const watched: Watched = {
      target: { portId: row.id, productId: row.productId, portName: row.name, topic: row.address },
      key,
      rules,
      // A changed contract starts a fresh window: counts under the old rules are not mixed in.
      window: new ContractWindow(window?.start ?? start, rules, compiled.check),
      check: compiled.check,
      stop: () => undefined,
      second: 0,
      inSecond: 0,
    };
    if (compiled.error)
      this.options.log?.(`[monitor] ${row.address}: the schema does not compile (${compiled.error})`);
    const current = row.schemaVersions[0];
    watched.stop = this.options.hub.observe(
      {
        topic: row.address,
        format: row.format,
        ...(current?.format === "AVRO" ? { avroSchema: current.definition } : {}),
      },
      { onEvent: (event, observedAt) => this.offer(watched, event, observedAt) },
    );
    this.watched.set(row.id, watched);
  }

  private offer(w: Watched, event: TailEvent, observedAt: number): void {
    const start = windowStart(this.now(), this.options.windowSeconds);
    if (w.window.start < start) {
      // The window's time is over: it waits for the next flush, events go to the next one.
      this.closed.push({ target: w.target, rules: w.rules, window: w.window });
      w.window = new ContractWindow(start, w.rules, w.check);
    }
    const second = Math.floor(observedAt / 1000);
    if (second !== w.second) {
      w.second = second;
      w.inSecond = 0;
    }
    const sampled = w.inSecond < this.options.maxEventsPerSecond;
    if (sampled) w.inSecond++;
    w.window.offer(monitoredEvent(event, observedAt), sampled);
  }

  /** Closes and records every window whose time is over. */
  private async closeDueWindows(): Promise<void> {
    const start = windowStart(this.now(), this.options.windowSeconds);
    if (this.closed.length > 0 || [...this.watched.values()].some((w) => w.window.start < start))
      await this.flush();
  }

  /**
   * Records every port's current window (as it stands, when `force`; else only windows whose
   * time is over) and starts the next. Serialized: two flushes never write the same window twice.
   */
  flush(opts: { force?: boolean } = {}): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const start = windowStart(this.now(), this.options.windowSeconds);
      const closing = this.closed;
      this.closed = [];
      for (const w of this.watched.values()) {
        if (!opts.force && w.window.start >= start) continue;
        closing.push({ target: w.target, rules: w.rules, window: w.window });
        // A window recorded early (forced) is over: the next one starts where it ends.
        const next = Math.max(start, w.window.start + this.options.windowSeconds * 1000);
        w.window = new ContractWindow(next, w.rules, w.check);
      }
      for (const c of closing) {
        try {
          await recordWindow(
            this.options.prisma,
            c.target,
            new Date(c.window.start),
            this.options.windowSeconds,
            c.window.results(),
            c.rules,
          );
        } catch (err) {
          this.options.log?.(`[monitor] recording ${c.target.topic} failed: ${String(err)}`);
        }
      }
      if (this.now() - this.lastCompaction > 3_600_000) {
        this.lastCompaction = this.now();
        await compactWindows(this.options.prisma).catch((err: unknown) =>
          this.options.log?.(`[monitor] compaction failed: ${String(err)}`),
        );
      }
    });
    return this.flushing;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.firstRefresh);
    clearInterval(this.timer);
    clearInterval(this.refreshTimer);
    for (const w of this.watched.values()) w.stop();
    this.watched.clear();
    await this.flushing;
  }
}

function monitoredEvent(event: TailEvent, observedAt: number): MonitoredEvent {
  const d = event.decoded;
  const decoded = d.encoding === "json" || d.encoding === "avro";
  return {
    value: decoded ? d.value : undefined,
    ...(decoded
      ? {}
      : { decodeError: d.error ?? `not ${d.encoding === "null" ? "a value (null)" : "JSON or Avro"}` }),
    timestamp: event.timestamp,
    observedAt,
    partition: event.partition,
    offset: event.offset,
  };
}

/** The port's contract as Meshport exports it (the rules) and the JSON Schema events must match. */
function contractOf(row: MonitoredPortRow) {
  const source = contractSourceOf(row);
  return { document: portContractDocument(source), schema: source.port.schema };
}
