import { sql, type Kysely } from "kysely";

// Accounts, sessions, password resets and invitations (issue 3), plus the revision history,
// public suggestions, saved import mappings and uploads that connectors work with.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE users (
      id TEXT PRIMARY KEY,
      email TEXT NOT NULL UNIQUE COLLATE NOCASE,
      name TEXT NOT NULL DEFAULT '',
      password_hash TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('member', 'connector', 'admin')),
      area_postcode TEXT,
      area_lat REAL,
      area_lng REAL,
      disabled INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE sessions (
      id TEXT PRIMARY KEY,            -- SHA-256 of the cookie token; the token itself is never stored
      user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      last_seen_at TEXT NOT NULL,
      revoked_at TEXT,
      user_agent TEXT
    )`.execute(db);
  await sql`CREATE INDEX sessions_user ON sessions(user_id)`.execute(db);
  await sql`
    CREATE TABLE password_resets (
      id TEXT PRIMARY KEY,            -- SHA-256 of the emailed token
      user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      used_at TEXT
    )`.execute(db);
  await sql`
    CREATE TABLE invitations (
      id TEXT PRIMARY KEY,            -- SHA-256 of the emailed token
      email TEXT NOT NULL COLLATE NOCASE,
      role TEXT NOT NULL CHECK (role IN ('member', 'connector', 'admin')),
      invited_by TEXT REFERENCES users(id) ON DELETE SET NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      accepted_at TEXT
    )`.execute(db);
  await sql`
    CREATE TABLE asset_revisions (
      id INTEGER PRIMARY KEY,
      asset_id TEXT NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
      version INTEGER NOT NULL,
      user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
      action TEXT NOT NULL,           -- create | update | restore | archive | unarchive | verify | import | suggestion
      changes TEXT NOT NULL,          -- JSON [{field, old, new}]
      snapshot TEXT NOT NULL,         -- JSON of the whole record after the change (for restore)
      note TEXT,
      created_at TEXT NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX asset_revisions_asset ON asset_revisions(asset_id, version)`.execute(db);
  await sql`
    CREATE TABLE suggestions (
      id TEXT PRIMARY KEY,
      asset_id TEXT REFERENCES assets(id) ON DELETE CASCADE,  -- null: a new asset
      payload TEXT NOT NULL,          -- JSON of the suggested fields
      message TEXT,
      contact_email TEXT,
      submitted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
      status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
      reason TEXT,
      reviewed_by TEXT REFERENCES users(id) ON DELETE SET NULL,
      reviewed_at TEXT,
      created_at TEXT NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX suggestions_status ON suggestions(status, created_at)`.execute(db);
  await sql`
    CREATE TABLE import_mappings (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      owner_id TEXT REFERENCES users(id) ON DELETE SET NULL,
      mapping TEXT NOT NULL,          -- JSON
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE import_uploads (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      filename TEXT NOT NULL,
      format TEXT NOT NULL CHECK (format IN ('csv', 'geojson')),
      content BLOB NOT NULL,
      created_at TEXT NOT NULL
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["import_uploads", "import_mappings", "suggestions", "asset_revisions", "invitations", "password_resets", "sessions", "users"]) {
    await sql`DROP TABLE IF EXISTS ${sql.raw(t)}`.execute(db);
  }
}
