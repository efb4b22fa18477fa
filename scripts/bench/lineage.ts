/**
 * npm run bench -- lineage — the lineage graph at mesh scale:
 * - elkjs layout (lib/lineage/layout.ts) of 1,000 nodes / 1,500 edges in 10 domains, warm, and
 *   a repeat view through the graph-hash cache; 5,000 nodes;
 * - the lineage API's recursive query for a 1,000-node neighbourhood, on a scratch PostgreSQL
 *   database with a synthetic mesh of products and input ports;
 * - the mesh map of 10,000 products in 40 domains: at the domain level, and with domains expanded.
 */
import { ANY_USER } from "@/lib/catalog/permissions";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import ELK from "elkjs/lib/elk.bundled.js";
import pg from "pg";
import { openDatabase, type Database } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { LayoutCache, layoutGraph } from "@/lib/lineage/layout";
import { elkThreadPool } from "@/lib/lineage/thread-pool";
import { getLineage, getMeshMap } from "@/lib/lineage/queries";
import { MAX_DEPTH } from "@/lib/lineage/schemas";
import { syntheticLineage } from "@/lib/lineage/synthetic";
import { createScratchDatabase, dropDatabase, ensurePostgres } from "../lib/postgres";
import { measure, percentile, printTimings, type Timing } from "./stats";
import { childEnv } from "@/lib/core/env";
import { scriptEnv } from "../config/env";

async function once(name: string, fn: () => Promise<unknown>): Promise<Timing> {
  const start = performance.now();
  await fn();
  const ms = performance.now() - start;
  return { name, runs: 1, p50: ms, p95: ms, max: ms };
}

async function benchLayout(): Promise<void> {
  const elk = new ELK();
  const g1000 = syntheticLineage(1000, 1500, 10);
  const g5000 = syntheticLineage(5000, 7500, 20);
  const cache = new LayoutCache();
  const cold = await once("1,000 nodes / 1,500 edges, 10 domains — cold, one thread", () =>
    layoutGraph(elk, g1000),
  );
  // elkjs (GWT-compiled Java) needs a few runs before the JIT has compiled its hot paths.
  const warm = await measure(
    "1,000 nodes / 1,500 edges, 10 domains — warm, one thread",
    () => layoutGraph(elk, g1000),
    20,
    8,
  );
  await cache.get(elk, g1000);
  const repeat = await measure("same graph again (cache by graph hash)", () => cache.get(elk, g1000), 200, 5);
  const threads = elkThreadPool(2);
  try {
    const pooledCold = await once("1,000 nodes — cold, 2 worker threads (as the browser)", () =>
      layoutGraph(threads.pool, g1000),
    );
    const pooled = await measure(
      "1,000 nodes — warm, 2 worker threads (as the browser)",
      () => layoutGraph(threads.pool, g1000),
      20,
      8,
    );
    const big = await measure(
      "5,000 nodes / 7,500 edges, 20 domains — 2 worker threads",
      () => layoutGraph(threads.pool, g5000),
      3,
      1,
    );
    printTimings(
      "elkjs layout (Node; the browser shares domains out over one Web Worker per core, up to 4)",
      [cold, warm, repeat, pooledCold, pooled, big],
    );
  } finally {
    await threads.close();
  }
}

/**
 * Products in chains and fans across domains, linked by input ports: one big connected
 * neighbourhood. Product i is in domain i % domains. With `local`, that share of the flows stays
 * within a domain and the rest comes from the three domains before it; without, sources are random.
 */
