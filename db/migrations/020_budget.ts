import { sql, type Kysely } from "kysely";

// The budget calculator (issue 5). Versions of each questionnaire (a draft is edited; a published
// version never changes), budgets people save (kept with the version they were worked out
// under, the whole result stored), and a history of every change to either (who, when, what).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE budget_versions (
      id TEXT PRIMARY KEY,              -- "adult-1", "child-3"
      questionnaire TEXT NOT NULL CHECK (questionnaire IN ('adult', 'child')),
      number INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
      config TEXT NOT NULL,             -- JSON, RasConfig (app/core/budget/types.ts)
      based_on TEXT REFERENCES budget_versions(id),
      created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      published_by TEXT REFERENCES users(id) ON DELETE SET NULL,
      published_at TEXT,
      UNIQUE (questionnaire, number)
    )`.execute(db);
  // Published versions are immutable, in the database too.
  await sql`
    CREATE TRIGGER budget_versions_published_immutable
    BEFORE UPDATE ON budget_versions
    WHEN OLD.status = 'published'
    BEGIN
      SELECT RAISE(ABORT, 'a published budget version cannot be changed');
    END`.execute(db);
  await sql`
    CREATE TRIGGER budget_versions_published_undeletable
    BEFORE DELETE ON budget_versions
    WHEN OLD.status = 'published'
    BEGIN
      SELECT RAISE(ABORT, 'a published budget version cannot be deleted');
    END`.execute(db);
  await sql`
    CREATE TABLE budgets (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      questionnaire TEXT NOT NULL,
      version_id TEXT NOT NULL REFERENCES budget_versions(id),
      input TEXT NOT NULL,              -- JSON, EstimateInput
      result TEXT NOT NULL,             -- JSON, the Estimate as saved (never recalculated)
      per_year_pence INTEGER,           -- null: panel review
      holding TEXT NOT NULL DEFAULT '{}', -- JSON, stream → how the money is held
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX budgets_user ON budgets(user_id, updated_at)`.execute(db);
  await sql`
    CREATE TABLE budget_events (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      budget_id TEXT REFERENCES budgets(id) ON DELETE CASCADE,
      version_id TEXT REFERENCES budget_versions(id),
      user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
      action TEXT NOT NULL,             -- saved | changed | holding | version_created | version_edited | version_published
      detail TEXT NOT NULL,             -- plain English
      created_at TEXT NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX budget_events_budget ON budget_events(budget_id, id)`.execute(db);
  await sql`CREATE INDEX budget_events_version ON budget_events(version_id, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS budget_events`.execute(db);
  await sql`DROP TABLE IF EXISTS budgets`.execute(db);
  await sql`DROP TRIGGER IF EXISTS budget_versions_published_undeletable`.execute(db);
  await sql`DROP TRIGGER IF EXISTS budget_versions_published_immutable`.execute(db);
  await sql`DROP TABLE IF EXISTS budget_versions`.execute(db);
}
