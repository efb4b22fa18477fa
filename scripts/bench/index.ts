/** npm run bench -- <name>: benchmark scripts that print numbers (never timed assertions in tests). */
import { benchAccess } from "./access";
import { benchCatalog } from "./catalog";
import { benchLineage } from "./lineage";
import { benchMcp } from "./mcp";
import { benchMonitor } from "./monitor";
import { benchNotify } from "./notify";
import { benchPolicies } from "./policies";
import { benchPublish } from "./publish";
import { benchSearch } from "./search";
import { benchSecurity } from "./security";
import { benchTail } from "./tail";

const BENCHES: Record<string, () => Promise<void>> = {
  access: benchAccess,
  catalog: benchCatalog,
  lineage: benchLineage,
  mcp: benchMcp,
  monitor: benchMonitor,
  notify: benchNotify,
  policies: benchPolicies,
  publish: benchPublish,
  search: benchSearch,
  security: benchSecurity,
  tail: benchTail,
};

async function main(): Promise<void> {
  // Names come first; `--flag [value]` options after them belong to the benchmarks.
  const args = process.argv.slice(2);
  const firstOption = args.findIndex((a) => a.startsWith("--"));
  const names = firstOption === -1 ? args : args.slice(0, firstOption);
  const unknown = names.filter((n) => !(n in BENCHES));
  if (names.length === 0 || unknown.length > 0) {
    console.error(
      `usage: npm run bench -- <${Object.keys(BENCHES).join("|")}> …${unknown.length ? `  (unknown: ${unknown.join(", ")})` : ""}`,
    );
    process.exit(2);
  }
  for (const name of names) await BENCHES[name]!();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
