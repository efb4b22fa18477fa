import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sleep } from "@/lib/core/time";
import { poll } from "../test-support/kafka-consume";
import { SseReader } from "../test-support/sse";
import { SKIP_FAILED_MS, startBalancer, type Balancer } from "./balancer";

/** A stand-in portal instance on a real port: says who it is, echoes bodies, streams events. */
class Instance {
  readonly seen: { method: string; host: string; forwardedFor: string; body: string }[] = [];
  openStreams = 0;
  port = 0;
  private server: http.Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(readonly name: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = http.createServer((req, res) => {
      void (async () => {
        let body = "";
        for await (const chunk of req) body += String(chunk);
        this.seen.push({
          method: req.method ?? "",
          host: req.headers.host ?? "",
          forwardedFor: String(req.headers["x-forwarded-for"] ?? ""),
          body,
        });
        if (req.url === "/stream") {
          this.openStreams++;
          res.writeHead(200, { "content-type": "text/event-stream" });
          res.write(`id: 0:1\ndata: ${JSON.stringify({ from: this.name })}\n\n`);
          res.on("close", () => this.openStreams--);
          return;
        }
        res.writeHead(req.method === "POST" ? 201 : 200, { "content-type": "application/json" });
        res.end(JSON.stringify({ from: this.name, body }));
      })();
    });
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", () => resolve()));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Gone at once, as a killed process: listening stops and every connection is reset. */
  async kill(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

let a: Instance;
let b: Instance;
let balancer: Balancer;

async function from(
  path: string,
  init?: RequestInit,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(balancer.url + path, init);
  const body = (await res.json()) as Record<string, unknown>;
  if (res.ok) expect(res.headers.get("x-served-by")).toBe(body.from);
  return { status: res.status, body };
}

beforeAll(async () => {
  a = new Instance("portal-a");
  b = new Instance("portal-b");
  await a.start();
  await b.start();
  balancer = await startBalancer({
    port: 0,
    upstreams: [
      { name: a.name, url: a.url },
      { name: b.name, url: b.url },
    ],
  });
});

afterAll(async () => {
  await balancer?.close();
  await a?.kill();
  await b?.kill();
});

it("sends each request to the next instance, with its body, the client's Host and its address", async () => {
  const got = [];
  for (let i = 0; i < 4; i++) got.push((await from("/who")).body.from);
  expect(got).toEqual(["portal-a", "portal-b", "portal-a", "portal-b"]);
  const posted = await from("/echo", { method: "POST", body: '{"decide":"approve"}' });
  expect(posted).toEqual({ status: 201, body: { from: "portal-a", body: '{"decide":"approve"}' } });
  expect(a.seen.at(-1)).toMatchObject({ host: new URL(balancer.url).host, forwardedFor: "127.0.0.1" });
});

it("skips an instance that refuses connections, body and all, and comes back to it once it answers", async () => {
  await b.kill();
  const answers = [];
  for (let i = 0; i < 6; i++) answers.push(await from("/echo", { method: "POST", body: `n=${i}` }));
  expect(answers.map((x) => x.status)).toEqual(Array(6).fill(201));
  expect(answers.map((x) => x.body.from)).toEqual(Array(6).fill("portal-a"));
  expect(answers.map((x) => x.body.body)).toEqual(Array.from({ length: 6 }, (_, i) => `n=${i}`));
  // The first was refused by portal-b and sent again: each says once where it came from.
  expect(a.seen.slice(-6).map((x) => x.forwardedFor)).toEqual(Array(6).fill("127.0.0.1"));

  await b.start(); // on its old port
  await sleep(SKIP_FAILED_MS);
  const back = await poll(
    async () => (await from("/who")).body.from,
    (name) => name === "portal-b",
    5000,
    50,
  );
  expect(back).toBe("portal-b");
});

it("streams events as they come, and ends the stream when its instance dies", async () => {
  const streams = [];
  // Two streams land on both instances.
  for (let i = 0; i < 2; i++) {
    const res = await fetch(`${balancer.url}/stream`, { headers: { accept: "text/event-stream" } });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const reader = new SseReader(res.body!);
    // The instance keeps the response open: this event came through before any end.
    await reader.until((r) => r.events.length === 1, 5000, "the first event");
    streams.push(reader);
  }
  const onB = streams.find((r) => JSON.parse(r.events[0]!.data).from === "portal-b")!;
  const onA = streams.find((r) => r !== onB)!;
  await b.kill();
  await poll(
    async () => onB.ended,
    (ended) => ended,
    5000,
    20,
  );
  expect(onB.ended).toBe(true);
  expect(onA.ended).toBe(false);

  // A client that goes away closes its stream on the instance too.
  expect(a.openStreams).toBe(1);
  onA.cancel();
  expect(
    await poll(
      async () => a.openStreams,
      (n) => n === 0,
      5000,
      20,
    ),
  ).toBe(0);
});

it("answers 502 with the error model when no instance answers", async () => {
  await a.kill();
  const res = await fetch(`${balancer.url}/who`);
  expect(res.status).toBe(502);
  expect(await res.json()).toEqual({
    error: { code: "bad_gateway", message: "No portal instance answers" },
  });
});
