// Password-reset tokens: an account has at most one live token, so issuing one spends the
// earlier ones (in one transaction), and a successful reset spends them all.
import type { Db } from "../../../db/index";
import { findResetTokenUser, insertResetToken, spendResetTokensOf } from "./reset-tokens.data.server";
import { newToken, tokenHash } from "./tokens.server";

/** A new token for this account, replacing any earlier live one. Returns the token to email. */
export async function issueResetToken(db: Db, userId: string, validMs: number, now = new Date()): Promise<string> {
  const token = newToken();
  const iso = now.toISOString();
  await db.kysely.transaction().execute(async (tx) => {
    await spendResetTokensOf(tx, userId, iso);
    await insertResetToken(tx, { id: tokenHash(token), user_id: userId, created_at: iso, expires_at: new Date(now.getTime() + validMs).toISOString() });
  });
  return token;
}

/** The account a live (unspent, unexpired) token belongs to, or null. */
export async function resetTokenUser(db: Db, token: string, now = new Date()): Promise<string | null> {
  return (await findResetTokenUser(db.kysely, tokenHash(token), now.toISOString())) ?? null;
}

/** Spend every live token of this account. */
export async function spendResetTokens(db: Db, userId: string, now = new Date()): Promise<void> {
  await spendResetTokensOf(db.kysely, userId, now.toISOString());
}
