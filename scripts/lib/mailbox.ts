/**
 * A real local SMTP server (the `smtp-server` package) that keeps every message it accepts as
 * an `.eml` file in a folder: `npm run demo` starts one (the portal's "outbox" for a newcomer to
 * read), and the integration tests read what the notifier sent through it. No TLS, no
 * authentication: loopback only.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  file: string;
  /** Envelope recipients. */
  to: string[];
  from: string;
  raw: string;
  /** The Message-ID header, with its angle brackets. */
  messageId: string | null;
  subject: string | null;
}

export interface Mailbox {
  port: number;
  url: string;
  dir: string;
  messages: ReceivedMail[];
  /** Resolves with the messages once `predicate` holds (polls the in-memory list). */
  waitFor(predicate: (all: ReceivedMail[]) => boolean, timeoutMs?: number): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
}

const header = (raw: string, name: string): string | null => {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? "";
  const m = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, "im").exec(head);
  return m ? m[1]!.replace(/\r?\n[ \t]+/g, " ").trim() : null;
};

export async function startMailbox(options: { dir: string; port?: number; host?: string }): Promise<Mailbox> {
  mkdirSync(options.dir, { recursive: true });
  const messages: ReceivedMail[] = [];
  let counter = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    banner: "Meshport local mailbox",
    size: 5 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const at = new Date().toISOString().replace(/[:.]/g, "-");
        const file = path.join(options.dir, `${at}-${String(++counter).padStart(4, "0")}.eml`);
        try {
          writeFileSync(file, raw);
        } catch (err) {
          return callback(err instanceof Error ? err : new Error(String(err)));
        }
        messages.push({
          file,
          raw,
          to: session.envelope.rcptTo.map((r) => r.address),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          messageId: header(raw, "Message-ID"),
          subject: header(raw, "Subject"),
        });
        callback();
      });
    },
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  // A sender that vanishes mid-connection (a process killed while its pooled connection is open)
  // resets the socket: that is the sender's failure, not the mailbox's, and must not crash it.
  server.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "ECONNRESET" && err.code !== "EPIPE") console.warn(`[mailbox] ${err.message}`);
  });
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 0);
  return {
    port,
    url: `smtp://${host}:${port}`,
    dir: options.dir,
    messages,
    async waitFor(predicate, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(messages)) {
        if (Date.now() > deadline)
          throw new Error(`mailbox: condition not met within ${timeoutMs} ms (${messages.length} messages)`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return messages;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
