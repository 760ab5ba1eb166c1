/**
 * The test harness for integration and end-to-end tests: a real built site, served by a child
 * process over a real SQLite file, with map tiles from a local blank-tile server (tests never
 * touch the internet).
 *
 * Usage (vitest; the `integration` and `e2e` projects run tests/helpers/global-setup.ts first,
 * which builds the site when needed and prepares the template database once per run):
 *
 *   import { startTestServer, type TestServer } from "../helpers/server";
 *
 *   let server: TestServer;
 *   beforeAll(async () => { server = await startTestServer(); });
 *   afterAll(async () => { await server?.stop(); });
 *
 *   it("searches", async () => {
 *     const res = await server.get("/api/search?postcode=M33 7XX");   // { status, headers, body, text }
 *     expect(res.status).toBe(200);
 *   });
 *
 * Every call to startTestServer() gets its own temporary folder with its own copy of the
 * template database (the demo data imported once per run), so a suite may write freely.
 *
 * Exports:
 *   startTestServer(options?)  → TestServer { baseUrl, port, dbPath, dir, tiles, url(), get(),
 *                                request(), output(), stop() }
 *   startTileServer()          → TileServer { url (the TILE_URL template), origin, requests(), close() }
 *   runServe(env, options?)    → run scripts/serve.ts to its end (for start-up failures):
 *                                { code, signal, stdout, stderr, timedOut }
 *   createTestUser(dbPath, {email, role, password?, name?}) → TestUser { id, email, password, role, cookie }
 *                              (an account made directly in the server's database, with a session cookie)
 *   ensureBuilt(), ensureTemplateDb(), templateDbIsStale(), freePort(), blankTilePng()
 *   ROOT, TMP_DIR, TEMPLATE_DB, SHARED_DATA_DIR
 *
 * This file must not import vitest: it is also used from the global set-up and from scripts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import zlib from "node:zlib";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const TMP_DIR = path.join(ROOT, "tests", ".tmp");
export const TEMPLATE_DB = path.join(TMP_DIR, "template.db");
/** The open data the demo import reads: SHARED_DATA_DIR, else ../shared/data beside the repository. */
export const SHARED_DATA_DIR = path.resolve(process.env.SHARED_DATA_DIR || path.join(ROOT, "..", "shared", "data"));
/** Set by the global set-up once the build and the template database are ready for this run. */
export const PREPARED_ENV = "RW_TEST_PREPARED";
/** Set by the global set-up when the build or the import failed (the message). */
export const SETUP_ERROR_ENV = "RW_TEST_SETUP_ERROR";
/** A session secret for test servers (at least 32 characters). */
export const TEST_SESSION_SECRET = "test-session-secret-0123456789abcdef0123456789";

/** Sources whose change makes the template database stale (the import and what it writes through). */
const TEMPLATE_SOURCES = [
  path.join(ROOT, "app", "core"),
  path.join(ROOT, "app", "services"),
  path.join(ROOT, "app", "features"),
  path.join(ROOT, "db"),
  path.join(ROOT, "search"),
  path.join(ROOT, "package-lock.json"),
  fileURLToPath(import.meta.url),
  SHARED_DATA_DIR,
];

const log = (msg: string) => process.stderr.write(`[test-harness] ${msg}\n`);

// ------------------------------------------------------------------ small utilities

function newestMtime(p: string): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) {
    if (e === "node_modules" || e.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(p, e)));
  }
  return newest;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A cross-process lock (a folder that only one process can create), so that two test runs in the
 * same tree — or two vitest projects — never build or import at the same time.
 */
async function withLock<T>(name: string, fn: () => Promise<T> | T, timeoutMs = 10 * 60_000): Promise<T> {
  fs.mkdirSync(TMP_DIR, { recursive: true });
  const lock = path.join(TMP_DIR, `${name}.lock`);
  const started = Date.now();
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, "pid"), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      // A lock left behind by a process that died, or one older than the timeout, is stale.
      let stale = false;
      try {
        const pid = Number(fs.readFileSync(path.join(lock, "pid"), "utf8"));
        if (pid) {
          try {
            process.kill(pid, 0);
          } catch {
            stale = true;
          }
        }
        if (Date.now() - fs.statSync(lock).mtimeMs > timeoutMs) stale = true;
      } catch {
        // The lock is being created or removed right now: wait.
      }
      if (stale) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!announced) {
        log(`waiting for another test run to finish "${name}" (${lock})…`);
        announced = true;
      }
      if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for the lock ${lock}`);
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** A TCP port that is free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

// ------------------------------------------------------------------ build and template database

/** Build the Remix site when its sources are newer than build/ (scripts/build-if-needed.ts). */
export async function ensureBuilt(): Promise<void> {
  const { buildIfNeeded, buildIsStale } = await import("../../scripts/build-if-needed");
  if (!buildIsStale(ROOT)) return;
  await withLock("build", () => {
    const started = Date.now();
    buildIfNeeded(ROOT, log);
    if (!buildIsStale(ROOT)) log(`built the site in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
}

