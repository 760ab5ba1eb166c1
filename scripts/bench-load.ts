// The load check of `npm run bench` (issue 16): the built site served as in production
// (tsx scripts/serve.ts, its own process) and mixed reads sent to it over loopback from a second
// process, open loop: request i leaves at start + i / rate whether or not earlier ones have been
// answered, and its latency runs from that scheduled moment, so time spent queueing counts.
//
//   runLoadCheck({ dbPath, rate: 150, seconds: 30, seed: 42, log })  → LoadResult (from bench.ts)
//   tsx scripts/bench-load.ts --drive <baseUrl> <dbPath> <rate> <seconds> <seed>
//                             (the sending process; prints its LoadResult as JSON, last line)
//
// The mix: search (postcode, words, filters), asset pages and /api/assets/:id, map clusters,
// geocoding, a page of HSDS services and the home page. Errors: any answer that is not 2xx/3xx,
// and requests with no answer within 10 s (timeouts). Why open loop: docs/decisions/0008-how-the-benchmark-measures.md.
import { spawn } from "node:child_process";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const TIMEOUT_MS = 10_000;
export const LOAD_TARGET_P95_MS = 250;
export const LOAD_OPERATION = "load: mixed reads, open loop";

export interface LoadResult {
  rate: number;
  seconds: number;
  sent: number;
  answered: number;
  /** Answers per second over the run (first send to last answer). */
  achieved_rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Not 2xx/3xx, or no answer. */
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
  by_kind: Record<string, { n: number; p50: number; p95: number; errors: number }>;
}

// ------------------------------------------------------------------ the mix

const WORDS = ["football", "choir", "library", "garden", "walking", "carers", "youth", "swimming", "lunch", "book", "coffee", "advice", "dementia", "toddler", "food bank", "music", "park", "support", "café", "libary"];
const KINDS = ["community_group", "micro_enterprise", "universal_service", "place"];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Gen = { kind: string; weight: number; url: () => string };

/** The request mix, with inputs taken from the database being served. */
function mix(dbPath: string, seed: number): Gen[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  const ids = db.prepare("SELECT id FROM assets WHERE status = 'active' ORDER BY random() LIMIT 2000").pluck().all() as string[];
  const places = db.prepare("SELECT lat, lng FROM assets WHERE status = 'active' ORDER BY random() LIMIT 2000").all() as { lat: number; lng: number }[];
  const postcodes = db.prepare("SELECT postcode FROM postcodes ORDER BY random() LIMIT 2000").pluck().all() as string[];
  const services = db.prepare("SELECT COUNT(*) FROM assets WHERE status = 'active'").pluck().get() as number;
  db.close();
  if (!ids.length || !postcodes.length) throw new Error(`no assets or postcodes in ${dbPath}`);
  const r = rng(seed);
  const pick = <T>(list: T[]) => list[Math.floor(r() * list.length)];
  const enc = encodeURIComponent;
  const bbox = () => {
    const c = pick(places);
    const z = 10 + Math.floor(r() * 4);
    const degPerPx = 360 / (256 * 2 ** z);
    const w = 640 * degPerPx;
    const h = 400 * degPerPx * Math.cos((c.lat * Math.PI) / 180);
    return { z, bbox: [c.lng - w, c.lat - h, c.lng + w, c.lat + h].map((v) => v.toFixed(5)).join(",") };
  };
  const perPage = 20;
  return [
    { kind: "search: postcode", weight: 3, url: () => `/api/search?postcode=${enc(pick(postcodes))}&limit=20` },
    { kind: "search: postcode + words", weight: 2, url: () => `/api/search?postcode=${enc(pick(postcodes))}&q=${enc(pick(WORDS))}&limit=20` },
    { kind: "search: words", weight: 1, url: () => `/api/search?q=${enc(pick(WORDS))}&limit=20` },
    { kind: "search: filters", weight: 1, url: () => `/api/search?postcode=${enc(pick(postcodes))}&kind=${pick(KINDS)}&free=1&radius_km=10&limit=20` },
    { kind: "asset page", weight: 2, url: () => `/assets/${pick(ids)}` },
    { kind: "api asset", weight: 2, url: () => `/api/assets/${pick(ids)}` },
    {
      kind: "clusters",
      weight: 2,
      url: () => {
        const b = bbox();
        return `/api/clusters?bbox=${b.bbox}&zoom=${b.z}`;
      },
    },
    { kind: "geocode", weight: 1, url: () => `/api/geocode?postcode=${enc(pick(postcodes))}` },
    { kind: "hsds services", weight: 1, url: () => `/api/hsds/services?page=${1 + Math.floor(r() * Math.max(1, Math.min(50, services / perPage)))}&per_page=${perPage}` },
    { kind: "home page", weight: 1, url: () => "/" },
  ];
}

// ------------------------------------------------------------------ the sending process

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN);
const round = (n: number) => Math.round(n * 10) / 10;

