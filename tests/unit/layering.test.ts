// The layering rules of decisions 0001 and 0050, checked on the source text:
// - a route never imports the database, prepares a statement or writes SQL;
// - only data modules (*.data.server.ts) and dialect files (*.sqlite.ts, *.postgres.ts) touch
//   `db.sqlite` or call `.prepare(` (issue 10 moved every other file; keep it so);
// - settings are read from the environment only in app/config.server.ts;
// - the modules under app/ and search/ import one another without cycles.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");


const SOURCE = /\.(ts|tsx)$/;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(path.join(ROOT, d), { withFileTypes: true })) {
      const rel = `${d}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (SOURCE.test(e.name)) out.push(rel);
    }
  };
  walk(dir);
  return out.sort();
}

const FILES = [...filesUnder("app"), ...filesUnder("search")];
const text = new Map(FILES.map((f) => [f, fs.readFileSync(path.join(ROOT, f), "utf8")]));

/** Every module specifier a file imports or re-exports (static, side-effect and dynamic imports). */
function specifiers(source: string): string[] {
  const out: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?[\w*{}\s,$]+?\s+from\s+["']([^"']+)["']/g,
    /\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s+from\s+["']([^"']+)["']/g,
    /\bimport\s+["']([^"']+)["']/g,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) out.push(m[1]);
  return out;
}

/** The repository-relative file a specifier names, or null for a package. */
function resolve(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("~/")) base = path.posix.join("app", spec.slice(2));
  else if (spec.startsWith(".")) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    const full = path.join(ROOT, candidate);
    if (fs.existsSync(full) && fs.statSync(full).isFile()) return candidate;
  }
  return base;
}

const isDataModule = (f: string) => f.endsWith(".data.server.ts");
const isDialectFile = (f: string) => /\.(sqlite|postgres)\.ts$/.test(f);
const TOUCHES_DB = /\.prepare\(|db\.sqlite/;

describe("layering", () => {
  it("routes never import the database, prepare statements or write SQL", () => {
    const problems: string[] = [];
    for (const f of FILES.filter((f) => f.startsWith("app/routes/"))) {
      const src = text.get(f)!;
      for (const spec of specifiers(src)) {
        const target = resolve(f, spec);
        if (target && (target === "db" || target.startsWith("db/"))) problems.push(`${f} imports ${spec}`);
      }
      if (/\.prepare\(/.test(src)) problems.push(`${f} calls .prepare(`);
      if (/\bsql`/.test(src)) problems.push(`${f} writes SQL with sql\``);
      if (/db\.sqlite/.test(src)) problems.push(`${f} uses db.sqlite`);
    }
    expect(problems).toEqual([]);
  });

  it("only data modules and dialect files touch db.sqlite or call .prepare(", () => {
    const offenders = FILES.filter((f) => !isDataModule(f) && !isDialectFile(f) && TOUCHES_DB.test(text.get(f)!));
    expect(offenders).toEqual([]);
  });

  it("only app/config.server.ts reads process.env (app/, search/, db/ and the web server)", () => {
    const files = [...FILES, ...filesUnder("db"), "scripts/server.ts", "scripts/server-guards.ts"];
    const offenders = files.filter((f) => f !== "app/config.server.ts" && /process\.env/.test(fs.readFileSync(path.join(ROOT, f), "utf8")));
    expect(offenders).toEqual([]);
  });

  it("no import cycles among app/ and search/", () => {
    const graph = new Map<string, string[]>();
    for (const f of FILES) {
      const deps = specifiers(text.get(f)!)
        .map((s) => resolve(f, s))
        .filter((t): t is string => t !== null && text.has(t) && t !== f);
      graph.set(f, [...new Set(deps)]);
    }
    expect(cycles(graph)).toEqual([]);
  });
});

/** One cycle per strongly connected component of more than one file (Tarjan), as "a → b → a". */
function cycles(graph: Map<string, string[]>): string[] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1) components.push(c);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return components.map((c) => {
    const members = new Set(c);
    const start = [...c].sort()[0];
    return `${c.length} files: ${pathBack(graph, members, start).join(" → ")}`;
  });
}

/** A shortest path from `start` back to itself inside one component (breadth first). */
function pathBack(graph: Map<string, string[]>, members: Set<string>, start: string): string[] {
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const between: string[] = [];
        for (let x: string | undefined = v; x !== undefined && x !== start; x = prev.get(x)) between.unshift(x);
        return [start, ...between, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}
