// The sessions table: the only code that reads or writes sessions. A session's id is the SHA-256
// of the cookie token; the token itself is never stored.
import type { Insertable, Selectable } from "kysely";
import type { Executor } from "../../../db/index";
import type { SessionsTable } from "../../../db/schema";
import { withRole, type User } from "./users.data.server";

export type SessionRow = Selectable<SessionsTable>;
export type NewSession = Insertable<SessionsTable>;

export async function insertSession(db: Executor, row: NewSession): Promise<void> {
  await db.insertInto("sessions").values(row).execute();
}

/** The account of a live session (not revoked, not expired, account not disabled), with when it was last seen. */
export async function findLiveSession(db: Executor, id: string, nowIso: string): Promise<{ user: User; lastSeenAt: string } | undefined> {
  const row = await db
    .selectFrom("sessions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select(["u.id", "u.email", "u.name", "u.role", "u.area_postcode", "u.area_lat", "u.area_lng", "s.last_seen_at"])
    .where("s.id", "=", id)
    .where("s.revoked_at", "is", null)
    .where("s.expires_at", ">", nowIso)
    .where("u.disabled", "=", 0)
    .executeTakeFirst();
  if (!row) return undefined;
  const { last_seen_at, ...user } = row;
  return { user: withRole(user), lastSeenAt: last_seen_at };
}

export async function touchSession(db: Executor, id: string, nowIso: string): Promise<void> {
  await db.updateTable("sessions").set({ last_seen_at: nowIso }).where("id", "=", id).execute();
}

export async function revokeSessionById(db: Executor, id: string, nowIso: string): Promise<void> {
  await db.updateTable("sessions").set({ revoked_at: nowIso }).where("id", "=", id).where("revoked_at", "is", null).execute();
}

export async function revokeSessionsOf(db: Executor, userId: string, nowIso: string): Promise<void> {
  await db.updateTable("sessions").set({ revoked_at: nowIso }).where("user_id", "=", userId).where("revoked_at", "is", null).execute();
}
