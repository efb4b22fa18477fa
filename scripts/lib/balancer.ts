/**
 * A round-robin HTTP load balancer for trying several portal instances on one machine
 * (`npm run demo -- --instances 2`), built on http-proxy: each request goes to the next
 * instance. An instance that refuses the connection is skipped for a while (a passive health
 * check) and the request goes to the next one, body and all. Streams (the live tail's Server-Sent
 * Events) pass through as they come, and end when the instance serving them goes away, so the
 * browser reconnects through the balancer to another one with its Last-Event-ID.
 *
 * Each answer names the instance that served it (`x-served-by`). For trying it out, not for production: put your own load balancer in front (no sticky
 * sessions needed).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import httpProxy from "http-proxy";

export interface Upstream {
  name: string;
  url: string;
  /** When a connection to it last failed: skipped for a while after. */
  failedAt?: number;
}

export interface Balancer {
  url: string;
  upstreams: Upstream[];
  close(): Promise<void>;
}

/** How long an instance that refused a connection is left alone. */
export const SKIP_FAILED_MS = 2000;
/** Request bodies are read whole (to send them again to the next instance): at most this. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** Safe to send again even when the failed instance may have received it. */
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS"]);

function errorCode(err: unknown): string | undefined {
  return (err as { code?: string } | null)?.code;
}

function answer(res: http.ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: { code, message } }));
}

async function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function startBalancer(opts: {
  port: number;
  /** Default 127.0.0.1; "*" listens on every interface. */
  host?: string;
  upstreams: { name: string; url: string }[];
  log?: (line: string) => void;
}): Promise<Balancer> {
  const upstreams: Upstream[] = opts.upstreams.map((u) => ({ ...u }));
  const log = opts.log ?? (() => undefined);
  let next = 0;
  const pick = (tried: Set<Upstream>): Upstream | undefined => {
    const now = Date.now();
    const untried = [...upstreams.keys()]
      .map((i) => upstreams[(next + i) % upstreams.length]!)
      .filter((u) => !tried.has(u));
    const choice =
      untried.find((u) => u.failedAt === undefined || now - u.failedAt > SKIP_FAILED_MS) ?? untried[0];
    if (choice) next = (upstreams.indexOf(choice) + 1) % upstreams.length;
    return choice;
  };

  const proxy = httpProxy.createProxyServer({ xfwd: true });
  const serving = new WeakMap<http.IncomingMessage, Upstream>();
  // A client that goes away (a closed tab, an aborted stream) closes its request to the instance.
  proxy.on("proxyReq", (proxyReq, _req, res) => {
    res.on("close", () => {
      if (!res.writableFinished) proxyReq.destroy();
    });
  });

  const server = http.createServer((req, res) => {
    void (async () => {
      const body = await readBody(req).catch(() => undefined);
      if (body === undefined) {
        res.destroy(); // the client went away while sending
        return;
      }
      if (body === null) {
        answer(res, 413, "payload_too_large", "The request body is too large for the balancer");
        return;
      }
      const tried = new Set<Upstream>();
      // http-proxy appends to the x-forwarded-* headers on each try: every try starts from the client's.
      const forwarded = Object.fromEntries(
        Object.entries(req.headers).filter(([name]) => name.startsWith("x-forwarded-")),
      );
      const attempt = () => {
        for (const name of Object.keys(req.headers))
          if (name.startsWith("x-forwarded-")) delete req.headers[name];
        Object.assign(req.headers, forwarded);
        const target = pick(tried);
        if (!target) {
          answer(res, 502, "bad_gateway", "No portal instance answers");
          return;
        }
        tried.add(target);
        serving.set(req, target);
        proxy.web(
          req,
          res,
          { target: target.url, buffer: Readable.from(body.length ? [body] : []) },
          (err) => {
            const code = errorCode(err);
            // Refused: the instance never saw the request. Reset before an answer: only a request
            // that changes nothing may go again (the instance may have acted on it).
            const retry =
              !res.headersSent &&
              (code === "ECONNREFUSED" || (code === "ECONNRESET" && IDEMPOTENT.has(req.method ?? "")));
            if (code === "ECONNREFUSED" || code === "ECONNRESET") {
              if (target.failedAt === undefined)
                log(`${target.name} is not answering (${code}): skipping it`);
              target.failedAt = Date.now();
            }
            if (retry) attempt();
            else answer(res, 502, "bad_gateway", `${target.name} failed: ${code ?? String(err)}`);
          },
        );
      };
      attempt();
    })();
  });
  proxy.on("proxyRes", (proxyRes, req, res) => {
    // An answer clears the instance's failure.
    const target = serving.get(req);
    if (target) {
      target.failedAt = undefined;
      proxyRes.headers["x-served-by"] = target.name;
    }
    // An instance gone mid-answer (a stream, when it dies) drops the client's connection too, so
    // the client reconnects (http-proxy would leave it open, waiting forever).
    proxyRes.on("close", () => {
      if (!proxyRes.complete) res.destroy();
    });
  });

  // "*": every interface, IPv6 too where there is one (as `next start` listens).
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, host === "*" ? undefined : host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host === "*" ? "localhost" : host}:${port}`,
    upstreams,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      proxy.close();
    },
  };
}
