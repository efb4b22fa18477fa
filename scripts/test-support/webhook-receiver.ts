/**
 * A webhook receiver for tests: a plain node:http server that verifies each request's Standard
 * Webhooks signature with the `standardwebhooks` package (not the portal's code) and answers as
 * told — e.g. 500 for the first N requests, then 204. Keeps what it received.
 */
import http from "node:http";
import { Webhook } from "standardwebhooks";

export interface ReceivedHook {
  id: string;
  timestamp: string;
  verified: boolean;
  body: { id: string; type: string; data?: unknown } | null;
  contentType: string | undefined;
  answered: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedHook[];
  /** The secret to verify with (set once the webhook exists). */
  secret: string | null;
  /** The status to answer for the next request (default 204). */
  answer: (hook: ReceivedHook, index: number) => number;
  waitFor(predicate: (all: ReceivedHook[]) => boolean, timeoutMs?: number): Promise<ReceivedHook[]>;
  stop(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = {
    url: "",
    received: [],
    secret: null,
    answer: () => 204,
    async waitFor(predicate, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(receiver.received)) {
        if (Date.now() > deadline)
          throw new Error(
            `webhook receiver: condition not met within ${timeoutMs} ms (${receiver.received.length} received)`,
          );
        await new Promise((r) => setTimeout(r, 50));
      }
      return receiver.received;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const headers = {
        "webhook-id": String(req.headers["webhook-id"] ?? ""),
        "webhook-timestamp": String(req.headers["webhook-timestamp"] ?? ""),
        "webhook-signature": String(req.headers["webhook-signature"] ?? ""),
      };
      const verify = (): ReceivedHook["body"] => {
        if (!receiver.secret) return null;
        try {
          return new Webhook(receiver.secret).verify(raw, headers) as ReceivedHook["body"];
        } catch {
          return null;
        }
      };
      const body = verify();
      const verified = body !== null;
      const hook: ReceivedHook = {
        id: headers["webhook-id"],
        timestamp: headers["webhook-timestamp"],
        verified,
        body,
        contentType: req.headers["content-type"],
        answered: 0,
      };
      hook.answered = receiver.answer(hook, receiver.received.length);
      receiver.received.push(hook);
      res.statusCode = hook.answered;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  receiver.url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/hooks`;
  return receiver;
}
