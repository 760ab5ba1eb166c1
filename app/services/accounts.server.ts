// LEGACY (issue 10): the synchronous account look-ups and writes that profiles.server.ts still
// calls inside its better-sqlite3 transactions. The async versions are in
// app/features/accounts/people.server.ts and users.data.server.ts; delete this file when
// profiles.server.ts moves to them.
import crypto from "node:crypto";
import { first, run, type Db } from "../../db/index";
import { connectorAddedMail, FIRST_PASSWORD_DAYS, profileMadeMail } from "../features/accounts/people.server";
import { newToken, tokenHash } from "../features/accounts/tokens.server";
import { USER_FIELDS, withRole, type User } from "../features/accounts/users.data.server";
import { queueMail } from "./mailer.server";

export function getUserByEmail(db: Db, email: string): User | null {
  const row = first(db, db.kysely.selectFrom("users").select(USER_FIELDS).where("email", "=", email.trim()));
  return row ? withRole(row) : null;
}

export function accountIdFor(db: Db, email: string, now = new Date()): string {
  const iso = now.toISOString();
  run(
    db,
    db.kysely
      .insertInto("users")
      .values({ id: crypto.randomUUID(), email, name: "", password_hash: "", role: "member", disabled: 0, created_at: iso, updated_at: iso })
      .onConflict((oc) => oc.column("email").doNothing()),
  );
  return first(db, db.kysely.selectFrom("users").select("id").where("email", "=", email))!.id;
}

export function tellPersonAboutProfile(db: Db, by: User, profile: { id: string; user_id: string; consent_by: string | null }, baseUrl: string, now = new Date()): void {
  const owner = first(db, db.kysely.selectFrom("users").select(["id", "email", "password_hash", "disabled"]).where("id", "=", profile.user_id));
  if (!owner || owner.disabled) return;
  let token: string | null = null;
  if (owner.password_hash === "") {
    const t = newToken();
    const iso = now.toISOString();
    db.sqlite.transaction(() => {
      run(db, db.kysely.updateTable("password_resets").set({ used_at: iso }).where("user_id", "=", owner.id).where("used_at", "is", null));
      run(db, db.kysely.insertInto("password_resets").values({ id: tokenHash(t), user_id: owner.id, created_at: iso, expires_at: new Date(now.getTime() + FIRST_PASSWORD_DAYS * 86_400_000).toISOString() }));
    })();
    token = t;
  }
  queueMail(profileMadeMail(by, profile, owner.email, baseUrl, token));
}

export function tellConnectorAboutLink(db: Db, by: User, connectorId: string, profile: { id: string; display_name: string }, baseUrl: string): void {
  const c = first(db, db.kysely.selectFrom("users").select(["email"]).where("id", "=", connectorId));
  if (!c) return;
  queueMail(connectorAddedMail(by, c.email, profile, baseUrl));
}
