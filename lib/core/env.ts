/**
 * The only reader of process.env. Validated once with zod; every other module asks `env()`.
 * Works in Next (server only — never import from client components) and in plain Node scripts.
 */
import path from "node:path";
import { z } from "zod";

const flag = z
  .enum(["1", "0", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** PostgreSQL connection string; when unset the embedded PGlite database is used. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
    .optional(),
  /** Where the embedded database (and the local broker's data) live. */
  MESHPORT_DATA_DIR: z.string().default(".data"),
  /** Demo and test mode: enables the demo personas' password sign-in. Never set in production. */
  MESHPORT_DEMO: flag,
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_NAME: z.string().default("Single sign-on"),
  KAFKA_BROKERS: z.string().default("127.0.0.1:9092"),
  KAFKA_CLIENT_ID: z.string().default("meshport"),
  KAFKA_SASL_MECHANISM: z.enum(["plain", "scram-sha-256", "scram-sha-512", "none"]).default("plain"),
  KAFKA_SASL_USERNAME: z.string().default("meshport"),
  /** Required outside demo mode (the portal refuses to start without it); scripts fall back to the local broker's. */
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  KAFKA_SSL: flag,
  /** How long a Kafka call may take before the UI shows "Kafka unavailable". */
  KAFKA_TIMEOUT_MS: z.coerce.number().int().positive().default(3000),
  MESHPORT_EVENTS_TOPIC: z.string().default("meshport.catalog.events"),
  /** The longest a grant may run before it expires (requests ask for at most this). */
  MESHPORT_MAX_GRANT_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  /** A Confluent-compatible schema registry: the live tail decodes Avro messages framed with its schema ids. */
  SCHEMA_REGISTRY_URL: z.string().url().optional(),
  /** Live tail: concurrent streams one person may hold (per server process). */
  MESHPORT_TAIL_STREAMS_PER_USER: z.coerce.number().int().min(1).max(10_000).default(5),
  /** `0` turns off the in-process outbox relay and grant scheduler (run them elsewhere). */
  MESHPORT_BACKGROUND: z.enum(["1", "0"]).default("1"),
  /** The contract monitor's window (seconds; 300 = the 5-minute windows results are kept in). */
  MESHPORT_MONITOR_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  /** Events per second and port the monitor validates; beyond it samples (and says so). */
  MESHPORT_MONITOR_MAX_EVENTS_PER_SECOND: z.coerce.number().int().min(1).default(20_000),
  /** "0" turns the contract monitor off (the rest of the background work keeps running). */
  MESHPORT_MONITOR: z.enum(["1", "0"]).default("1"),
  /** "0" turns the notifier off (notifications, email, webhooks); the rest keeps running. */
  MESHPORT_NOTIFY: z.enum(["1", "0"]).default("1"),
  /** The notifier's consumer groups on the events topic start with this (one of its own per start; its position is in the database). */
  MESHPORT_NOTIFIER_GROUP: z.string().min(1).default("meshport.notifier"),
  /** The portal's address as people open it: links in emails. Defaults to NEXTAUTH_URL. */
  MESHPORT_PUBLIC_URL: z.string().url().optional(),
  /** SMTP server for email notifications, e.g. `smtp://user:pass@mail.example.com:587`; unset = no email. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional(),
  /** The sender of email notifications. */
  MESHPORT_MAIL_FROM: z.string().min(3).default("Meshport <meshport@localhost>"),
  /** Webhook targets on private, loopback or link-local addresses are refused unless this is 1 (demo, tests). */
  MESHPORT_WEBHOOK_ALLOW_PRIVATE: flag,
  /** A webhook is turned off after this many failed attempts in a row. */
  MESHPORT_WEBHOOK_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(15),
  /** How long a webhook receiver may take to answer (ms). */
  MESHPORT_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Webhook retries: the first retry after this many ms, doubling, over at most 24 hours (tests shorten it). */
  MESHPORT_WEBHOOK_FIRST_RETRY_MS: z.coerce.number().int().min(10).default(5000),
  /** A grant no group of its team has read for this many days is flagged to both teams. */
  MESHPORT_UNUSED_GRANT_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** How often the usage sampler records offsets (seconds): the resolution of lag in time and of "last commit". */
  MESHPORT_USAGE_SAMPLE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** MCP tool calls a token may make per minute (`/api/mcp`); beyond it a call is refused with the wait. */
  MESHPORT_MCP_CALLS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  /**
   * Background work that runs once across instances holds a lease this long, renewed every quarter
   * of it: another instance takes it over at most 5/4 of this after its holder dies.
   */
  MESHPORT_LEASE_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
  /** Benchmarks only: on SIGUSR2 the server writes its memory use to this file. */
  MESHPORT_MEMORY_REPORT: z.string().optional(),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = EnvSchema.safeParse(process.env);
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`Invalid environment: ${details}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/**
 * What the portal refuses to start without outside demo mode: a session secret of its own and
 * the Kafka principal's password (the defaults are public: they are in this repository).
 */
export function startupProblems(e: Env = env()): string[] {
  if (e.MESHPORT_DEMO) return [];
  const problems: string[] = [];
  if (!e.NEXTAUTH_SECRET)
    problems.push("NEXTAUTH_SECRET is not set (at least 16 characters; e.g. `openssl rand -base64 32`)");
  if (e.KAFKA_SASL_MECHANISM !== "none" && !e.KAFKA_SASL_PASSWORD)
    problems.push("KAFKA_SASL_PASSWORD is not set (the portal's Kafka principal's secret)");
  return problems;
}

/** The portal's own topics: the events topic and any other `MESHPORT_*_TOPIC` setting. Never output ports. */
export function portalTopics(): string[] {
  const named = Object.entries(process.env)
    .filter(
      ([key, value]) =>
        /^MESHPORT_[A-Z0-9_]*_TOPIC$/.test(key) && typeof value === "string" && value.trim() !== "",
    )
    .map(([, value]) => value!.trim());
  return [...new Set([env().MESHPORT_EVENTS_TOPIC, ...named])];
}

/** The server string every Kafka output port carries: the portal talks to one cluster. */
export function portalKafkaServer(): string {
  return `kafka://${env()
    .KAFKA_BROKERS.split(",")
    .map((b) => b.trim())
    .filter(Boolean)
    .join(",")}`;
}

/** Absolute path of the embedded PGlite data directory. */
export function pgliteDir(): string {
  return path.resolve(env().MESHPORT_DATA_DIR, "pglite");
}

/**
 * For scripts and tests that point this process (and the children it starts afterwards) at
 * services they started: sets (or, for undefined, removes) variables and re-reads the settings.
 */
export function setEnv(vars: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  cached = undefined;
}

/** Whether a setting was given (not defaulted): scripts start a local broker only when it was not. */
export function isSet(name: keyof Env): boolean {
  const value = process.env[name];
  return value !== undefined && value !== "";
}

/** The environment a child process inherits, plus `extra` (scripts and tests spawning servers). */
export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}
