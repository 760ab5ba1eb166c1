// Configuration from the environment (CONTRACTS). A bad value stops start-up with a message
// that names it.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export interface Config {
  port: number;
  databasePath: string;
  sessionSecret: string;
  meiliHost: string | null;
  meiliApiKey: string | null;
  tileUrl: string;
  tileAttribution: string;
  /** Seconds a streamed download waits for a client that has stopped reading (DOWNLOAD_STALL_SECONDS, default 60). */
  downloadStallSeconds: number;
  /**
   * The site's public address (PUBLIC_URL, such as https://realwealth.example.org), without a
   * trailing slash; links in emails are built from it, never from the request's Host header.
   * Null when unset (app/server/public-url.server.ts decides what to do then).
   */
  publicUrl: string | null;
  /** COOKIE_SECURE=1: cookies are Secure even when the site sees plain HTTP (behind a TLS proxy). */
  cookieSecure: boolean;
  /** TRUST_PROXY=1: the client address comes from X-Forwarded-For (for rate limits). */
  trustProxy: boolean;
  /** RATE_LIMITS=off turns rate limits off (tests and the benchmark only). */
  rateLimits: boolean;
  /** HOST: the address to listen on (unset: each entry point's own default). */
  host: string | null;
  /** NODE_ENV: production unless development or test. */
  mode: "production" | "development" | "test";
}

function flag(env: NodeJS.ProcessEnv, name: string, on: string, off: string[]): boolean {
  const raw = env[name]?.trim();
  if (!raw) return false;
  if (raw === on) return true;
  if (off.includes(raw)) return false;
  throw new ConfigError(name, `must be ${on} or ${off.join(" or ")} (got "${raw}")`);
}

export class ConfigError extends Error {
  constructor(readonly variable: string, why: string) {
    super(`${variable} ${why}`);
  }
}

export const DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
export const DEFAULT_TILE_ATTRIBUTION =
  '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

