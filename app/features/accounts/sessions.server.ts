// Sessions stored in the database (so they can be revoked): made at sign-in, found from the
// cookie's token, revoked at sign-out, on a password reset or by an admin.
import type { Db, Executor } from "../../../db/index";
import { findLiveSession, insertSession, revokeSessionById, revokeSessionsOf, touchSession } from "./sessions.data.server";
import { newToken, tokenHash } from "./tokens.server";
import type { User } from "./users.data.server";

const SESSION_DAYS = 14;
/** How stale last_seen_at may get before a request writes it again. */
const TOUCH_AFTER_MS = 5 * 60_000;

export async function createSession(db: Db, userId: string, userAgent: string | null, now = new Date()): Promise<{ token: string; expires: Date }> {
  const token = newToken();
  const expires = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await insertSession(db.kysely, {
    id: tokenHash(token),
    user_id: userId,
    created_at: now.toISOString(),
    expires_at: expires.toISOString(),
    last_seen_at: now.toISOString(),
    user_agent: userAgent?.slice(0, 300) ?? null,
  });
  return { token, expires };
}

export async function revokeSession(db: Db, token: string, now = new Date()): Promise<void> {
  await revokeSessionById(db.kysely, tokenHash(token), now.toISOString());
}

/** Sign an account out everywhere; `db` may be a transaction the caller started. */
export async function revokeAllSessions(db: Executor, userId: string, now = new Date()): Promise<void> {
  await revokeSessionsOf(db, userId, now.toISOString());
}

export async function userForToken(db: Db, token: string, now = new Date()): Promise<User | null> {
  const id = tokenHash(token);
  const found = await findLiveSession(db.kysely, id, now.toISOString());
  if (!found) return null;
  if (now.getTime() - Date.parse(found.lastSeenAt) > TOUCH_AFTER_MS) await touchSession(db.kysely, id, now.toISOString());
  return found.user;
}
