// `npm test`: every test — unit, integration (real HTTP against the built site) and end-to-end
// (headless Chromium) — with `vitest run`. Streams vitest's output, ends with its summary line
// ("Tests  N passed (N)"), and exits non-zero on any failure. Extra arguments go to vitest,
// e.g. `npm test -- --project unit` or `npm test -- tests/integration/api.test.ts`.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const args = process.argv.slice(2);
const started = Date.now();

const missingChromium = !fs.existsSync(chromium);
if (missingChromium) {
  // Not a skip: the e2e tests will fail, each with this message.
  console.error(
    `\n*** Chromium is missing at ${chromium}: the end-to-end tests will FAIL. Install it with: apt-get install -y chromium ***\n`,
  );
}

const vitest = path.join(root, "node_modules", "vitest", "vitest.mjs");
const child = spawn(process.execPath, [vitest, "run", ...args], {
  cwd: root,
  stdio: "inherit",
  env: process.env,
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => child.kill(signal));
}

// vitest's own summary ("Test Files …", "Tests  N passed | M failed", "Duration …") stays the
// last thing printed, unless Chromium is missing or vitest was stopped by a signal.
child.on("exit", (code, signal) => {
  if (signal) console.error(`\nvitest was stopped by ${signal} after ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  if (missingChromium) console.error(`\n*** Chromium is missing: run apt-get install -y chromium, then npm test again. ***`);
  const status = code ?? 1;
  process.exit(status === 0 && missingChromium ? 1 : status);
});
