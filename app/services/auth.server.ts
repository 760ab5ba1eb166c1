// Accounts and sessions: argon2id password hashes, sessions stored in the database (revocable),
// httpOnly SameSite=Lax cookies, CSRF tokens for forms, and the checks routes call
// (`currentUser`, `requireApiUser`, `requirePageUser`).
import crypto from "node:crypto";
import { hash as argonHash, verify as argonVerify } from "@node-rs/argon2";
import { redirect } from "@remix-run/node";
import type { Db } from "../../db/index";
import { can, type Action, type Role } from "../core/access-policy";
import { getConfig } from "../config.server";
import { getContext } from "./context.server";
import { ApiError } from "./errors";

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  area_postcode: string | null;
  area_lat: number | null;
  area_lng: number | null;
}

export const SESSION_COOKIE = "rw_session";
export const CSRF_COOKIE = "rw_csrf";
const SESSION_DAYS = 14;
const USER_COLUMNS = "u.id, u.email, u.name, u.role, u.area_postcode, u.area_lat, u.area_lng";

// ------------------------------------------------------------------ passwords

export function hashPassword(password: string): Promise<string> {
  return argonHash(password);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argonVerify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/** Check an email and password. Takes about as long whether or not the account exists. */
export async function authenticate(db: Db, email: string, password: string): Promise<User | null> {
  const row = db.sqlite
    .prepare(`SELECT ${USER_COLUMNS}, u.password_hash FROM users u WHERE u.email = ? AND u.disabled = 0`)
    .get(email.trim()) as (User & { password_hash: string }) | undefined;
  // An account a connector made that has no password yet cannot be signed in to, and takes as
  // long to refuse as an unknown one.
  if (!row || !row.password_hash) {
    dummyHash ??= hashPassword("not a real password");
    await verifyPassword(await dummyHash, password);
    return null;
  }
  if (!(await verifyPassword(row.password_hash, password))) return null;
  const { password_hash: _p, ...user } = row;
  return user;
}

// ------------------------------------------------------------------ users

export async function upsertUser(
  db: Db,
  input: { email: string; password: string; role: Role; name?: string },
  now = new Date(),
): Promise<{ user: User; created: boolean }> {
  const email = input.email.trim().toLowerCase();
  const hash = await hashPassword(input.password);
  const existing = db.sqlite.prepare("SELECT id FROM users WHERE email = ?").get(email) as { id: string } | undefined;
  const iso = now.toISOString();
  if (existing) {
    db.sqlite
      .prepare("UPDATE users SET password_hash = ?, role = ?, name = COALESCE(?, name), disabled = 0, updated_at = ? WHERE id = ?")
      .run(hash, input.role, input.name ?? null, iso, existing.id);
    revokeAllSessions(db, existing.id, now);
  } else {
    db.sqlite
      .prepare("INSERT INTO users (id, email, name, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .run(crypto.randomUUID(), email, input.name ?? "", hash, input.role, iso, iso);
  }
  return { user: getUserByEmail(db, email)!, created: !existing };
}

export function getUserByEmail(db: Db, email: string): User | null {
  return (db.sqlite.prepare(`SELECT ${USER_COLUMNS} FROM users u WHERE u.email = ?`).get(email.trim()) as User | undefined) ?? null;
}

export function getUserById(db: Db, id: string): User | null {
  return (db.sqlite.prepare(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = ?`).get(id) as User | undefined) ?? null;
}

// ------------------------------------------------------------------ sessions

export function tokenHash(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export function createSession(db: Db, userId: string, userAgent: string | null, now = new Date()): { token: string; expires: Date } {
  const token = crypto.randomBytes(32).toString("base64url");
  const expires = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  db.sqlite
    .prepare("INSERT INTO sessions (id, user_id, created_at, expires_at, last_seen_at, user_agent) VALUES (?, ?, ?, ?, ?, ?)")
    .run(tokenHash(token), userId, now.toISOString(), expires.toISOString(), now.toISOString(), userAgent?.slice(0, 300) ?? null);
  return { token, expires };
}

export function revokeSession(db: Db, token: string, now = new Date()): void {
  db.sqlite.prepare("UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(now.toISOString(), tokenHash(token));
}

export function revokeAllSessions(db: Db, userId: string, now = new Date()): void {
  db.sqlite.prepare("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL").run(now.toISOString(), userId);
}

export function userForToken(db: Db, token: string, now = new Date()): User | null {
  const row = db.sqlite
    .prepare(
      `SELECT ${USER_COLUMNS}, s.id AS sid, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND u.disabled = 0`,
    )
    .get(tokenHash(token), now.toISOString()) as (User & { sid: string; last_seen_at: string }) | undefined;
  if (!row) return null;
  if (now.getTime() - Date.parse(row.last_seen_at) > 5 * 60_000) {
    db.sqlite.prepare("UPDATE sessions SET last_seen_at = ? WHERE id = ?").run(now.toISOString(), row.sid);
  }
  const { sid: _s, last_seen_at: _l, ...user } = row;
  return user;
}

// ------------------------------------------------------------------ cookies

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) {
      // Our cookies are base64url; a value that is not even valid percent-encoding was not set
      // by us, so it counts as no cookie (decodeURIComponent would throw: a 500 on every page).
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

function secureFlag(request: Request): string {
  const https = new URL(request.url).protocol === "https:" || request.headers.get("X-Forwarded-Proto") === "https" || process.env.COOKIE_SECURE === "1";
  return https ? "; Secure" : "";
}

export function sessionCookie(request: Request, token: string, expires: Date): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Expires=${expires.toUTCString()}${secureFlag(request)}`;
}

export function clearSessionCookie(request: Request): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Expires=Thu, 01 Jan 1970 00:00:00 GMT${secureFlag(request)}`;
}

// ------------------------------------------------------------------ who is asking

export async function currentUser(request: Request): Promise<User | null> {
  const token = readCookie(request, SESSION_COOKIE);
  if (!token) return null;
  const { db } = await getContext();
  return userForToken(db, token);
}

/** For the JSON API: 401 when not signed in, 403 when the role may not do this. */
export async function requireApiUser(request: Request, action?: Action): Promise<User> {
  const user = await currentUser(request);
  if (!user) throw new ApiError(401, "unauthenticated", "Please sign in first.");
  if (action && !can(user.role, action)) throw new ApiError(403, "forbidden", "Your account is not allowed to do this.");
  return user;
}

/** For pages: redirect to sign-in when not signed in; 403 page when the role may not do this. */
export async function requirePageUser(request: Request, action?: Action): Promise<User> {
  const user = await currentUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/signin?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (action && !can(user.role, action)) throw new Response("Your account is not allowed to see this page.", { status: 403 });
  return user;
}

// ------------------------------------------------------------------ CSRF (forms)

/**
 * Double-submit: a random `rw_csrf` cookie (set for every visitor by scripts/server.ts), and in
 * each form a hidden field holding an HMAC of it with the session secret. A page on another
 * site can read neither.
 */
export function csrfToken(request: Request): string {
  const raw = readCookie(request, CSRF_COOKIE);
  return raw ? sign(raw) : "";
}

function sign(raw: string): string {
  return crypto.createHmac("sha256", getConfig().sessionSecret).update(`csrf:${raw}`).digest("base64url");
}

export function verifyCsrf(request: Request, form: FormData): boolean {
  const raw = readCookie(request, CSRF_COOKIE);
  const given = form.get("csrf");
  if (!raw || typeof given !== "string") return false;
  const expected = Buffer.from(sign(raw));
  const actual = Buffer.from(given);
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

/** For JSON writes: a cross-site form cannot send application/json without a CORS preflight. */
export function requireJson(request: Request): void {
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError(400, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
  }
}

/** The client's address (from the Express load context), for rate limits. */
export function clientIp(context: unknown): string {
  const ip = (context as { ip?: string } | undefined)?.ip;
  return ip || "unknown";
}
