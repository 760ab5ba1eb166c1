import { sql, type Kysely } from "kysely";

// One row per in-site import (issue 3): who ran which upload with which mapping, the counts,
// and the rejected rows as a CSV with a reason column, for the connector to download.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE import_runs (
      id TEXT PRIMARY KEY,
      upload_id TEXT NOT NULL REFERENCES import_uploads(id) ON DELETE CASCADE,
      user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
      source TEXT NOT NULL,
      mapping TEXT NOT NULL,          -- JSON, the column mapping used (docs/import-mapping.md)
      read_count INTEGER NOT NULL,
      created_count INTEGER NOT NULL,
      updated_count INTEGER NOT NULL,
      unchanged_count INTEGER NOT NULL,
      rejected_count INTEGER NOT NULL,
      skipped_count INTEGER NOT NULL,
      rejects BLOB,                   -- the rejected rows as CSV (original columns + reason); null when none
      created_at TEXT NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX import_runs_upload ON import_runs(upload_id, created_at)`.execute(db);
  await sql`CREATE INDEX import_uploads_user ON import_uploads(user_id, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS import_uploads_user`.execute(db);
  await sql`DROP TABLE IF EXISTS import_runs`.execute(db);
}