async function drive(baseUrl: string, dbPath: string, rate: number, seconds: number, seed: number): Promise<LoadResult> {
  const gens = mix(dbPath, seed);
  const total = gens.reduce((s, g) => s + g.weight, 0);
  const r = rng(seed + 1);
  const choose = () => {
    let x = r() * total;
    for (const g of gens) if ((x -= g.weight) < 0) return g;
    return gens[0];
  };
  const url = new URL(baseUrl);
  // Enough connections that the client never holds a request back; keep-alive as browsers do.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const get = (p: string) =>
    new Promise<{ status: number; error?: string }>((resolve) => {
      const req = http.get({ host: url.hostname, port: url.port, path: p, agent, headers: { "Accept-Encoding": "gzip" } }, (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0 }));
        res.on("error", (e) => resolve({ status: 0, error: e.message }));
      });
      req.setTimeout(TIMEOUT_MS, () => {
        req.destroy();
        resolve({ status: 0, error: "timeout" });
      });
      req.on("error", (e) => resolve({ status: 0, error: e.message }));
    });

  // Warm-up, not measured: each kind a few times (the first request opens the database).
  for (let i = 0; i < 3; i++) for (const g of gens) await get(g.url());

  const n = Math.round(rate * seconds);
  const times: number[] = [];
  const byKind = new Map<string, { times: number[]; errors: number }>();
  const statuses: Record<string, number> = {};
  let errors = 0;
  let timeouts = 0;
  let lastAnswer = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now() + 50;
  let i = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      while (i < n && start + (i * 1000) / rate <= now) {
        const scheduled = start + (i * 1000) / rate;
        const g = choose();
        i++;
        pending.push(
          get(g.url()).then((res) => {
            const ms = performance.now() - scheduled;
            lastAnswer = performance.now();
            times.push(ms);
            const k = byKind.get(g.kind) ?? { times: [], errors: 0 };
            k.times.push(ms);
            const key = res.error === "timeout" ? "timeout" : res.status ? String(res.status) : "no answer";
            statuses[key] = (statuses[key] ?? 0) + 1;
            if (!(res.status >= 200 && res.status < 400)) {
              errors++;
              k.errors++;
              if (res.error === "timeout") timeouts++;
            }
            byKind.set(g.kind, k);
          }),
        );
      }
      if (i < n) setTimeout(tick, 1);
      else done();
    };
    setTimeout(tick, 50);
  });
  await Promise.all(pending);
  agent.destroy();
  const sorted = times.sort((a, b) => a - b);
  const elapsed = (lastAnswer - start) / 1000;
  return {
    rate,
    seconds,
    sent: n,
    answered: n - timeouts,
    achieved_rps: round((n - timeouts) / elapsed),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
    errors,
    timeouts,
    statuses,
    by_kind: Object.fromEntries(
      [...byKind.entries()].map(([k, v]) => {
        const s = v.times.sort((a, b) => a - b);
        return [k, { n: s.length, p50: round(percentile(s, 50)), p95: round(percentile(s, 95)), errors: v.errors }];
      }),
    ),
  };
}

// ------------------------------------------------------------------ the driver (from bench.ts)

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Serve `dbPath` as production does, drive it from a child process, stop the server. */
export async function runLoadCheck(o: { dbPath: string; rate: number; seconds: number; seed: number; env: NodeJS.ProcessEnv; log: (s: string) => void }): Promise<LoadResult> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = spawn(TSX, [path.join(ROOT, "scripts", "serve.ts")], {
    cwd: ROOT,
    env: { ...o.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATABASE_PATH: o.dbPath, SESSION_SECRET: "bench-".padEnd(64, "x") },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  server.stdout!.on("data", (b) => (output += b));
  server.stderr!.on("data", (b) => (output += b));
  let exited = false;
  server.on("exit", () => (exited = true));
  try {
    const t0 = performance.now();
    for (;;) {
      if (exited) throw new Error(`the server exited before answering:\n${output.slice(-2000)}`);
      if (performance.now() - t0 > 60_000) throw new Error(`the server did not answer within 60 s:\n${output.slice(-2000)}`);
      try {
        const res = await fetch(`${baseUrl}/`, { signal: AbortSignal.timeout(5000) });
        await res.arrayBuffer();
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    o.log(`  load: ${o.rate} requests/s of mixed reads for ${o.seconds} s from a second process …`);
    const driver = spawn(TSX, [path.join(ROOT, "scripts", "bench-load.ts"), "--drive", baseUrl, o.dbPath, String(o.rate), String(o.seconds), String(o.seed)], {
      cwd: ROOT,
      env: o.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    driver.stdout!.on("data", (b) => (out += b));
    driver.stderr!.on("data", (b) => (err += b));
    const code = await new Promise<number | null>((resolve) => driver.on("exit", resolve));
    if (code !== 0) throw new Error(`the load driver failed (exit ${code}):\n${err.slice(-2000)}`);
    const lines = out.trim().split("\n");
    return JSON.parse(lines[lines.length - 1]) as LoadResult;
  } finally {
    if (!exited && server.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  }
}

if (process.argv[2] === "--drive") {
  const [, , , baseUrl, dbPath, rate, seconds, seed] = process.argv;
  drive(baseUrl!, dbPath!, Number(rate), Number(seconds), Number(seed)).then(
    (r) => {
      process.stdout.write(`${JSON.stringify(r)}\n`);
      process.exit(0);
    },
    (e) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : e);
      process.exit(1);
    },
  );
}
