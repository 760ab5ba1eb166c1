// Managing accounts (admins only): list users, invite someone with a role, change a role,
// disable or enable an account (disabling signs them out everywhere), sign a user out of every
// session. An admin cannot lock themselves out (no changing their own role or disabling
// themselves here), so there is always someone who can undo a mistake. And making or updating
// an account from the command line (the first admin).
import crypto from "node:crypto";
import type { Db } from "../../../db/index";
import { emailSchema } from "../../core/account";
import { isRole, ROLES, type Role } from "../../core/access-policy";
import type { Context } from "../../server/context.server";
import { ApiError } from "../../server/errors";
import { geocodePostcode } from "../postcodes/geocode.server";
import { LIMITS, enforce } from "../../server/rate-limit.server";
import { listLiveInvitations } from "./invitations.data.server";
import { inviteUser } from "./invitations.server";
import { hashPassword } from "./passwords.server";
import { revokeSessionsOf } from "./sessions.data.server";
import { findAccountState, findUserByEmail, findUserIdByEmail, insertUserIfNew, listUsersWithSessions, updateUser, type User } from "./users.data.server";

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

export async function listUsers(db: Db, now = new Date()): Promise<UserRow[]> {
  const rows = await listUsersWithSessions(db.kysely, now.toISOString());
  return rows.map((r) => ({ ...r, disabled: r.disabled === 1 }));
}

export interface PendingInvitation {
  email: string;
  role: Role;
  invited_by: string | null;
  created_at: string;
  expires_at: string;
}

/** Invitations not yet used and not expired, newest first (at most 50). */
export function pendingInvitations(db: Db, now = new Date()): Promise<PendingInvitation[]> {
  return listLiveInvitations(db.kysely, now.toISOString());
}

function roleOf(value: unknown): Role {
  if (!isRole(value)) throw new ApiError(400, "invalid_input", `Please check: role must be one of: ${ROLES.join(", ")}.`, { role: `must be one of: ${ROLES.join(", ")}` });
  return value;
}

async function target(db: Db, id: string) {
  const u = await findAccountState(db.kysely, id);
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
  if (Object.keys(errors).length || !isRole(role)) throw new ApiError(400, "invalid_input", "Please check the invitation.", errors);
  const address = e.data!;
  if (await findUserIdByEmail(ctx.db.kysely, address)) {
    throw new ApiError(409, "email_taken", "There is already an account with this email address: change its role in the list instead.", {
      email: "already has an account",
    });
  }
  await inviteUser(ctx, admin, address, role, baseUrl);
  return { email: address, role };
}

export async function setRole(db: Db, admin: User, id: string, role: unknown, now = new Date()): Promise<void> {
  enforce(`writes:user:${admin.id}`, LIMITS.writesPerUser, "changes in a short time");
  const r = roleOf(role);
  notSelf(admin, id, "change the role of");
  const u = await target(db, id);
  if (u.role === r) return;
  await updateUser(db.kysely, id, { role: r, updated_at: now.toISOString() });
}

/** Disable (and sign out everywhere) or enable an account. */
export async function setDisabled(db: Db, admin: User, id: string, disabled: boolean, now = new Date()): Promise<void> {
  enforce(`writes:user:${admin.id}`, LIMITS.writesPerUser, "changes in a short time");
  if (disabled) notSelf(admin, id, "disable");
  await target(db, id);
  const iso = now.toISOString();
  await db.kysely.transaction().execute(async (tx) => {
    await updateUser(tx, id, { disabled: disabled ? 1 : 0, updated_at: iso });
    if (disabled) await revokeSessionsOf(tx, id, iso);
  });
}

export async function signOutEverywhere(db: Db, admin: User, id: string, now = new Date()): Promise<void> {
  enforce(`writes:user:${admin.id}`, LIMITS.writesPerUser, "changes in a short time");
  await target(db, id);
  await revokeSessionsOf(db.kysely, id, now.toISOString());
}

/** Make an account, or give an existing one this password and role (and sign it out everywhere). */
export async function upsertUser(
  db: Db,
  input: { email: string; password: string; role: Role; name?: string },
  now = new Date(),
): Promise<{ user: User; created: boolean }> {
  const email = input.email.trim().toLowerCase();
  const hash = await hashPassword(input.password);
  const iso = now.toISOString();
  return db.kysely.transaction().execute(async (tx) => {
    const created = await insertUserIfNew(tx, { id: crypto.randomUUID(), email, name: input.name ?? "", password_hash: hash, role: input.role, disabled: 0, created_at: iso, updated_at: iso });
    const user = (await findUserByEmail(tx, email))!;
    if (!created) {
      await updateUser(tx, user.id, { password_hash: hash, role: input.role, ...(input.name !== undefined ? { name: input.name } : {}), disabled: 0, updated_at: iso });
      await revokeSessionsOf(tx, user.id, iso);
    }
    return { user: (await findUserByEmail(tx, email))!, created };
  });
}

// ------------------------------------------------------------------ the connector's area

/** The postcode a connector works around (the dashboard's "your area"); empty clears it. */
export async function setUserArea(db: Db, user: User, postcode: string, now = new Date()): Promise<{ ok: true; label: string } | { ok: false; error: string }> {
  const trimmed = postcode.trim();
  const area = (set: { area_postcode: string | null; area_lat: number | null; area_lng: number | null }) =>
    updateUser(db.kysely, user.id, { ...set, updated_at: now.toISOString() });
  if (!trimmed) {
    await area({ area_postcode: null, area_lat: null, area_lng: null });
    return { ok: true, label: "" };
  }
  const g = await geocodePostcode(db, trimmed);
  if (g === null) return { ok: false, error: "Enter a real postcode, like M33 7XX or M33" };
  if (g === undefined) return { ok: false, error: `${trimmed.toUpperCase()} is not a postcode we know. Check it and try again` };
  await area({ area_postcode: g.postcode, area_lat: g.lat, area_lng: g.lng });
  return { ok: true, label: g.postcode };
}
