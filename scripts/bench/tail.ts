/**
 * npm run bench -- tail — the live tail under load, through a real `next start` server (a
 * production build), a real broker and PostgreSQL:
 * - a producer at 1,000 events/s on one topic and 200 SSE viewers of it: deliveries, the share
 *   each viewer received, produce→client latency (measured in full on 20 of the viewers, the
 *   others count), and the consumer groups the broker shows for the topic;
 * - time to the first event for a newly opened viewer (served from the ring buffer);
 * - server memory per idle viewer (500 viewers of a quiet topic);
 * - 1,000 connect/abort cycles, then the groups and consumers left behind.
 * Options: `-- --viewers N --rate N --seconds N`.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import http from "node:http";
import { performance } from "node:perf_hooks";
import { createParser } from "eventsource-parser";
import { findCurrentUser } from "@/lib/auth/find-user";
import { createApiToken } from "@/lib/auth/tokens";
import { openDatabase } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { seedDemoMesh } from "@/lib/demo/seed";
import { childEnv, env } from "@/lib/core/env";
import { createKafka } from "@/lib/kafka/client-config";
import { waitForTopics } from "@/lib/kafka/topics";
import { createScratchDatabase, dropDatabase, ensurePostgres } from "../lib/postgres";
import { percentile, printTimings, type Timing } from "./stats";
import { scriptEnv } from "../config/env";
import { sleep } from "@/lib/core/time";
import { benchBroker } from "./broker";

const option = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

const PORT = 3294;
const BASE = `http://127.0.0.1:${PORT}`;

interface Viewer {
  received: number;
  latencies: number[];
  firstAt?: number;
  close(): void;
}

/** An SSE client on node:http. `parse`: decode every event and record its latency; else count only. */
function openViewer(path: string, token: string, parse: boolean): Promise<Viewer> {
  return new Promise((resolve, reject) => {
    const viewer: Viewer = { received: 0, latencies: [], close: () => req.destroy() };
    const req = http.get(
      `${BASE}${path}`,
      { headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" } },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`tail answered ${res.statusCode}`));
          res.resume();
          return;
        }
        res.setEncoding("utf8");
        let buffer = "";
        let now = Date.now();
        const parser = createParser({
          onEvent: (e) => {
            if (e.event !== undefined && e.event !== "message") return;
            viewer.received++;
            viewer.firstAt ??= performance.now();
            const t = (JSON.parse(e.data) as { value?: { t?: number } }).value?.t;
            if (typeof t === "number") viewer.latencies.push(now - t);
          },
        });
        res.on("data", (chunk: string) => {
          now = Date.now();
          if (parse) {
            parser.feed(chunk);
          } else {
            buffer += chunk;
            const end = buffer.lastIndexOf("\n\n");
            if (end < 0) return;
            for (
              let at = buffer.indexOf('data: {"partition"');
              at >= 0 && at < end;
              at = buffer.indexOf('data: {"partition"', at + 1)
            )
              viewer.received++;
            buffer = buffer.slice(end + 2);
          }
        });
        res.on("error", () => undefined);
        resolve(viewer);
      },
    );
    req.on("error", (err) =>
      (err as NodeJS.ErrnoException).code === "ECONNRESET" ? undefined : reject(err),
    );
  });
}

/** Resident memory of the server and its child processes, in bytes. */
function treeRss(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone
    }
  }
  let total = 0;
  const walk = (p: number) => {
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))![1]) * 1024;
    } catch {
      // gone
    }
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return total;
}

/** The server's memory after a full GC (it writes it on SIGUSR2, see instrumentation.ts), and its RSS then. */
async function serverMemory(pid: number, file: string): Promise<{ heap: number; rss: number }> {
  const before = existsSync(file) ? statSync(file).mtimeMs : 0;
  process.kill(pid, "SIGUSR2");
  for (let i = 0; i < 100 && (!existsSync(file) || statSync(file).mtimeMs === before); i++) await sleep(50);
  const m = JSON.parse(readFileSync(file, "utf8")) as { heapUsed: number; external: number; rss: number };
  return { heap: m.heapUsed + m.external, rss: treeRss(pid) };
}

