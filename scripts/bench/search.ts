/**
 * npm run bench -- search — ranked top-20 search at catalog scale: generates a synthetic mesh
 * (default 100,000 products; `--products N`) into a scratch PostgreSQL database, then reports
 * p50/p95 per query class (rare, medium and very common terms, prefix, fuzzy, with facets) and
 * the product page's server render (a production `next start` against that database).
 * `--keep` keeps the generated database for the next run (it is reused when present).
 */
import { ANY_USER } from "@/lib/catalog/permissions";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import pg from "pg";
import { findPortAddressConflicts } from "@/lib/catalog/port-address";
import { findDataProducts } from "@/lib/catalog/search";
import { ProductSearchSchema, type ProductSearchInput } from "@/lib/catalog/schemas";
import { openDatabase } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { DEMO_PERSONAS } from "@/lib/demo/personas";
import { ADMIN_URL, dropDatabase, ensurePostgres } from "../lib/postgres";
import { measure, measureTwice, printTimings } from "./stats";
import { codenameCount, generateSyntheticMesh, SYNTHETIC_TERMS } from "../test-support/synthetic-mesh";
import { childEnv, portalKafkaServer, portalTopics } from "@/lib/core/env";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function prepareDatabase(products: number, keep: boolean): Promise<{ name: string; url: string }> {
  const name = `meshport_bench_search_${products}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const exists = (await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1;
  let ready = false;
  if (exists && keep) {
    const probe = new pg.Client({ connectionString: url.toString() });
    await probe.connect();
    const count = await probe
      .query<{ n: string }>("SELECT count(*) AS n FROM data_products")
      .catch(() => ({ rows: [{ n: "0" }] }));
    await probe.end();
    ready = Number(count.rows[0]?.n) === products;
  }
  if (!ready) {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  }
  await admin.end();
  const database = await openDatabase({ url: url.toString() });
  await database.withSession((s) => applyMigrations(s));
  if (!ready) {
    const started = performance.now();
    await generateSyntheticMesh(url.toString(), {
      products,
      onProgress: (done) =>
        process.stdout.write(
          `\rgenerating synthetic mesh: ${done.toLocaleString("en")} / ${products.toLocaleString("en")}`,
        ),
    });
    console.log(
      `\rgenerated ${products.toLocaleString("en")} products in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    // A persona to sign in as for the page render.
    const admin = DEMO_PERSONAS.find((p) => p.role === "ADMIN")!;
    await database.prisma.user.create({ data: { email: admin.email, name: admin.name, role: "ADMIN" } });
  } else {
    console.log(`reusing ${name} (${products.toLocaleString("en")} products)`);
  }
  await database.close();
  return { name, url: url.toString() };
}

const MISSPELLINGS = [
  "paymnet",
  "custmer",
  "shipmnet",
  "invocie",
  "warehuose",
  "subscripton",
  "recomendation",
  "notifcation",
];
const PREFIXES = ["cust", "pay", "ship", "inv", "ware", "sub", "rec", "noti"];

async function benchQueries(url: string, products: number): Promise<void> {
  const database = await openDatabase({ url });
  const search = (input: ProductSearchInput) =>
    findDataProducts(database.prisma, ANY_USER, ProductSearchSchema.parse(input));
  const sizes = {
    rare: (await search({ q: SYNTHETIC_TERMS.rare(1) })).total,
    medium: await search({ q: SYNTHETIC_TERMS.medium }),
    common: await search({ q: SYNTHETIC_TERMS.veryCommon }),
  };
  console.log(
    `\nmatches: rare ${sizes.rare} · medium ${sizes.medium.total}${sizes.medium.totalCapped ? "+" : ""} · very common ${sizes.common.total}${sizes.common.totalCapped ? "+" : ""} (of ${products.toLocaleString("en")})`,
  );
  const domain = sizes.common.facets.domain[0]!.value;
  const timings = [
    await measureTwice(`rare term (codename, ~10 matches)`, (i) =>
      search({ q: SYNTHETIC_TERMS.rare((i * 37) % codenameCount(products)) }),
    ),
    await measure(`medium term: ${SYNTHETIC_TERMS.medium}`, () => search({ q: SYNTHETIC_TERMS.medium })),
    await measure(`very common term: ${SYNTHETIC_TERMS.veryCommon}`, () =>
      search({ q: SYNTHETIC_TERMS.veryCommon }),
    ),
    await measure(`prefix while typing: ${PREFIXES.join("|")}`, (i) =>
      search({ q: PREFIXES[i % PREFIXES.length]! }),
    ),
    await measure(`two words: customer email`, () => search({ q: "customer email" })),
    await measure(`fuzzy: ${MISSPELLINGS.slice(0, 3).join("|")}…`, (i) =>
      search({ q: MISSPELLINGS[i % MISSPELLINGS.length]! }),
    ),
    await measure(`medium + facets (kind, port type)`, () =>
      search({ q: SYNTHETIC_TERMS.medium, kind: ["SOURCE_ALIGNED"], portType: ["KAFKA_TOPIC"] }),
    ),
    await measure(`very common + facets (domain, kind)`, () =>
      search({ q: SYNTHETIC_TERMS.veryCommon, domain: [domain], kind: ["AGGREGATE"] }),
    ),
    await measure(`medium, sorted by name`, () => search({ q: SYNTHETIC_TERMS.medium, sort: "name" })),
    await measure(`browse (no query), page 3`, () => search({ page: 3 })),
  ];
  printTimings(
    `findDataProducts — top 20 with facets, ${products.toLocaleString("en")} products (PostgreSQL, adapter-pg)`,
    timings,
  );

  // The start-up address report runs beside the first requests of every instance: its time, and
  // the longest the event loop (which serves those requests) waited meanwhile.
  const ports = await database.prisma.outputPort.count();
  const stall = monitorEventLoopDelay({ resolution: 10 });
  stall.enable();
  const report = await measure(
    `start-up address report (${ports.toLocaleString("en")} ports)`,
    () => findPortAddressConflicts(database.prisma, portalKafkaServer(), portalTopics()),
    5,
    1,
  );
  stall.disable();
  printTimings("Start-up port-address report", [report]);
  console.log(`longest event-loop stall while it ran: ${(stall.max / 1e6).toFixed(0)} ms`);
  await database.close();
}

