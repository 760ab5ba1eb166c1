// The users table: the only code that reads or writes accounts. Who may change which account is
// the use cases' to decide.
import type { Insertable, Selectable, Updateable } from "kysely";
import type { Executor } from "../../../db/index";
import type { UsersTable } from "../../../db/schema";
import { isRole, type Role } from "../../core/access-policy";

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserPatch = Updateable<UsersTable>;

/** Someone signed in, as the code passes them around: the account without its secrets. */
export type User = Pick<UserRow, "id" | "email" | "name" | "area_postcode" | "area_lat" | "area_lng"> & { role: Role };

/** What a `User` is read with. */
export const USER_FIELDS = ["id", "email", "name", "role", "area_postcode", "area_lat", "area_lng"] as const;

/** The row with its role as a Role (the CHECK constraints on users and invitations allow no other). */
export function withRole<T extends { role: string }>(row: T): Omit<T, "role"> & { role: Role } {
  if (!isRole(row.role)) throw new Error(`A row has an unknown role: ${row.role}`);
  return { ...row, role: row.role };
}

export async function findUserById(db: Executor, id: string): Promise<User | undefined> {
  const row = await db.selectFrom("users").select(USER_FIELDS).where("id", "=", id).executeTakeFirst();
  return row && withRole(row);
}

export async function findUserByEmail(db: Executor, email: string): Promise<User | undefined> {
  const row = await db.selectFrom("users").select(USER_FIELDS).where("email", "=", email).executeTakeFirst();
  return row && withRole(row);
}

/** An account that may sign in (not disabled), with its password hash ("" when none was chosen yet). */
export async function findSignInByEmail(db: Executor, email: string): Promise<(User & { password_hash: string }) | undefined> {
  const row = await db
    .selectFrom("users")
    .select([...USER_FIELDS, "password_hash"])
    .where("email", "=", email)
    .where("disabled", "=", 0)
    .executeTakeFirst();
  return row && withRole(row);
}

/** An account's id, role, whether it is disabled and whether it has a password yet. */
export async function findAccountState(db: Executor, id: string) {
  const row = await db.selectFrom("users").select(["id", "email", "role", "disabled", "password_hash"]).where("id", "=", id).executeTakeFirst();
  return row && withRole(row);
}

/** The id of the account with this email (disabled or not). */
export async function findUserIdByEmail(db: Executor, email: string): Promise<string | undefined> {
  const row = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
  return row?.id;
}

/** Adds the account unless its email already has one; true when it was added. */
export async function insertUserIfNew(db: Executor, row: NewUser): Promise<boolean> {
  const r = await db
    .insertInto("users")
    .values(row)
    .onConflict((oc) => oc.column("email").doNothing())
    .executeTakeFirst();
  return (r.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export async function updateUser(db: Executor, id: string, patch: UserPatch): Promise<void> {
  await db.updateTable("users").set(patch).where("id", "=", id).execute();
}

/** Every account for the admin list, with its live sessions counted: enabled first, admins, connectors, then members, by email. */
export async function listUsersWithSessions(db: Executor, nowIso: string) {
  const rows = await db
    .selectFrom("users as u")
    .select((eb) => [
      "u.id",
      "u.email",
      "u.name",
      "u.role",
      "u.disabled",
      "u.created_at",
      eb
        .selectFrom("sessions as s")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("s.user_id", "=", "u.id")
        .where("s.revoked_at", "is", null)
        .where("s.expires_at", ">", nowIso)
        .as("active_sessions"),
      eb
        .selectFrom("sessions as s")
        .select((e) => e.fn.max("s.last_seen_at").as("m"))
        .whereRef("s.user_id", "=", "u.id")
        .as("last_seen_at"),
    ])
    .orderBy("u.disabled")
    .orderBy((eb) => eb.case().when("u.role", "=", "admin").then(0).when("u.role", "=", "connector").then(1).else(2).end())
    .orderBy("u.email", (ob) => ob.collate("nocase"))
    .execute();
  return rows.map((r) => ({ ...withRole(r), active_sessions: r.active_sessions ?? 0 }));
}
