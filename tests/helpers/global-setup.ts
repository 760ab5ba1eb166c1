// Vitest global set-up for the `integration` and `e2e` projects: build the site when its
// sources changed and prepare the template database (demo data imported once per run), so that
// test files running in parallel only copy a ready file. Runs once per project, one project after
// the other; the second run finds everything fresh and returns at once.
//
// If the build or the import fails, the run goes on: the unit tests still run, every
// startTestServer() throws the set-up error (so those test files fail, saying why), and vitest
// still prints its summary of passed and failed tests.
import fs from "node:fs";
import type { TestProject } from "vitest/node";
import { PREPARED_ENV, SETUP_ERROR_ENV, ensureBuilt, ensureTemplateDb } from "./server";
import { CHROMIUM_PATH, CHROMIUM_MISSING_MESSAGE } from "./browser";

export default async function setup(project: TestProject): Promise<void> {
  if (project?.name === "e2e" && !fs.existsSync(CHROMIUM_PATH)) {
    // Do not stop the run here: the e2e tests fail one by one with this message, and the unit
    // and integration tests still report. Say it early too.
    process.stderr.write(`\n*** ${CHROMIUM_MISSING_MESSAGE} ***\n\n`);
  }
  if (process.env[SETUP_ERROR_ENV]) return; // already failed for the other project
  const started = Date.now();
  try {
    await ensureBuilt();
    await ensureTemplateDb();
  } catch (e) {
    const message = e instanceof Error ? `${e.message}${e.stack ? `\n${e.stack.split("\n").slice(1, 6).join("\n")}` : ""}` : String(e);
    process.stderr.write(`\n*** The test set-up (build and demo database) FAILED; integration and e2e tests will fail:\n${message}\n\n`);
    process.env[SETUP_ERROR_ENV] = message;
    return;
  }
  // Test workers start after this and inherit the environment: they use what is ready now.
  process.env[PREPARED_ENV] = "1";
  const s = (Date.now() - started) / 1000;
  if (s > 1) process.stderr.write(`[test-harness] global set-up (${project?.name ?? "?"}) took ${s.toFixed(1)} s\n`);
}
