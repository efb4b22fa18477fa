// The architecture as lint rules (DEVELOPERS.md → "Layers"). `npm run lint` runs ESLint and
// Prettier's check; .ci/run runs it before the tests. Fix a violation, never disable the rule:
// a layer that needs something from above it needs that thing moved down.
import js from "@eslint/js";
import boundaries from "eslint-plugin-boundaries";
import prettier from "eslint-config-prettier";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

/** Lowest first. A layer may import its own kind and everything listed under it. */
const ELEMENTS = [
  // lib/core: errors, the environment, small shared helpers and Prisma's generated client: import nothing.
  {
    type: "core",
    pattern: ["lib/core/**", "lib/generated/**"],
    partialMatch: false,
  },
  // Infrastructure: the database, the broker, HTTP plumbing. Knows no domain.
  {
    type: "infra",
    pattern: ["lib/db/**", "lib/kafka/**", "lib/security/**", "lib/api/**"],
    partialMatch: false,
  },
  // Domains every other domain may use: who the caller is, and the portal's own event log.
  { type: "base-domain", pattern: ["lib/auth/**", "lib/events/**"], partialMatch: false },
  // The product's domains.
  {
    type: "domain",
    pattern: [
      "lib/catalog/**",
      "lib/contracts/**",
      "lib/access/**",
      "lib/tail/**",
      "lib/lineage/**",
      "lib/governance/**",
      "lib/publishing/**",
      "lib/org/**",
      "lib/monitor/**",
      "lib/notify/**",
    ],
    partialMatch: false,
  },
  // The route wrapper and the OpenAPI document built from the routes' specs.
  { type: "http", pattern: ["lib/http/**"], partialMatch: false },
  // The MCP server (/api/mcp): another way in to the domains, beside the REST routes.
  { type: "mcp", pattern: ["lib/mcp/**"], partialMatch: false },
  // Starts background work (outbox relay, grant scheduler) in the server process.
  { type: "runtime", pattern: ["lib/runtime/**"], partialMatch: false },
  // The demo mesh: a leaf that nothing in lib/ imports (tests may, to seed).
  { type: "demo", pattern: ["lib/demo/**"], partialMatch: false },
  { type: "components", pattern: ["components/**"], partialMatch: false },
  { type: "app", pattern: ["app/**"], partialMatch: false },
  // Script-only settings (zod, like lib/core/env.ts): scripts, specs and tool configs read them.
  { type: "script-config", pattern: ["scripts/config/**"], partialMatch: false },
  // Local services scripts and tests start: PostgreSQL, the Kafka broker, the demo producer.
  { type: "local-services", pattern: ["scripts/lib/**"], partialMatch: false },
  // What tests start and share (harness, SSE reader, synthetic mesh); benchmarks may use it too.
  { type: "test-support", pattern: ["scripts/test-support/**"], partialMatch: false },
  { type: "scripts", pattern: ["scripts/**"], partialMatch: false },
  { type: "e2e", pattern: ["e2e/**"], partialMatch: false },
];

const LIB_BELOW_DOMAINS = ["core", "infra"];
const DOMAINS = ["base-domain", "domain"];
const allow = (from, to) => ({
  from: { element: { types: { anyOf: [from].flat() } } },
  allow: { to: { element: { types: { anyOf: [to].flat() } } } },
});

