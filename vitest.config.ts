import os from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Three projects (`vitest run --project unit|integration|e2e`):
// - unit:        tests/unit/**        pure code, in-process, fast.
// - integration: tests/integration/** real HTTP against the built site served by a child process
//                (tests/helpers/server.ts); global set-up builds and imports the demo data once.
// - e2e:         tests/e2e/**         headless Chromium against the same kind of server
//                (tests/helpers/browser.ts).
// Workers are forks: the integration and e2e workers mostly wait on their server and browser, so
// two run side by side even on a 2-core machine.
const workers = Math.max(2, Math.min(4, os.availableParallelism?.() ?? os.cpus().length));
const globalSetup = ["tests/helpers/global-setup.ts"];

export default defineConfig({
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  test: {
    pool: "forks",
    maxWorkers: workers,
    minWorkers: 1,
    testTimeout: 60000,
    hookTimeout: 120000,
    teardownTimeout: 30000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
          testTimeout: 60000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup,
          testTimeout: 30000,
          hookTimeout: 120000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup,
          setupFiles: ["tests/helpers/e2e-setup.ts"],
          testTimeout: 60000,
          hookTimeout: 120000,
        },
      },
    ],
  },
});
