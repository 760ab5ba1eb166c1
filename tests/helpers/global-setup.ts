// Vitest global set-up for the `integration` and `e2e` projects: build the site when its
// sources changed and prepare the template database (demo data imported once per run), so that
// test files running in parallel only copy a ready file. Runs once per project, one project after
// the other; the second run finds everything fresh and returns at once.
import fs from "node:fs";
import type { TestProject } from "vitest/node";
import { PREPARED_ENV, ensureBuilt, ensureTemplateDb } from "./server";
import { CHROMIUM_PATH, CHROMIUM_MISSING_MESSAGE } from "./browser";

export default async function setup(project: TestProject): Promise<void> {
  if (project?.name === "e2e" && !fs.existsSync(CHROMIUM_PATH)) {
    // Do not stop the run here: the e2e tests fail one by one with this message, and the unit
    // and integration tests still report. Say it early too.
    process.stderr.write(`\n*** ${CHROMIUM_MISSING_MESSAGE} ***\n\n`);
  }
  const started = Date.now();
  await ensureBuilt();
  await ensureTemplateDb();
  // Test workers start after this and inherit the environment: they use what is ready now.
  process.env[PREPARED_ENV] = "1";
  const s = (Date.now() - started) / 1000;
  if (s > 1) process.stderr.write(`[test-harness] global set-up (${project?.name ?? "?"}) took ${s.toFixed(1)} s\n`);
}
