// Password-reset tokens (the password_resets table): the only code that reads or writes them.
// Only the SHA-256 of the emailed token is stored. An account has at most one live token (index
// password_resets_one_live, migration 030): insert a new one only after spending the old ones,
// in one transaction.
import type { Insertable, Selectable } from "kysely";
import type { Executor } from "../../../db/index";
import type { PasswordResetsTable } from "../../../db/schema";

export type ResetTokenRow = Selectable<PasswordResetsTable>;
export type NewResetToken = Insertable<PasswordResetsTable>;

export async function insertResetToken(db: Executor, row: NewResetToken): Promise<void> {
  await db.insertInto("password_resets").values(row).execute();
}

/** The account a live (unspent, unexpired) token belongs to. */
export async function findResetTokenUser(db: Executor, id: string, nowIso: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("password_resets")
    .select("user_id")
    .where("id", "=", id)
    .where("used_at", "is", null)
    .where("expires_at", ">", nowIso)
    .executeTakeFirst();
  return row?.user_id;
}

/** Spend every live token of this account. */
export async function spendResetTokensOf(db: Executor, userId: string, nowIso: string): Promise<void> {
  await db.updateTable("password_resets").set({ used_at: nowIso }).where("user_id", "=", userId).where("used_at", "is", null).execute();
}
