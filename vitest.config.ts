import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  // Server modules guard against client bundles with `server-only`; tests are server code.
  "server-only": path.resolve(import.meta.dirname, "scripts/test-support/server-only-stub.ts"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          environment: "node",
          include: ["{lib,components,app,scripts}/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          environment: "node",
          include: ["{lib,app,scripts}/**/*.int.test.ts"],
          exclude: ["**/node_modules/**"],
          globalSetup: ["scripts/test-support/integration-setup.ts"],
          // One real PostgreSQL database and one broker per run: files run one at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
