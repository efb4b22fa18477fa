/**
 * Sends one webhook: the CloudEvent as structured JSON, signed per Standard Webhooks
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature`: v1 HMAC-SHA256, `standardwebhooks`).
 * The host name is resolved and every address checked at connect time, so a name that resolves
 * to a private address (or changes to one after the URL was saved) is refused. Redirects are not
 * followed. Plain Node.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { isPrivateAddress } from "./webhook-policy";

export interface SendResult {
  /** The HTTP status, or null when no answer came (refused, timed out, blocked). */
  status: number | null;
  durationMs: number;
  error: string | null;
}

/** A new signing secret in the Standard Webhooks form (`whsec_` + base64 of 24 random bytes). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** The signed headers for `body` (also what a receiver verifies with `new Webhook(secret).verify`). */
export function signedHeaders(secret: string, messageId: string, body: string, at = new Date()) {
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(messageId, at, body),
  };
}

function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      const list = addresses as LookupAddress[];
      const bad = allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (bad)
        return callback(
          Object.assign(new Error(`refused: ${hostname} resolves to a private address (${bad.address})`), {
            code: "EPRIVATE",
          }),
          "",
          0,
        );
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first) return callback(new Error(`${hostname} has no address`), "", 0);
      callback(null, first.address, first.family);
    });
  };
}

export function sendWebhook(
  url: string,
  secret: string,
  messageId: string,
  payload: unknown,
  options: { timeoutMs: number; allowPrivate: boolean },
): Promise<SendResult> {
  const body = JSON.stringify(payload);
  const started = performance.now();
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : http;
  // An address literal skips the lookup: judge it here.
  const literal = target.hostname.replace(/^\[|\]$/g, "");
  if (!options.allowPrivate && isIP(literal) && isPrivateAddress(literal))
    return Promise.resolve({
      status: null,
      durationMs: 0,
      error: `refused: ${literal} is a private address`,
    });
  return new Promise((resolve) => {
    let settled = false;
    const done = (status: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      resolve({ status, durationMs: Math.round(performance.now() - started), error });
    };
    const req = client.request(
      target,
      {
        method: "POST",
        headers: {
          "content-type": "application/cloudevents+json; charset=utf-8",
          "content-length": Buffer.byteLength(body),
          "user-agent": "Meshport-Webhooks/1.0",
          ...signedHeaders(secret, messageId, body),
        },
        lookup: guardedLookup(options.allowPrivate),
        timeout: options.timeoutMs,
      },
      (res) => {
        // Read (and drop) at most 64 KiB of the answer; the status is what counts.
        let read = 0;
        res.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > 65_536) res.destroy();
        });
        res.on("end", () => done(res.statusCode ?? null, null));
        res.on("close", () => done(res.statusCode ?? null, null));
        res.on("error", () => done(res.statusCode ?? null, null));
      },
    );
    req.on("timeout", () => {
      req.destroy(new Error(`no answer within ${options.timeoutMs} ms`));
    });
    req.on("error", (err) => done(null, err.message.slice(0, 300)));
    req.end(body);
  });
}
