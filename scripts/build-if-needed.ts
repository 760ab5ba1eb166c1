// Build the Remix app when the sources are newer than the build (so a second start is fast).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const SOURCES = ["app", "db", "search", "remix.config.js", "package.json", "package-lock.json"];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

export function buildIsStale(root = process.cwd()): boolean {
  const out = path.join(root, "build", "index.js");
  if (!fs.existsSync(out)) return true;
  const built = fs.statSync(out).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

export function buildIfNeeded(root = process.cwd(), log = console.log): void {
  if (!buildIsStale(root)) return;
  log("Building the site (remix build)…");
  const r = spawnSync(process.execPath, [path.join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (r.status !== 0) throw new Error("The build failed (see above).");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildIfNeeded();
}
