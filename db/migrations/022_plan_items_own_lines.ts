import { sql, type Kysely } from "kysely";

// The costed plan (issue 5): a plan may hold paid support that is not a directory listing ("a
// personal assistant, 10 hours a week at £14"). plan_items.asset_id becomes optional (NULL: a
// line of the person's own, named by asset_name). SQLite cannot drop a NOT NULL constraint, so
// the table is rebuilt with the same columns, rows and index. Nothing references plan_items.
// Kysely runs SQLite migrations outside a transaction, so the rebuild is one transaction itself:
// stopped half way (a crash between DROP and RENAME), nothing has changed and it runs again.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute((trx) => rebuildUp(trx));
}

async function rebuildUp(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS plan_items_new`.execute(db);
  await sql`
    CREATE TABLE plan_items_new (
      id TEXT PRIMARY KEY,
      plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
      outcome_id TEXT REFERENCES plan_outcomes(id) ON DELETE SET NULL,
      asset_id TEXT,                    -- NULL: not a directory listing (asset_name is its name)
      asset_name TEXT NOT NULL,         -- the listing's name when added, or the line's own name
      who TEXT,
      when_text TEXT,
      cost_text TEXT,
      status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'tried', 'working', 'not_working')),
      added_by TEXT REFERENCES users(id) ON DELETE SET NULL,
      added_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      cost TEXT                         -- JSON ItemCost (app/core/budget/plan-costs.ts), or null: not costed yet
    )`.execute(db);
  await sql`
    INSERT INTO plan_items_new (id, plan_id, outcome_id, asset_id, asset_name, who, when_text, cost_text, status, added_by, added_at, updated_at, cost)
    SELECT id, plan_id, outcome_id, asset_id, asset_name, who, when_text, cost_text, status, added_by, added_at, updated_at, cost FROM plan_items`.execute(db);
  await sql`DROP TABLE plan_items`.execute(db);
  await sql`ALTER TABLE plan_items_new RENAME TO plan_items`.execute(db);
  await sql`CREATE INDEX plan_items_plan ON plan_items(plan_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute((trx) => rebuildDown(trx));
}

async function rebuildDown(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS plan_items_old`.execute(db);
  // Lines that are not directory listings cannot go back into a NOT NULL asset_id column.
  await sql`DELETE FROM plan_items WHERE asset_id IS NULL`.execute(db);
  await sql`
    CREATE TABLE plan_items_old (
      id TEXT PRIMARY KEY,
      plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
      outcome_id TEXT REFERENCES plan_outcomes(id) ON DELETE SET NULL,
      asset_id TEXT NOT NULL,
      asset_name TEXT NOT NULL,
      who TEXT,
      when_text TEXT,
      cost_text TEXT,
      status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'tried', 'working', 'not_working')),
      added_by TEXT REFERENCES users(id) ON DELETE SET NULL,
      added_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      cost TEXT
    )`.execute(db);
  await sql`INSERT INTO plan_items_old SELECT id, plan_id, outcome_id, asset_id, asset_name, who, when_text, cost_text, status, added_by, added_at, updated_at, cost FROM plan_items`.execute(db);
  await sql`DROP TABLE plan_items`.execute(db);
  await sql`ALTER TABLE plan_items_old RENAME TO plan_items`.execute(db);
  await sql`CREATE INDEX plan_items_plan ON plan_items(plan_id)`.execute(db);
}
