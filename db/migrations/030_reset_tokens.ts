import { sql, type Kysely } from "kysely";

// One live password-reset token per account (issue 16): asking again replaces the earlier link,
// and a reset spends every token the account has. Tokens already out are kept (the newest live
// one per account); the older live ones are spent now, so the index below can hold.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`
      UPDATE password_resets SET used_at = ${new Date().toISOString()}
      WHERE used_at IS NULL AND EXISTS (
        SELECT 1 FROM password_resets newer
        WHERE newer.user_id = password_resets.user_id AND newer.used_at IS NULL
          AND (newer.created_at > password_resets.created_at OR (newer.created_at = password_resets.created_at AND newer.id > password_resets.id))
      )`.execute(trx);
    await sql`CREATE UNIQUE INDEX password_resets_one_live ON password_resets (user_id) WHERE used_at IS NULL`.execute(trx);
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS password_resets_one_live`.execute(db);
}