const LAYER_POLICIES = [
  allow("core", ["core"]),
  allow("infra", ["core", "infra"]),
  allow("base-domain", [...LIB_BELOW_DOMAINS, "base-domain"]),
  allow("domain", [...LIB_BELOW_DOMAINS, ...DOMAINS]),
  allow("http", [...LIB_BELOW_DOMAINS, ...DOMAINS, "http"]),
  allow("mcp", [...LIB_BELOW_DOMAINS, ...DOMAINS, "http", "mcp"]),
  allow("runtime", [...LIB_BELOW_DOMAINS, ...DOMAINS, "runtime"]),
  allow("demo", [...LIB_BELOW_DOMAINS, ...DOMAINS, "demo"]),
  allow("components", [...LIB_BELOW_DOMAINS, ...DOMAINS, "components"]),
  allow("app", [...LIB_BELOW_DOMAINS, ...DOMAINS, "http", "mcp", "demo", "components", "app"]),
  allow("script-config", ["script-config"]),
  allow("local-services", [...LIB_BELOW_DOMAINS, "demo", "script-config", "local-services"]),
  allow("test-support", [
    ...LIB_BELOW_DOMAINS,
    ...DOMAINS,
    "runtime",
    "demo",
    "script-config",
    "local-services",
    "test-support",
  ]),
  allow("scripts", [
    ...LIB_BELOW_DOMAINS,
    ...DOMAINS,
    "runtime",
    "mcp",
    "demo",
    "script-config",
    "local-services",
    "test-support",
    "scripts",
  ]),
  allow("e2e", [...LIB_BELOW_DOMAINS, ...DOMAINS, "demo", "script-config", "test-support", "e2e"]),
  // Tests use the demo mesh to seed and the harness to start real services — not benchmarks.
  {
    from: { file: { categories: "test" } },
    allow: {
      to: { element: { types: { anyOf: ["demo", "script-config", "local-services", "test-support"] } } },
    },
  },
];

const SOURCES = ["**/*.ts", "**/*.tsx", "**/*.mjs"];

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".cache/**",
      ".data/**",
      "lib/generated/**",
      "next-env.d.ts",
      "scripts/prisma-migrate/node_modules/**",
      "test-results/**",
      "playwright-report/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: SOURCES,
    linterOptions: { reportUnusedDisableDirectives: "error" },
    languageOptions: {
      globals: {
        console: "readonly",
        process: "readonly",
        Buffer: "readonly",
        URL: "readonly",
        globalThis: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-undef": "off", // TypeScript checks names
      eqeqeq: ["error", "smart"],
      // A variable a cleanup handler reads before it is assigned stays `let`.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
      // Named exports only; Next's files that must default-export are exempted below.
      "no-restricted-exports": [
        "error",
        {
          restrictDefaultExports: {
            direct: true,
            named: true,
            defaultFrom: true,
            namedFrom: true,
            namespaceFrom: true,
          },
        },
      ],
      // Configuration goes through lib/core/env.ts (scripts: scripts/config/env.ts).
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Read configuration through lib/core/env.ts (scripts: scripts/config/env.ts).",
        },
      ],
      // Kafka clients come from lib/kafka (one factory, one set of deadlines).
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "kafkajs",
              message:
                "Use lib/kafka: createKafka or localKafka and the types from client-config.ts, withKafkaAdmin from admin.ts.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
  {
    files: SOURCES,
    plugins: { boundaries },
    settings: {
      "import/resolver": { typescript: { alwaysTryTypes: true, project: "./tsconfig.json" } },
      "boundaries/elements": ELEMENTS,
      "boundaries/files": [{ category: "test", pattern: ["**/*.test.ts", "**/*.int.test.ts", "e2e/**"] }],
      "boundaries/include": SOURCES,
      // Root files (instrumentation, proxy, tool configs) are entry points nothing imports.
      "boundaries/ignore": ["lib/generated/**", "*.ts", "*.mjs"],
    },
    rules: {
      "boundaries/dependencies": [2, { default: "disallow", policies: LAYER_POLICIES }],
      "boundaries/no-unknown-files": 2,
    },
  },
  // Where the rules above have their one sanctioned exception.
  {
    // instrumentation.ts: Next inlines process.env.NEXT_RUNTIME at build time; it must stay literal.
    files: ["lib/core/env.ts", "scripts/config/env.ts", "instrumentation.ts"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    files: ["lib/kafka/**"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    files: [
      "app/**/{page,layout,error,not-found,loading,global-error}.tsx",
      "*.config.ts",
      "*.config.mjs",
      "scripts/**/prisma.config.ts",
      "scripts/test-support/integration-setup.ts",
    ],
    rules: { "no-restricted-exports": "off" },
  },
  prettier,
);
