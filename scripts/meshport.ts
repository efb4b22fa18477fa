/**
 * npm run meshport -- <command>: product as code. Keep a data product and its contracts in git
 * as one YAML file (an ODPS 1.0 product, then each output port's ODCS contract, `---` separated)
 * and let the portal show and apply what the file changes.
 *
 *   npm run meshport -- export <slug> [-o product.yaml]   the product as it is, ready to commit
 *   npm run meshport -- plan -f product.yaml              what applying the file would change
 *   npm run meshport -- apply -f product.yaml             apply it (all parts checked first)
 *
 * Talks to MESHPORT_URL (default http://localhost:3000) with MESHPORT_TOKEN, a personal access
 * token (Account → Access tokens, scopes catalog:write and catalog:publish). Exit codes: 0 done
 * (plan: nothing to change), 2 plan found changes, 1 refused or failed.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { scriptEnv } from "./config/env";

interface Change {
  field: string;
  before: string;
  after: string;
}
interface ContractPart {
  index: number;
  applied: boolean;
  preview: {
    contractId: string | null;
    match: { by: string; portName: string; address: string } | null;
    contract: Change[];
    port: {
      action: string;
      changes: string[];
      schema: { fromVersion: number | null; toVersion: number | null };
    } | null;
    violations: string[];
  };
}
interface ImportResult {
  applied: boolean;
  product: { slug: string; action: string; changes: Change[]; notes: string[] };
  contracts: ContractPart[];
}

function usage(): never {
  console.error("usage: npm run meshport -- export <slug> [-o file] | plan -f <file> | apply -f <file>");
  process.exit(1);
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const { MESHPORT_URL, MESHPORT_TOKEN } = scriptEnv();
  if (!MESHPORT_TOKEN) {
    console.error("Set MESHPORT_TOKEN to a personal access token (Account → Access tokens in the portal).");
    process.exit(1);
  }
  const res = await fetch(new URL(path, MESHPORT_URL), {
    ...init,
    headers: { authorization: `Bearer ${MESHPORT_TOKEN}`, ...(init.headers ?? {}) },
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    console.error(`${res.status} ${body?.error?.code ?? ""}: ${body?.error?.message ?? res.statusText}`);
    process.exit(1);
  }
  return res;
}

const short = (text: string) => (text.length > 70 ? `${text.slice(0, 67)}…` : text);

function print(result: ImportResult): number {
  let changes = 0;
  const p = result.product;
  console.log(`product ${p.slug}: ${p.action}`);
  for (const c of p.changes) {
    changes++;
    console.log(`  ~ ${c.field}: ${short(c.before)} → ${short(c.after)}`);
  }
  if (p.action === "create") changes++;
  for (const n of p.notes) console.log(`  ! ${n}`);
  for (const c of result.contracts) {
    const v = c.preview;
    const where = v.match
      ? v.match.by === "new-port"
        ? `new port ${v.match.portName || "(from the contract)"}`
        : `port ${v.match.portName} (${v.match.address}, by ${v.match.by})`
      : "no port";
    console.log(`contract ${c.index + 1}${v.contractId ? ` ${v.contractId}` : ""} → ${where}`);
    for (const ch of v.contract) {
      changes++;
      console.log(`  ~ ${ch.field}: ${short(ch.before)} → ${short(ch.after)}`);
    }
    if (v.port && v.port.action !== "unchanged") {
      changes++;
      console.log(
        `  ~ port ${v.port.action}${v.port.changes.length ? `: ${v.port.changes.join("; ")}` : ""}`,
      );
      if (v.port.schema.toVersion !== v.port.schema.fromVersion)
        console.log(`  ~ schema v${v.port.schema.fromVersion ?? "–"} → v${v.port.schema.toVersion}`);
    }
    for (const violation of v.violations) console.log(`  ✗ ${violation}`);
  }
  return changes;
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  if (command === "export") {
    const slug = args[0];
    if (!slug || slug.startsWith("-")) usage();
    const odps = await (await call(`/api/v1/products/${encodeURIComponent(slug)}?format=odps`)).text();
    const contracts = await (await call(`/api/v1/products/${encodeURIComponent(slug)}/contract`)).text();
    const text = `${odps}---\n${contracts}`;
    const out = option(args, "-o");
    if (out) {
      writeFileSync(out, text);
      console.log(`wrote ${out}`);
    } else process.stdout.write(text);
    return;
  }
  if (command !== "plan" && command !== "apply") usage();
  const file = option(args, "-f");
  if (!file) usage();
  const body = readFileSync(file, "utf8");
  const res = await call(`/api/v1/products/import${command === "plan" ? "?dryRun=1" : ""}`, {
    method: "POST",
    headers: { "content-type": "application/yaml" },
    body,
  });
  const result = (await res.json()) as ImportResult;
  const changes = print(result);
  if (command === "plan") {
    console.log(
      changes === 0
        ? "\nNo changes: the portal matches the file."
        : `\n${changes} change(s). Apply with: npm run meshport -- apply -f ${file}`,
    );
    process.exit(changes === 0 ? 0 : 2);
  }
  console.log(`\nApplied.`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