export function templateDbIsStale(): boolean {
  if (!fs.existsSync(TEMPLATE_DB)) return true;
  const built = fs.statSync(TEMPLATE_DB).mtimeMs;
  return TEMPLATE_SOURCES.some((s) => newestMtime(s) > built);
}

/**
 * The template database: migrated, with the demo data imported (importDemoData from
 * app/features/imports). Rebuilt when missing or older than the sources; written to a
 * temporary name and renamed, so a reader never sees half a file.
 */
export async function ensureTemplateDb(): Promise<string> {
  if (!templateDbIsStale()) return TEMPLATE_DB;
  return withLock("template-db", async () => {
    if (!templateDbIsStale()) return TEMPLATE_DB;
    const started = Date.now();
    const tmp = path.join(TMP_DIR, `template-${process.pid}-${Date.now()}.db`);
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
    const { openDatabase, migrate } = await import("../../db/index");
    const { contextFor } = await import("../../app/server/context.server");
    const { importDemoData } = await import("../../app/features/imports/demo.server");
    const db = openDatabase(tmp);
    let ok = false;
    try {
      await migrate(db);
      const ctx = await contextFor(db);
      await importDemoData(ctx, { sharedDir: SHARED_DATA_DIR, examplesFile: path.join(ROOT, "db", "seed", "examples.json"), rejectsDir: null });
      const count = db.sqlite.prepare("SELECT COUNT(*) FROM assets").pluck().get() as number;
      if (!count) throw new Error("importDemoData() imported no assets: the template database would be empty");
      // Fold the write-ahead log into the main file, so that copying one file copies everything.
      db.sqlite.pragma("wal_checkpoint(TRUNCATE)");
      log(`template database: ${count} assets imported in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      ok = true;
    } finally {
      await db.kysely.destroy().catch(() => undefined);
      if (!ok) for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
    }
    for (const f of [`${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
    fs.renameSync(tmp, TEMPLATE_DB);
    return TEMPLATE_DB;
  });
}

// ------------------------------------------------------------------ blank tiles

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

let cachedPng: Buffer | null = null;

/** A 256×256 light grey PNG. */
export function blankTilePng(): Buffer {
  if (cachedPng) return cachedPng;
  const size = 256;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc((size + 1) * size, 0xf0);
  for (let y = 0; y < size; y++) raw[y * (size + 1)] = 0; // filter: none
  cachedPng = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", zlib.deflateSync(raw)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
  return cachedPng;
}

export interface TileServer {
  /** The TILE_URL template: http://127.0.0.1:PORT/tiles/{z}/{x}/{y}.png */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** Paths of the tiles asked for so far. */
  requests(): string[];
  close(): Promise<void>;
}

/** A local server answering /tiles/{z}/{x}/{y}.png with a blank PNG (404 for anything else). */
export async function startTileServer(): Promise<TileServer> {
  const seen: string[] = [];
  const png = blankTilePng();
  const server = http.createServer((req, res) => {
    const url = req.url ?? "/";
    if (/^\/tiles\/\d+\/\d+\/\d+\.png(\?.*)?$/.test(url)) {
      seen.push(url);
      res.writeHead(200, {
        "Content-Type": "image/png",
        "Content-Length": png.length,
        "Cache-Control": "public, max-age=86400",
        "Access-Control-Allow-Origin": "*",
      });
      res.end(req.method === "HEAD" ? undefined : png);
    } else {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not a tile");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/tiles/{z}/{x}/{y}.png`,
    origin,
    requests: () => [...seen],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

// ------------------------------------------------------------------ the site as a child process

const SERVE_SCRIPT = path.join(ROOT, "scripts", "serve.ts");
const EXIT_WITH_PARENT = pathToFileURL(path.join(ROOT, "tests", "helpers", "exit-with-parent.mjs")).href;
const children = new Set<ChildProcess>();
process.once("exit", () => {
  for (const c of children) c.kill("SIGKILL");
});

/** The environment of a served site: the caller's, minus vitest's and Meilisearch settings. */
function serveEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) {
    if (k.startsWith("VITEST") || k === "TEST" || k === "NODE_OPTIONS") delete env[k];
  }
  delete env.MEILI_HOST;
  delete env.MEILI_API_KEY;
  env.NODE_ENV = "production";
  env.HOST = "127.0.0.1";
  env.SESSION_SECRET = TEST_SESSION_SECRET;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

function spawnServe(env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "--import", EXIT_WITH_PARENT, SERVE_SCRIPT], {
    cwd: ROOT,
    env,
    // stdin is a pipe that we never write to: when this process dies, it closes and the
    // server exits (tests/helpers/exit-with-parent.mjs), so no server outlives its tests.
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when the process was still running after the timeout (and was killed). */
  timedOut: boolean;
}

/**
 * Run scripts/serve.ts with extra environment and wait for it to end — for checking that bad
 * configuration stops start-up. DATABASE_PATH defaults to a file in a fresh temporary folder.
 */
export async function runServe(env: Record<string, string | undefined>, opts: { timeoutMs?: number } = {}): Promise<RunResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-serve-"));
  try {
    const child = spawnServe(serveEnv({ PORT: String(await freePort()), DATABASE_PATH: path.join(dir, "test.db"), ...env }));
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, opts.timeoutMs ?? 30_000);
    const [code, signal] = (await new Promise((resolve) => child.once("exit", (c, s) => resolve([c, s])))) as [
      number | null,
      NodeJS.Signals | null,
    ];
    clearTimeout(timer);
    return { code, signal, stdout, stderr, timedOut };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or null when the body is not JSON. */
  body: T;
  text: string;
}

export interface TestServer {
  /** http://127.0.0.1:PORT (no trailing slash) */
  baseUrl: string;
  port: number;
  /** This server's own copy of the template database. */
  dbPath: string;
  /** This server's temporary folder (removed by stop()). */
  dir: string;
  /** The local blank-tile server the site's TILE_URL points to. */
  tiles: TileServer;
  /** An absolute URL for a path ("/api/search?q=x"). */
  url(pathAndQuery: string): string;
  /** GET a path; parses JSON bodies. */
  get<T = any>(pathAndQuery: string, init?: RequestInit): Promise<HttpResult<T>>;
  /** Any request; parses JSON bodies. */
  request<T = any>(pathAndQuery: string, init?: RequestInit): Promise<HttpResult<T>>;
  /** What the server printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Stop the server and the tile server, and remove the temporary folder. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /**
   * The database to serve: "template" (a copy of the demo data, the default), "empty" (a fresh
   * file; the server migrates it), or a path to a file to copy.
   */
  database?: "template" | "empty" | string;
  /** Extra environment for the server (undefined removes a variable). */
  env?: Record<string, string | undefined>;
  /** How long to wait for the server to answer (default 60 s). */
  timeoutMs?: number;
}

async function httpRequest<T>(url: string, init?: RequestInit): Promise<HttpResult<T>> {
  const res = await fetch(url, { redirect: "manual", ...init });
  const text = await res.text();
  let body: any = null;
  if ((res.headers.get("content-type") ?? "").includes("json") || /^\s*[[{]/.test(text)) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** Build if needed, copy the template database, start the site on a free port and wait for it. */
export async function startTestServer(opts: StartOptions = {}): Promise<TestServer> {
  if (process.env[SETUP_ERROR_ENV]) throw new Error(`The test set-up failed, so there is no site to test:\n${process.env[SETUP_ERROR_ENV]}`);
  // After the global set-up, keep what it prepared for the whole run, even if someone edits a
  // source file meanwhile (a rebuild in the middle of a run would mix old and new).
  const prepared = process.env[PREPARED_ENV] === "1" && fs.existsSync(TEMPLATE_DB);
  if (!prepared) await ensureBuilt();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-test-"));
  const dbPath = path.join(dir, "realwealth.db");
  const database = opts.database ?? "template";
  if (database === "template") fs.copyFileSync(prepared ? TEMPLATE_DB : await ensureTemplateDb(), dbPath);
  else if (database !== "empty") fs.copyFileSync(database, dbPath);

  const tiles = await startTileServer();
  let lastError: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const child = spawnServe(serveEnv({ PORT: String(port), DATABASE_PATH: dbPath, TILE_URL: tiles.url, ...opts.env }));
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    let exited: { code: number | null; signal: string | null } | null = null;
    const exit = new Promise<void>((resolve) =>
      child.once("exit", (code, signal) => {
        exited = { code, signal };
        resolve();
      }),
    );

    const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
    let ready = false;
    while (!exited && Date.now() < deadline) {
      try {
        const res = await fetch(`${baseUrl}/api/search?limit=1`, { signal: AbortSignal.timeout(10_000) });
        await res.arrayBuffer();
        if (res.status < 500) {
          ready = true;
          break;
        }
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    if (ready) {
      let stopped = false;
      const server: TestServer = {
        baseUrl,
        port,
        dbPath,
        dir,
        tiles,
        url: (p) => `${baseUrl}${p.startsWith("/") ? "" : "/"}${p}`,
        get: (p, init) => httpRequest(server.url(p), { ...init, method: "GET" }),
        request: (p, init) => httpRequest(server.url(p), init),
        output: () => out,
        async stop() {
          if (stopped) return;
          stopped = true;
          if (!exited) {
            child.kill("SIGTERM");
            const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
            await exit;
            clearTimeout(killer);
          }
          await tiles.close();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
      return server;
    }
    if (!exited) {
      child.kill("SIGKILL");
      await exit;
    }
    lastError = new Error(
      `The test server did not start (${exited ? `exit code ${(exited as { code: number | null }).code}` : "timed out"}). Its output:\n${out}`,
    );
    // Someone else took the port between freePort() and listen(): try another one.
    if (!/EADDRINUSE/.test(out)) break;
  }
  await tiles.close();
  fs.rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

// ------------------------------------------------------------------ test accounts

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: "member" | "connector" | "admin";
  /** A Cookie header value with a fresh session for this user: "rw_session=…". */
  cookie: string;
}

/**
 * Create (or update) an account directly in a test server's database, with a signed-in session:
 *   const connector = await createTestUser(server.dbPath, { email: "c@example.org", role: "connector" });
 *   await server.get("/connect", { headers: { Cookie: connector.cookie } });
 * The password (default "correct horse battery staple") also works on /signin and /api/session.
 */
export async function createTestUser(
  dbPath: string,
  u: { email: string; role: TestUser["role"]; password?: string; name?: string },
): Promise<TestUser> {
  const { default: Database } = await import("better-sqlite3");
  const { hash } = await import("@node-rs/argon2");
  const crypto = await import("node:crypto");
  const password = u.password ?? "correct horse battery staple";
  const email = u.email.trim().toLowerCase();
  const now = new Date();
  const db = new Database(dbPath);
  try {
    db.pragma("busy_timeout = 5000");
    const passwordHash = await hash(password);
    const existing = db.prepare("SELECT id FROM users WHERE email = ?").pluck().get(email) as string | undefined;
    const id = existing ?? crypto.randomUUID();
    if (existing) db.prepare("UPDATE users SET password_hash = ?, role = ?, name = ?, disabled = 0, updated_at = ? WHERE id = ?").run(passwordHash, u.role, u.name ?? "", now.toISOString(), id);
    else {
      db.prepare("INSERT INTO users (id, email, name, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)").run(
        id,
        email,
        u.name ?? "",
        passwordHash,
        u.role,
        now.toISOString(),
        now.toISOString(),
      );
    }
    const token = crypto.randomBytes(32).toString("base64url");
    db.prepare("INSERT INTO sessions (id, user_id, created_at, expires_at, last_seen_at, user_agent) VALUES (?, ?, ?, ?, ?, ?)").run(
      crypto.createHash("sha256").update(token).digest("hex"),
      id,
      now.toISOString(),
      new Date(now.getTime() + 86_400_000).toISOString(),
      now.toISOString(),
      "test",
    );
    return { id, email, password, role: u.role, cookie: `rw_session=${token}` };
  } finally {
    db.close();
  }
}

/** For scripts: `tsx tests/helpers/server.ts` prepares the build and the template database. */
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await ensureBuilt();
  await ensureTemplateDb();
}
