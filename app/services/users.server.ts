// Managing accounts (admins only): list users, invite someone with a role, change a role,
// disable or enable an account (disabling signs them out everywhere), sign a user out of every
// session. An admin cannot lock themselves out (no changing their own role or disabling
// themselves here), so there is always someone who can undo a mistake.
import { emailSchema } from "../core/account";
import { isRole, ROLES, type Role } from "../core/access-policy";
import { inviteUser } from "./accounts.server";
import { revokeAllSessions, type User } from "./auth.server";
import type { Context } from "./context.server";
import type { Db } from "../../db/index";
import { ApiError } from "./errors";
import { geocodePostcode } from "./geocode.server";
import { LIMITS, enforce } from "./rate-limit.server";

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  created_at: string;
  /** Sessions that are not revoked and not expired. */
  active_sessions: number;
  last_seen_at: string | null;
}

export function listUsers(db: Db, now = new Date()): UserRow[] {
  const rows = db.sqlite
    .prepare(
      `SELECT u.id, u.email, u.name, u.role, u.disabled, u.created_at,
        (SELECT COUNT(*) FROM sessions s WHERE s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > @now) AS active_sessions,
        (SELECT MAX(s.last_seen_at) FROM sessions s WHERE s.user_id = u.id) AS last_seen_at
       FROM users u ORDER BY u.disabled, CASE u.role WHEN 'admin' THEN 0 WHEN 'connector' THEN 1 ELSE 2 END, u.email COLLATE NOCASE`,
    )
    .all({ now: now.toISOString() }) as (Omit<UserRow, "disabled"> & { disabled: number })[];
  return rows.map((r) => ({ ...r, disabled: r.disabled === 1 }));
}

export interface PendingInvitation {
  email: string;
  role: Role;
  invited_by: string | null;
  created_at: string;
  expires_at: string;
}

export function pendingInvitations(db: Db, now = new Date()): PendingInvitation[] {
  return db.sqlite
    .prepare(
      `SELECT i.email, i.role, COALESCE(NULLIF(u.name, ''), u.email) AS invited_by, i.created_at, i.expires_at
       FROM invitations i LEFT JOIN users u ON u.id = i.invited_by
       WHERE i.accepted_at IS NULL AND i.expires_at > ? ORDER BY i.created_at DESC LIMIT 50`,
    )
    .all(now.toISOString()) as PendingInvitation[];
}

function roleOf(value: unknown): Role {
  if (!isRole(value)) throw new ApiError(400, "invalid_input", `Please check: role must be one of: ${ROLES.join(", ")}.`, { role: `must be one of: ${ROLES.join(", ")}` });
  return value;
}

function target(db: Db, id: string): { id: string; email: string; role: Role; disabled: number } {
  const u = db.sqlite.prepare("SELECT id, email, role, disabled FROM users WHERE id = ?").get(id) as
    | { id: string; email: string; role: Role; disabled: number }
    | undefined;
  if (!u) throw new ApiError(404, "not_found", "There is no account with that id.");
  return u;
}

function notSelf(admin: User, id: string, what: string): void {
  if (admin.id === id) throw new ApiError(400, "own_account", `You cannot ${what} your own account here; ask another admin.`);
}

/** Invite someone by email with a role; the link goes out through the mailer (the server log by default). */
export async function invite(ctx: Context, admin: User, email: unknown, role: unknown, baseUrl: string): Promise<{ email: string; role: Role }> {
  enforce(`writes:user:${admin.id}`, LIMITS.writesPerUser, "changes in a short time");
  const e = emailSchema.safeParse(typeof email === "string" ? email : "");
  const errors: Record<string, string> = {};
  if (!e.success) errors.email = e.error.issues[0].message;
  if (!isRole(role)) errors.role = `must be one of: ${ROLES.join(", ")}`;
  if (Object.keys(errors).length) throw new ApiError(400, "invalid_input", "Please check the invitation.", errors);
  const address = e.data!;
  if (ctx.db.sqlite.prepare("SELECT 1 FROM users WHERE email = ?").get(address)) {
    throw new ApiError(409, "email_taken", "There is already an account with this email address: change its role in the list instead.", {
      email: "already has an account",
    });
  }
  await inviteUser(ctx, admin, address, role as Role, baseUrl);
  return { email: address, role: role as Role };
}

export function setRole(db: Db, admin: User, id: string, role: unknown, now = new Date()): void {
  enforce(`writes:user:${admin.id}`, LIMITS.writesPerUser, "changes in a short time");
  const r = roleOf(role);
  notSelf(admin, id, "change the role of");
  const u = target(db, id);
  if (u.role === r) return;
  db.sqlite.prepare("UPDATE users SET role = ?, updated_at = ? WHERE id = ?").run(r, now.toISOString(), id);
}

/** Disable (and sign out everywhere) or enable an account. */
export function setDisabled(db: Db, admin: User, id: string, disabled: boolean, now = new Date()): void {
  enforce(`writes:user:${admin.id}`, LIMITS.writesPerUser, "changes in a short time");
  if (disabled) notSelf(admin, id, "disable");
  target(db, id);
  db.sqlite.transaction(() => {
    db.sqlite.prepare("UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?").run(disabled ? 1 : 0, now.toISOString(), id);
    if (disabled) revokeAllSessions(db, id, now);
  })();
}

export function signOutEverywhere(db: Db, admin: User, id: string, now = new Date()): void {
  enforce(`writes:user:${admin.id}`, LIMITS.writesPerUser, "changes in a short time");
  target(db, id);
  revokeAllSessions(db, id, now);
}

// ------------------------------------------------------------------ the connector's area

/** The postcode a connector works around (the dashboard's "your area"); empty clears it. */
export async function setUserArea(db: Db, user: User, postcode: string, now = new Date()): Promise<{ ok: true; label: string } | { ok: false; error: string }> {
  const trimmed = postcode.trim();
  const area = (set: { area_postcode: string | null; area_lat: number | null; area_lng: number | null }) =>
    db.kysely.updateTable("users").set({ ...set, updated_at: now.toISOString() }).where("id", "=", user.id).execute();
  if (!trimmed) {
    await area({ area_postcode: null, area_lat: null, area_lng: null });
    return { ok: true, label: "" };
  }
  const g = geocodePostcode(db, trimmed);
  if (g === null) return { ok: false, error: "Enter a real postcode, like M33 7XX or M33" };
  if (g === undefined) return { ok: false, error: `${trimmed.toUpperCase()} is not a postcode we know. Check it and try again` };
  await area({ area_postcode: g.postcode, area_lat: g.lat, area_lng: g.lng });
  return { ok: true, label: g.postcode };
}