async function seedLineageMesh(
  url: string,
  products: number,
  { domains = 10, local }: { domains?: number; local?: number } = {},
): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: d } = await client.query<{ id: string }>(
      `INSERT INTO domains (id, slug, name) SELECT gen_random_uuid(), 'd' || i, 'Domain ' || i FROM generate_series(0, $1 - 1) i ORDER BY i RETURNING id`,
      [domains],
    );
    const { rows: t } = await client.query<{ id: string }>(
      `INSERT INTO teams (id, slug, name, kafka_principal, domain_id) SELECT gen_random_uuid(), 't' || i, 'Team ' || i, 'User:t' || i, ($1::uuid[])[i + 1] FROM generate_series(0, $2 - 1) i ORDER BY i RETURNING id`,
      [d.map((r) => r.id), domains],
    );
    // A layered mesh (15 layers, each product reading 3–4 products of the layer before), so a
    // product in the middle has about a thousand products upstream and downstream of it.
    const perLayer = Math.ceil(products / 15);
    const edges: { source: string; target: string }[] = [];
    let seed = 11;
    const random = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 4294967296;
    };
    for (let i = perLayer; i < products; i++) {
      const layerStart = Math.floor(i / perLayer) * perLayer - perLayer;
      for (let k = 0; k < 3 + (random() < 0.5 ? 1 : 0); k++) {
        let source = layerStart + Math.floor(random() * perLayer);
        // Within i's domain, or else one of the three domains after it (a mesh's flows are
        // not a complete graph of domains: each reads from a few others).
        if (local !== undefined) {
          const offset = random() < local ? 0 : 1 + Math.floor(random() * 3);
          source += (((i - offset - source) % domains) + domains) % domains;
          if (source >= layerStart + perLayer) source -= domains;
        }
        edges.push({ source: `n${source}`, target: `n${i}` });
      }
    }
    const graph = { edges };
    await client.query(
      `INSERT INTO data_products (id, slug, name, kind, updated_at, domain_id, owner_team_id)
       SELECT gen_random_uuid(), 'p' || i, 'Product ' || i, 'AGGREGATE', now(), ($1::uuid[])[i % $4 + 1], ($2::uuid[])[i % $4 + 1] FROM generate_series(0, $3 - 1) i`,
      [d.map((r) => r.id), t.map((r) => r.id), products, domains],
    );
    await client.query(
      `INSERT INTO output_ports (id, product_id, name, type, address, updated_at) SELECT gen_random_uuid(), p.id, 'out', 'KAFKA_TOPIC', p.slug || '.v1', now() FROM data_products p`,
    );
    const sources = graph.edges.map((e) => `p${e.source.slice(1)}`);
    const targets = graph.edges.map((e) => `p${e.target.slice(1)}`);
    await client.query(
      `INSERT INTO input_ports (id, product_id, output_port_id)
       SELECT gen_random_uuid(), tp.id, op.id FROM unnest($1::text[], $2::text[]) AS x(s, t)
         JOIN data_products sp ON sp.slug = x.s JOIN output_ports op ON op.product_id = sp.id JOIN data_products tp ON tp.slug = x.t
       ON CONFLICT DO NOTHING`,
      [sources, targets],
    );
    await client.query("VACUUM ANALYZE");
  } finally {
    await client.end();
  }
}

/**
 * A scratch database with the synthetic lineage mesh, handed to `fn`, then dropped (kept with
 * `--keep`, to look at the plans).
 */
async function withLineageMesh(
  name: string,
  products: number,
  seed: Parameters<typeof seedLineageMesh>[2],
  fn: (database: Database) => Promise<void>,
): Promise<void> {
  await ensurePostgres();
  const scratch = await createScratchDatabase(name);
  const database = await openDatabase({ url: scratch.url });
  try {
    await database.withSession((s) => applyMigrations(s));
    await seedLineageMesh(scratch.url, products, seed);
    await fn(database);
  } finally {
    await database.close();
    if (process.argv.includes("--keep")) console.log(`kept ${scratch.url}`);
    else await dropDatabase(scratch.name);
  }
}

async function benchQuery(): Promise<void> {
  await withLineageMesh("meshport_bench_lineage", 2000, {}, async (database) => {
    const root = "p1005"; // a product in the middle layer
    const all = await getLineage(database.prisma, ANY_USER, root, MAX_DEPTH, MAX_DEPTH);
    const timings = [
      await measure(
        `neighbourhood of ${root}, all hops (${all.nodes.length} nodes, ${all.edges.length} edges)`,
        () => getLineage(database.prisma, ANY_USER, root, MAX_DEPTH, MAX_DEPTH),
        100,
        10,
      ),
      await measure(
        "same root, 2 up / 2 down",
        () => getLineage(database.prisma, ANY_USER, root, 2, 2),
        100,
        10,
      ),
    ];
    printTimings("Lineage API query (PostgreSQL, recursive CTE, 2,000 products)", timings);
  });
}

/** The mesh map's query at 10,000 products: the domain level (the default), then domains expanded on demand. */
async function benchMap(): Promise<void> {
  const products = 10_000;
  // 40 domains of 250 products, 80 % of the flows within a domain (as a mesh grows: most data
  // stays in its domain, aggregates read across).
  await withLineageMesh(
    "meshport_bench_lineage_map",
    products,
    { domains: 40, local: 0.8 },
    async (database) => {
      const cases: [string, string[] | undefined][] = [
        ["domain level, the default", undefined],
        ["one domain expanded", ["d7"]],
        ["three domains expanded", ["d7", "d8", "d21"]],
      ];
      const timings = [];
      for (const [label, expand] of cases) {
        const g = await getMeshMap(database.prisma, ANY_USER, expand);
        timings.push(
          await measure(
            `${label} (${g.nodes.length} nodes, ${g.edges.length} edges, ${g.expanded.length} expanded)`,
            () => getMeshMap(database.prisma, ANY_USER, expand),
            50,
            5,
          ),
        );
      }
      const inputPorts = await database.prisma.inputPort.count();
      printTimings(
        `Mesh map query (PostgreSQL, ${products.toLocaleString("en")} products, ${inputPorts.toLocaleString("en")} input ports, 40 domains)`,
        timings,
      );
    },
  );
}

