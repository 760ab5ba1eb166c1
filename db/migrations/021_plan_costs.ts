import { sql, type Kysely } from "kysely";

// The costed plan (issue 5): each plan item may carry a cost (a PlanLine from
// app/core/budget/costing.ts, stored as JSON: cost type, price in pence, quantity a week in
// hundredths, funding stream, quadrant); a plan may be measured against one of the person's
// saved budgets; and every change to a plan is kept in plan_events (who, when, what).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE plan_items ADD COLUMN cost TEXT`.execute(db); // JSON, or null: not costed yet
  await sql`ALTER TABLE plans ADD COLUMN budget_id TEXT REFERENCES budgets(id) ON DELETE SET NULL`.execute(db);
  await sql`
    CREATE TABLE plan_events (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
      user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
      action TEXT NOT NULL,             -- member_added | outcome_added | item_added | item_cost | budget_chosen | ...
      detail TEXT NOT NULL,             -- plain English
      created_at TEXT NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX plan_events_plan ON plan_events(plan_id, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS plan_events`.execute(db);
  await sql`ALTER TABLE plans DROP COLUMN budget_id`.execute(db);
  await sql`ALTER TABLE plan_items DROP COLUMN cost`.execute(db);
}
