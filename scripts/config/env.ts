/**
 * The variables only scripts, tests and tool configs read (the portal's own are in
 * lib/core/env.ts, which scripts use for everything else). Validated once with zod.
 */
import { z } from "zod";

const port = z.coerce.number().int().min(0).max(65535);

const ScriptEnvSchema = z.object({
  /** Port of `npm run demo`'s portal. */
  PORT: port.default(3000),
  /** Port of `npm run demo`'s local SMTP server (its mailbox is .data/mail). */
  DEMO_SMTP_PORT: port.default(2525),
  /** The e2e run's portal, broker and OpenID provider ports (two runs on one machine). */
  E2E_PORT: port.default(3100),
  E2E_KAFKA_PORT: port.default(19392),
  E2E_OIDC_PORT: port.default(0),
  E2E_OIDC_CODE_TTL_SECONDS: z.coerce.number().int().positive().default(5),
  FUZZ_SEED: z.coerce.number().int().default(20261201),
  FUZZ_RUNS: z.coerce.number().int().positive().default(25),
  /** The publishing chaos test's product slugs start with it (its worker publishes those). */
  CHAOS_PREFIX: z.string().default("chaos-"),
  CHROMIUM_PATH: z.string().default("/usr/bin/chromium"),
  /** `npm run meshport`: the portal to talk to, and a personal access token (scopes catalog:write, catalog:publish). */
  MESHPORT_URL: z.string().url().default("http://localhost:3000"),
  MESHPORT_TOKEN: z.string().optional(),
  /** The PostgreSQL server tests and `npm run demo -- --postgres` create databases on. */
  TEST_POSTGRES_URL: z.string().default("postgresql://postgres@127.0.0.1:5432/postgres"),
  /** The local broker (`npm run kafka`). */
  KAFKA_DATA_DIR: z.string().optional(),
  KAFKA_PORT: z.string().optional(),
  KAFKA_CONTROLLER_PORT: z.string().optional(),
  KAFKA_HEAP_OPTS: z.string().optional(),
  JAVA_HOME: z.string().optional(),
  NODE_OPTIONS: z.string().default(""),
  /** Where `prisma generate` finds a schema engine (it never runs one; see prisma.config.ts). */
  PRISMA_SCHEMA_ENGINE_BINARY: z.string().optional(),
});

export type ScriptEnv = z.infer<typeof ScriptEnvSchema>;

/** Read on every call: scripts set variables for the servers they start. */
export function scriptEnv(): ScriptEnv {
  const parsed = ScriptEnvSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(
      `Invalid script environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  return parsed.data;
}
