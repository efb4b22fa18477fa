/**
 * What scripts/e2e-server.ts tells the specs about the run it started: it writes this JSON file
 * (under the git-ignored e2e/.auth/, one per E2E_PORT so two runs in one checkout do not mix)
 * before `next start`, so it exists by the time Playwright's webServer answers.
 */
import { readFileSync } from "node:fs";
import { scriptEnv } from "../config/env";

export interface E2eHarness {
  /** The scratch PostgreSQL database the portal under test uses (for steps with no UI yet). */
  databaseUrl: string;
  kafkaBrokers: string;
  /** Where the run's SMTP server keeps the messages it received (.eml files). */
  mailDir: string;
  oidc: {
    issuer: string;
    /** OIDC_NAME: the login page shows "Continue with <name>". */
    name: string;
    codeTtlSeconds: number;
    accounts: { email: string; name: string; password: string }[];
  };
}

export function harnessPath(port = scriptEnv().E2E_PORT): string {
  return `e2e/.auth/harness-${port}.json`;
}

export function readHarness(): E2eHarness {
  return JSON.parse(readFileSync(harnessPath(), "utf8")) as E2eHarness;
}
