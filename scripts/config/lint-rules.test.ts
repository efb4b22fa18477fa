// The architecture rules in eslint.config.mjs fail when broken on purpose: each case lints a
// small source as if it lived at `filePath` and expects the named rule to refuse it.
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, "../..") });

async function rulesBroken(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe("lint encodes the layers", () => {
  it("refuses infrastructure importing a domain", async () => {
    expect(
      await rulesBroken("lib/db/probe.ts", 'export { findDataProducts } from "@/lib/catalog/queries";\n'),
    ).toContain("boundaries/dependencies");
  });

  it("refuses a domain importing the demo mesh, a page or a component", async () => {
    for (const target of ["@/lib/demo/mesh", "@/app/(portal)/page", "@/components/inline-code"]) {
      expect(await rulesBroken("lib/catalog/probe.ts", `export * from "${target}";\n`), target).toContain(
        "boundaries/dependencies",
      );
    }
  });

  it("refuses a test importing benchmark code", async () => {
    expect(
      await rulesBroken(
        "lib/catalog/probe.int.test.ts",
        'export { benchSearch } from "@/scripts/bench/search";\n',
      ),
    ).toContain("boundaries/dependencies");
  });

  it("lets a domain use the layers below it", async () => {
    expect(
      await rulesBroken(
        "lib/access/probe.ts",
        'export { env } from "@/lib/core/env";\nexport { db } from "@/lib/db/server";\nexport { recordChange } from "@/lib/events/record";\n',
      ),
    ).toEqual([]);
  });

  it("keeps process.env in the env modules and kafkajs in lib/kafka", async () => {
    expect(
      await rulesBroken("lib/tail/probe.ts", "export const brokers = process.env.KAFKA_BROKERS;\n"),
    ).toContain("no-restricted-properties");
    expect(await rulesBroken("lib/tail/probe.ts", 'export { Kafka } from "kafkajs";\n')).toContain(
      "no-restricted-imports",
    );
    expect(await rulesBroken("lib/kafka/probe.ts", 'export { Kafka } from "kafkajs";\n')).toEqual([]);
  });

  it("allows default exports only where Next or a tool requires them", async () => {
    const source = "export default function Thing() {\n  return null;\n}\n";
    expect(await rulesBroken("components/probe.tsx", source)).toContain("no-restricted-exports");
    expect(await rulesBroken("app/(portal)/probe/page.tsx", source)).toEqual([]);
  });
});
