/** npm run bench -- <name>: benchmark scripts that print numbers (never timed assertions in tests). */
import { benchCatalog } from "./catalog";

const BENCHES: Record<string, () => Promise<void>> = {
  catalog: benchCatalog,
};

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const unknown = names.filter((n) => !(n in BENCHES));
  if (names.length === 0 || unknown.length > 0) {
    console.error(`usage: npm run bench -- <${Object.keys(BENCHES).join("|")}> …${unknown.length ? `  (unknown: ${unknown.join(", ")})` : ""}`);
    process.exit(2);
  }
  for (const name of names) await BENCHES[name]!();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