/** Reads and checks every setting. Generates and stores a session secret for local use. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, opts: { persistSecret?: boolean } = {}): Config {
  const portRaw = env.PORT ?? "3000";
  const port = Number(portRaw);
  if (!/^\d+$/.test(portRaw.trim()) || port < 1 || port > 65535) {
    throw new ConfigError("PORT", `must be a whole number from 1 to 65535 (got "${portRaw}")`);
  }
  const databasePath = databasePathSetting(env);
  if (env.DATABASE_PATH !== undefined && env.DATABASE_PATH.trim() === "") {
    throw new ConfigError("DATABASE_PATH", "must not be empty");
  }
  const dir = path.dirname(databasePath);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new ConfigError("DATABASE_PATH", `points into a folder that cannot be written (${dir})`);
  }
  if (fs.existsSync(databasePath) && fs.statSync(databasePath).isDirectory()) {
    throw new ConfigError("DATABASE_PATH", `is a folder, not a file (${databasePath})`);
  }

  let sessionSecret = env.SESSION_SECRET ?? "";
  if (sessionSecret) {
    if (sessionSecret.length < 32) throw new ConfigError("SESSION_SECRET", "must be at least 32 characters long");
  } else {
    const file = path.join(dir, ".session-secret");
    if (fs.existsSync(file)) sessionSecret = fs.readFileSync(file, "utf8").trim();
    if (sessionSecret.length < 32) {
      sessionSecret = crypto.randomBytes(32).toString("hex");
      if (opts.persistSecret !== false) fs.writeFileSync(file, sessionSecret, { mode: 0o600 });
    }
  }

  const { meiliHost, meiliApiKey } = searchSettings(env);

  const tileUrl = env.TILE_URL?.trim() || DEFAULT_TILE_URL;
  if (!(isHttpUrl(tileUrl.replace(/[{}]/g, "")) || tileUrl.startsWith("/")) || !["{z}", "{x}", "{y}"].every((p) => tileUrl.includes(p))) {
    throw new ConfigError("TILE_URL", `must be an http(s) URL or a path with {z}, {x} and {y} in it (got "${tileUrl}")`);
  }
  const tileAttribution = env.TILE_ATTRIBUTION?.trim() || DEFAULT_TILE_ATTRIBUTION;
  if (tileAttribution.length > 500) throw new ConfigError("TILE_ATTRIBUTION", "must be at most 500 characters");

  const stallRaw = env.DOWNLOAD_STALL_SECONDS?.trim() || "60";
  const downloadStallSeconds = Number(stallRaw);
  if (!/^\d+$/.test(stallRaw) || downloadStallSeconds < 1 || downloadStallSeconds > 3600) {
    throw new ConfigError("DOWNLOAD_STALL_SECONDS", `must be a whole number of seconds from 1 to 3600 (got "${stallRaw}")`);
  }
  const publicUrl = parsePublicUrl(env.PUBLIC_URL);
  const cookieSecure = flag(env, "COOKIE_SECURE", "1", ["0"]);
  const trustProxy = flag(env, "TRUST_PROXY", "1", ["0"]);
  const rateLimits = !flag(env, "RATE_LIMITS", "off", ["on"]);
  const host = env.HOST?.trim() || null;
  const modeRaw = env.NODE_ENV?.trim() || "production";
  const mode = modeRaw === "development" || modeRaw === "test" ? modeRaw : "production";
  return { port, databasePath, sessionSecret, meiliHost, meiliApiKey, tileUrl, tileAttribution, downloadStallSeconds, publicUrl, cookieSecure, trustProxy, rateLimits, host, mode };
}

/** PUBLIC_URL: an http(s) origin, optionally with a path prefix; no credentials, query or fragment. */
function parsePublicUrl(raw: string | undefined): string | null {
  const v = raw?.trim();
  if (!v) return null;
  const bad = (why: string) => new ConfigError("PUBLIC_URL", `${why}, such as https://realwealth.example.org (got "${v}")`);
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw bad("must be an http(s) URL");
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw bad("must be an http(s) URL");
  if (u.username || u.password) throw bad("must not hold a user name or password");
  if (u.search || u.hash || v.includes("?") || v.includes("#")) throw bad("must not have a query or a fragment");
  if (u.pathname !== "/") throw bad("must be the site's address with no path after it");
  return u.origin;
}

/** DATABASE_PATH (default data/realwealth.db), for scripts that need no other setting. */
export function databasePathSetting(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.DATABASE_PATH || path.join("data", "realwealth.db"));
}

/** ../shared/data: SHARED_DATA_DIR, else relative to the repository root (the working directory). */
export function sharedDataDirSetting(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.SHARED_DATA_DIR || path.join("..", "shared", "data"));
}

/** The HSDS 3.0 JSON Schemas: HSDS_STANDARDS_DIR, else standards/hsds beside SHARED_DATA_DIR, else ../shared/standards/hsds. */
export function hsdsStandardsDirSetting(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HSDS_STANDARDS_DIR) return path.resolve(env.HSDS_STANDARDS_DIR);
  if (env.SHARED_DATA_DIR) return path.resolve(env.SHARED_DATA_DIR, "..", "standards", "hsds");
  return path.resolve("..", "shared", "standards", "hsds");
}

/** Which search engine to use (MEILI_HOST, MEILI_API_KEY): also for scripts that need no other setting. */
export function searchSettings(env: NodeJS.ProcessEnv = process.env): Pick<Config, "meiliHost" | "meiliApiKey"> {
  const meiliHost = env.MEILI_HOST?.trim() || null;
  if (meiliHost && !isHttpUrl(meiliHost)) throw new ConfigError("MEILI_HOST", `must be an http(s) URL such as http://127.0.0.1:7700 (got "${meiliHost}")`);
  const meiliApiKey = env.MEILI_API_KEY?.trim() || null;
  if (meiliApiKey && !meiliHost) throw new ConfigError("MEILI_API_KEY", "is set but MEILI_HOST is not");
  return { meiliHost, meiliApiKey };
}

let cached: Config | null = null;
export function getConfig(): Config {
  if (!cached) cached = loadConfig();
  return cached;
}
