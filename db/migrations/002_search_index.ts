import { sql, type Kysely } from "kysely";

// The embedded search index: FTS5 for words (rowid = assets.seq) and an R*Tree for places.
// Derived data: `npm run reindex` rebuilds both from the assets table.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE VIRTUAL TABLE asset_fts USING fts5(
      name, summary, keywords, description, locality,
      tokenize = 'unicode61 remove_diacritics 2',
      prefix = '2 3 4'
    )`.execute(db);
  // Every word the index has seen, for typo-tolerant matching (stale words are harmless).
  await sql`CREATE TABLE search_terms (term TEXT PRIMARY KEY) WITHOUT ROWID`.execute(db);
  await sql`CREATE VIRTUAL TABLE asset_rtree USING rtree(seq, min_lng, max_lng, min_lat, max_lat)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS asset_fts`.execute(db);
  await sql`DROP TABLE IF EXISTS asset_rtree`.execute(db);
  await sql`DROP TABLE IF EXISTS search_terms`.execute(db);
}
