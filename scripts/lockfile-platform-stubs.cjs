#!/usr/bin/env node
// Completes package-lock.json with the platform-specific optional packages (e.g.
// @rollup/rollup-darwin-arm64) that a registry mirror without those packages leaves out.
//
// Why: npm 11's `npm ci` refuses a lockfile that lacks an entry for any optional dependency
// ("Missing: @rollup/rollup-android-arm-eabi@ from lock file"), while `npm install` through a
// mirror that answers 404 for other platforms' packages silently drops them. The entries added
// here only name the version, os, cpu and libc, so npm skips them on other platforms and never
// fetches them. Run after `npm install` changes the lockfile:
//
//   node scripts/lockfile-platform-stubs.cjs          (then check with: npm ci --dry-run)
const fs = require("node:fs");
const path = require("node:path");

const file = path.resolve(process.argv[2] || path.join(__dirname, "..", "package-lock.json"));
const lock = JSON.parse(fs.readFileSync(file, "utf8"));
const packages = lock.packages;
const PLATFORM =
  /(?:^|[-/])(android|darwin|freebsd|linux|openbsd|openharmony|win32|sunos|netbsd|aix)-(arm64|arm|x64|ia32|loong64|ppc64|riscv64|s390x|mips64el)(?:-(gnu|musl|msvc|eabi|gnueabihf|musleabihf|androideabi))?$/;

const added = [];
for (const [key, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    if (packages[key ? `${key}/node_modules/${name}` : `node_modules/${name}`] || packages[`node_modules/${name}`]) continue;
    const m = PLATFORM.exec(name);
    if (!m || !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec)) continue;
    const [, os, cpu, abi] = m;
    const stub = { version: spec, cpu: [cpu] };
    if (entry.dev) stub.dev = true;
    if (os === "linux" && abi && /gnu|musl/.test(abi)) stub.libc = [abi.startsWith("musl") ? "musl" : "glibc"];
    stub.optional = true;
    stub.os = [os];
    packages[`node_modules/${name}`] = stub;
    added.push(`${name}@${spec}`);
  }
}
if (added.length) {
  const sorted = {};
  for (const k of Object.keys(packages).sort((a, b) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b, "en")))) sorted[k] = packages[k];
  lock.packages = sorted;
  fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
}
console.log(added.length ? `Added ${added.length} platform entries: ${added.join(", ")}` : "Nothing to add.");
