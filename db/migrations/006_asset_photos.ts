import { sql, type Kysely } from "kysely";

// Optional photos of an asset (issue 3), each with the words a screen reader says for it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE asset_photos (
      id TEXT PRIMARY KEY,
      asset_id TEXT NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
      mime TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp')),
      bytes BLOB NOT NULL,
      alt TEXT NOT NULL,
      added_by TEXT REFERENCES users(id) ON DELETE SET NULL,
      created_at TEXT NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX asset_photos_asset ON asset_photos(asset_id, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS asset_photos`.execute(db);
}