/** First paint of the laid-out graph after its data arrived, in headless Chromium on a production build. */
async function benchBrowser(): Promise<void> {
  await ensurePostgres();
  if (!existsSync(".next/BUILD_ID")) {
    const build = spawnSync("node_modules/.bin/next", ["build"], {
      stdio: "inherit",
      env: childEnv({ NEXT_TELEMETRY_DISABLED: "1" }),
    });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const scratch = await createScratchDatabase("meshport_bench_lineage_ui");
  const database = await openDatabase({ url: scratch.url });
  const port = 3293;
  const base = `http://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;
  const { chromium } = await import("@playwright/test");
  const browser = await chromium.launch({
    executablePath: scriptEnv().CHROMIUM_PATH,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  try {
    await database.withSession((s) => applyMigrations(s));
    await seedLineageMesh(scratch.url, 2000);
    await database.prisma.user.create({
      data: { email: "carol@meshport.dev", name: "Carol Mendes", role: "ADMIN" },
    });
    server = spawn("node_modules/.bin/next", ["start", "-p", String(port), "-H", "127.0.0.1"], {
      stdio: "ignore",
      env: childEnv({
        DATABASE_URL: scratch.url,
        MESHPORT_DEMO: "1",
        MESHPORT_BACKGROUND: "0",
        NEXTAUTH_URL: base,
        KAFKA_BROKERS: "127.0.0.1:1",
        NEXT_TELEMETRY_DISABLED: "1",
      }),
    });
    for (
      let i = 0;
      !(await fetch(`${base}/api/v1/health`).then(
        () => true,
        () => false,
      ));
      i++
    ) {
      if (i > 120) throw new Error("next start did not answer");
      await new Promise((r) => setTimeout(r, 500));
    }
    // A running server, not one just started: its elkjs threads warm up in the background first
    // (lib/lineage/server-layout.ts, ~2 s per thread here).
    await new Promise((r) => setTimeout(r, 8000));
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill("carol@meshport.dev");
    await page.getByLabel("Password").fill("demo");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByTestId("current-user").waitFor();
    const timings: Timing[] = [];
    for (const [label, query] of [
      ["default view (domains collapsed beyond 150 nodes)", "up=all&down=all"],
      ["all domains expanded", "up=all&down=all&expand=all"],
    ] as const) {
      const paint: number[] = [];
      const layoutMs: number[] = [];
      let nodes = "";
      for (let run = 0; run < 6; run++) {
        await page.goto(`${base}/products/p1005/lineage?${query}`);
        const status = page.locator("[data-testid=lineage-status][data-paint-ms]");
        await status.waitFor({ timeout: 30_000 });
        nodes = (await status.textContent()) ?? "";
        // The first view of a graph has the server lay it out; later views (any user) hit its cache.
        if (run === 0) {
          const first = Number(await status.getAttribute("data-paint-ms"));
          const firstLayout = Number(await status.getAttribute("data-layout-ms"));
          timings.push({
            name: `${label}: first view, data → painted`,
            runs: 1,
            p50: first,
            p95: first,
            max: first,
          });
          timings.push({
            name: `${label}: first view, of which layout`,
            runs: 1,
            p50: firstLayout,
            p95: firstLayout,
            max: firstLayout,
          });
          continue;
        }
        paint.push(Number(await status.getAttribute("data-paint-ms")));
        layoutMs.push(Number(await status.getAttribute("data-layout-ms")));
      }
      const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
      const p = sorted(paint);
      const l = sorted(layoutMs);
      timings.push({
        name: `${label}: later views, data → painted`,
        runs: p.length,
        p50: percentile(p, 50),
        p95: percentile(p, 95),
        max: p.at(-1)!,
      });
      timings.push({
        name: `${label}: later views, of which layout`,
        runs: l.length,
        p50: percentile(l, 50),
        p95: percentile(l, 95),
        max: l.at(-1)!,
      });
      console.log(`${label}: ${nodes.split(" · laid")[0]}`);
      // `-- --screenshot <dir>`: how the measured view looks (and a path highlighted in it).
      const shots = process.argv.indexOf("--screenshot");
      if (shots > 0) {
        const dir = process.argv[shots + 1]!;
        await page.screenshot({
          path: `${dir}/lineage-${query.includes("expand") ? "expanded" : "default"}.png`,
        });
        const cards = page.locator("[data-testid=lineage-node]");
        await cards.nth(0).click();
        await cards.nth(40).click({ modifiers: ["Shift"] });
        await page.getByRole("button", { name: "zoom in" }).click();
        await page.screenshot({
          path: `${dir}/lineage-${query.includes("expand") ? "expanded" : "default"}-path.png`,
        });
      }
    }
    printTimings("Lineage page in headless Chromium (production build, 1,006-node neighbourhood)", timings);
  } finally {
    await browser.close();
    server?.kill("SIGTERM");
    await database.close();
    await dropDatabase(scratch.name);
  }
}

export async function benchLineage(): Promise<void> {
  // `-- --only layout|query|map|browser` runs one part.
  const only = process.argv[process.argv.indexOf("--only") + 1];
  if (!process.argv.includes("--only") || only === "layout") await benchLayout();
  if (!process.argv.includes("--only") || only === "query") await benchQuery();
  if (!process.argv.includes("--only") || only === "map") await benchMap();
  if (!process.argv.includes("--only") || only === "browser") await benchBrowser();
}
