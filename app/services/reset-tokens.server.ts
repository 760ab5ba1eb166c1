// Password-reset tokens (the password_resets table). The emailed token is secret; only its
// SHA-256 is stored. An account has at most one live token: issuing one spends the earlier ones,
// and a successful reset spends them all (index password_resets_one_live, migration 030).
import crypto from "node:crypto";
import { first, run, type Db } from "../../db/index";
import { tokenHash } from "./auth.server";

/** A new token for this account, replacing any earlier live one. Returns the token to email. */
export function issueResetToken(db: Db, userId: string, validMs: number, now = new Date()): string {
  const token = crypto.randomBytes(32).toString("base64url");
  const iso = now.toISOString();
  db.sqlite.transaction(() => {
    spendResetTokens(db, userId, now);
    run(db, db.kysely.insertInto("password_resets").values({ id: tokenHash(token), user_id: userId, created_at: iso, expires_at: new Date(now.getTime() + validMs).toISOString() }));
  })();
  return token;
}

/** The account a live (unspent, unexpired) token belongs to, or null. */
export function resetTokenUser(db: Db, token: string, now = new Date()): string | null {
  const row = first(
    db,
    db.kysely.selectFrom("password_resets").select("user_id").where("id", "=", tokenHash(token)).where("used_at", "is", null).where("expires_at", ">", now.toISOString()),
  );
  return row?.user_id ?? null;
}

/** Spend every live token of this account. */
export function spendResetTokens(db: Db, userId: string, now = new Date()): void {
  run(db, db.kysely.updateTable("password_resets").set({ used_at: now.toISOString() }).where("user_id", "=", userId).where("used_at", "is", null));
}