/** Health details (tail counts) are for signed-in callers. */
async function health(token: string): Promise<{ tail: { viewers: number; consumers: number } }> {
  return (await (
    await fetch(`${BASE}/api/v1/health`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as { tail: { viewers: number; consumers: number } };
}

export async function benchTail(): Promise<void> {
  const viewers = option("viewers", 200);
  const rate = option("rate", 1000);
  const seconds = option("seconds", 20);
  await ensurePostgres();
  if (!existsSync(".next/BUILD_ID")) {
    const build = spawnSync("node_modules/.bin/next", ["build"], {
      stdio: "inherit",
      env: childEnv({ NEXT_TELEMETRY_DISABLED: "1" }),
    });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const broker = await benchBroker();
  const scratch = await createScratchDatabase("meshport_bench_tail");
  const database = await openDatabase({ url: scratch.url });
  const kafka = createKafka(env(), { retries: 8 });
  const admin = kafka.admin();
  const producer = kafka.producer();
  const topic = `customers.bench-tail-${Date.now()}.v1`;
  const quiet = `${topic}-quiet`;
  let server: ChildProcess | undefined;
  try {
    await database.withSession((s) => applyMigrations(s));
    await seedDemoMesh(database.prisma, { kafkaServer: `kafka://${env().KAFKA_BROKERS}` });
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [topic, quiet].map((t) => ({ topic: t, numPartitions: 3, replicationFactor: 1 })),
    });
    await waitForTopics(admin, [topic, quiet]);
    await producer.connect();

    // The viewers are a team with a grant: they see PII masked (the server masks every event once).
    const owner = await database.prisma.team.findFirstOrThrow({ where: { slug: "orders" } });
    const viewerTeam = await database.prisma.team.findFirstOrThrow({
      where: { slug: "marketing-analytics" },
    });
    const product = await database.prisma.dataProduct.findFirstOrThrow({ where: { ownerTeamId: owner.id } });
    const fields = {
      create: [
        { path: "customerId", type: "string", classification: "INTERNAL" as const, position: 0 },
        { path: "email", type: "string", classification: "PII" as const, position: 1 },
        { path: "amount", type: "number", classification: "INTERNAL" as const, position: 2 },
      ],
    };
    const ports = await Promise.all(
      [topic, quiet].map((address, i) =>
        database.prisma.outputPort.create({
          data: {
            productId: product.id,
            name: `bench-tail-${i}`,
            type: "KAFKA_TOPIC",
            address,
            schemaVersions: {
              create: { version: 1, format: "JSON_SCHEMA", definition: { type: "object" }, fields },
            },
            grants: {
              create: {
                teamId: viewerTeam.id,
                principal: "User:marketing-analytics",
                status: "ACTIVE",
                expiresAt: new Date(Date.now() + 86_400_000),
              },
            },
          },
        }),
      ),
    );
    const bob = (await findCurrentUser(database.prisma, { email: "bob@meshport.dev" }))!;
    const { token } = await createApiToken(database.prisma, bob, { name: "bench", expiresInDays: 1 });

    const memoryFile = join(tmpdir(), `meshport-bench-memory-${process.pid}.json`);
    server = spawn("node_modules/.bin/next", ["start", "-p", String(PORT), "-H", "127.0.0.1"], {
      stdio: "ignore",
      env: childEnv({
        DATABASE_URL: scratch.url,
        MESHPORT_DEMO: "1",
        MESHPORT_BACKGROUND: "0",
        MESHPORT_TAIL_STREAMS_PER_USER: "5000",
        MESHPORT_MEMORY_REPORT: memoryFile,
        NODE_OPTIONS: `${scriptEnv().NODE_OPTIONS} --expose-gc`.trim(),
        NEXTAUTH_URL: BASE,
        NEXT_TELEMETRY_DISABLED: "1",
      }),
    });
    for (
      let i = 0;
      !(await fetch(`${BASE}/api/v1/health`).then(
        (r) => r.ok,
        () => false,
      ));
      i++
    ) {
      if (i > 120) throw new Error("next start did not answer");
      await sleep(500);
    }

    // 1. Producer at `rate` events/s; `viewers` viewers.
    let produced = 0;
    let producing = true;
    let seq = 0;
    const produceLoop = (async () => {
      const tick = 10;
      const perTick = rate / (1000 / tick);
      const started = performance.now();
      while (producing) {
        const due = Math.floor(((performance.now() - started) / 1000) * rate) - produced;
        if (due > 0) {
          const t = Date.now();
          const messages = Array.from({ length: Math.min(due, perTick * 5) }, () => {
            const n = seq++;
            return {
              key: `c-${n % 5000}`,
              value: JSON.stringify({
                customerId: `c-${n % 5000}`,
                email: `c${n}@example.com`,
                amount: n % 997,
                t,
              }),
            };
          });
          await producer.send({ topic, messages });
          produced += messages.length;
        }
        await sleep(tick);
      }
    })();
    const path = `/api/v1/ports/${ports[0]!.id}/tail?from=latest`;
    const open: Viewer[] = [];
    for (let i = 0; i < viewers; i++) open.push(await openViewer(path, token, i < 20));
    await sleep(2000);
    const groups = (await admin.listGroups()).groups.filter((g) => g.groupId.includes(topic));
    const described = await admin.describeGroups(groups.map((g) => g.groupId));
    const base = open.map((v) => v.received);
    for (const v of open) v.latencies.length = 0;
    const producedBefore = produced;
    const windowStart = performance.now();
    await sleep(seconds * 1000);
    const windowMs = performance.now() - windowStart;
    const producedInWindow = produced - producedBefore;
    const got = open.map((v, i) => v.received - base[i]!);
    // Events produced at the window's edges arrive a little later: compare with what was produced.
    const shares = got.map((g) => g / producedInWindow).sort((a, b) => a - b);
    const latencies = open.flatMap((v) => v.latencies).sort((a, b) => a - b);
    const total = got.reduce((a, b) => a + b, 0);

    // 2. First event for a newly opened viewer (from=last:10: the ring answers).
    const firsts: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      const v = await openViewer(`/api/v1/ports/${ports[0]!.id}/tail?from=last:10`, token, true);
      while (v.firstAt === undefined && performance.now() - t0 < 5000) await sleep(2);
      firsts.push((v.firstAt ?? Number.NaN) - t0);
      v.close();
    }
    producing = false;
    await produceLoop;
    for (const v of open) v.close();
    await sleep(3000);

    // 3. Memory per idle viewer (a topic without traffic). A first round warms the server's
    // request paths and grows its heap; the second round's growth is what viewers hold.
    const idleCount = 500;
    const openIdle = async () => {
      const idle: Viewer[] = [];
      for (let i = 0; i < idleCount; i++)
        idle.push(await openViewer(`/api/v1/ports/${ports[1]!.id}/tail?from=latest`, token, false));
      await sleep(3000);
      return idle;
    };
    for (const v of await openIdle()) v.close();
    await sleep(4000);
    const memBefore = await serverMemory(server.pid!, memoryFile);
    const idle = await openIdle();
    const memAfter = await serverMemory(server.pid!, memoryFile);
    for (const v of idle) v.close();
    await sleep(3000);

    // 4. 1,000 connect/abort cycles (20 at a time), then what is left.
    const cycles = 1000;
    const t4 = performance.now();
    for (let i = 0; i < cycles; i += 20) {
      await Promise.all(
        Array.from({ length: 20 }, async (_, k) => {
          const v = await openViewer(
            `/api/v1/ports/${ports[(i + k) % 2]!.id}/tail?from=${k % 2 ? "latest" : "last:5"}`,
            token,
            false,
          );
          if (k % 3 === 0) await sleep(5);
          v.close();
        }),
      );
    }
    const stormMs = performance.now() - t4;
    const tailGroupsNow = async () =>
      (await admin.listGroups()).groups.filter((g) => g.groupId.startsWith("meshport-tail"));
    let left = await health(token);
    let tailGroups = await tailGroupsNow();
    const t5 = performance.now();
    for (
      let i = 0;
      i < 60 && (left.tail.consumers > 0 || left.tail.viewers > 0 || tailGroups.length > 0);
      i++
    ) {
      await sleep(500);
      left = await health(token);
      tailGroups = await tailGroupsNow();
    }
    const settleMs = performance.now() - t5;

    console.log(
      `\nLive tail: ${rate} events/s on one topic (3 partitions), ${viewers} SSE viewers (a granted team: PII masked), ${seconds} s window`,
    );
    console.log(
      `  broker: ${groups.length} consumer group(s) for the topic, ${described.groups.map((g) => g.members.length).join("+") || 0} member(s) — one consumer for ${viewers} viewers`,
    );
    console.log(
      `  produced ${producedInWindow} in ${(windowMs / 1000).toFixed(1)} s; delivered ${total.toLocaleString()} (${Math.round(total / (windowMs / 1000)).toLocaleString()} deliveries/s)`,
    );
    console.log(
      `  share of events each viewer received: min ${(shares[0]! * 100).toFixed(2)} %, p50 ${(percentile(shares, 50) * 100).toFixed(2)} %, viewers ≥ 99 %: ${shares.filter((s) => s >= 0.99).length}/${viewers}`,
    );
    const timings: Timing[] = [
      {
        name: `produce → client latency (${latencies.length.toLocaleString()} events on 20 viewers)`,
        runs: latencies.length,
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        max: latencies.at(-1) ?? 0,
      },
      {
        name: "p99 of the same",
        runs: latencies.length,
        p50: percentile(latencies, 99),
        p95: percentile(latencies, 99),
        max: latencies.at(-1) ?? 0,
      },
    ];
    const f = [...firsts].sort((a, b) => a - b);
    timings.push({
      name: "first event to a newly opened viewer (last:10, ring)",
      runs: f.length,
      p50: percentile(f, 50),
      p95: percentile(f, 95),
      max: f.at(-1)!,
    });
    printTimings("Live tail latencies", timings);
    const kb = (bytes: number) => `${(bytes / idleCount / 1024).toFixed(1)} KB`;
    console.log(
      `  memory per idle viewer (after a full GC, ${idleCount} viewers): JS heap + external ${kb(memAfter.heap - memBefore.heap)} (process RSS ${(memBefore.rss / 1048576).toFixed(0)} → ${(memAfter.rss / 1048576).toFixed(0)} MiB: a full GC returns pages, so RSS is no per-viewer measure)`,
    );
    console.log(
      `  ${cycles} connect/abort cycles in ${(stormMs / 1000).toFixed(1)} s → left behind (after ${(settleMs / 1000).toFixed(1)} s: the last viewer's consumer lingers 2 s): ${tailGroups.length} tail consumer groups on the broker, ${left.tail.consumers} open consumers, ${left.tail.viewers} viewers in the server`,
    );
  } finally {
    server?.kill("SIGTERM");
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await database.close();
    await dropDatabase(scratch.name);
    await broker?.stop();
  }
}