function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) =>
    child.exitCode !== null ? resolve() : child.once("exit", () => resolve()),
  );
}

/** Product page render by a production server: time to the last byte of the HTML, signed in. */
async function benchProductPage(url: string, products: number): Promise<void> {
  if (!existsSync(".next/BUILD_ID")) {
    console.log("\nbuilding the app for the page benchmark (next build) …");
    const build = spawnSync("node_modules/.bin/next", ["build"], {
      stdio: "inherit",
      env: childEnv({ NEXT_TELEMETRY_DISABLED: "1" }),
    });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const port = 3291;
  const base = `http://127.0.0.1:${port}`;
  const server = spawn("node_modules/.bin/next", ["start", "-p", String(port), "-H", "127.0.0.1"], {
    stdio: "ignore",
    env: childEnv({
      DATABASE_URL: url,
      MESHPORT_DEMO: "1",
      NEXTAUTH_URL: base,
      KAFKA_BROKERS: "127.0.0.1:1",
      NEXT_TELEMETRY_DISABLED: "1",
    }),
  });
  try {
    for (let i = 0; ; i++) {
      const ok = await fetch(`${base}/api/v1/health`).then(
        () => true,
        () => false,
      );
      if (ok) break;
      if (i > 120) throw new Error("next start did not answer");
      await new Promise((r) => setTimeout(r, 500));
    }
    const cookie = await signIn(base);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const slugs = // A sample of pages, not ORDER BY random() over the table: a scan of the whole table
      // would push out of the cache what the searches before it read.
      (
        await client.query<{ slug: string }>(
          `SELECT slug FROM data_products TABLESAMPLE SYSTEM (${Math.min(100, 150_000 / products)}) ORDER BY random() LIMIT 300`,
        )
      ).rows.map((r) => r.slug);
    await client.end();
    const timing = await measureTwice("product page (GET /products/{slug}, HTML)", async (i) => {
      const res = await fetch(`${base}/products/${slugs[i % slugs.length]}`, { headers: { cookie } });
      const html = await res.text();
      if (res.status !== 200 || !html.includes("Output ports"))
        throw new Error(`product page answered ${res.status}`);
    });
    printTimings("Product page server render — production build, signed in", [timing]);
  } finally {
    server.kill("SIGTERM");
    await waitForExit(server);
  }
}

async function signIn(base: string): Promise<string> {
  const persona = DEMO_PERSONAS.find((p) => p.role === "ADMIN")!;
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = csrfRes.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await fetch(`${base}/api/auth/callback/demo`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email: persona.email, password: "demo", json: "true" }),
  });
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c?.includes("session-token"));
  if (!session) throw new Error(`sign-in failed (${res.status})`);
  return session;
}

export async function benchSearch(): Promise<void> {
  const products = Number(option("--products") ?? 100_000);
  const keep = process.argv.includes("--keep");
  await ensurePostgres();
  const db = await prepareDatabase(products, keep);
  try {
    await benchQueries(db.url, products);
    if (!process.argv.includes("--no-page")) await benchProductPage(db.url, products);
  } finally {
    if (!keep) await dropDatabase(db.name);
  }
}
