import { sql, type Kysely } from "kysely";

// Real-wealth profiles and plans (issue 4). A profile belongs to one person (a member account);
// connectors see it only when linked to it (profile_connectors); admins see all. A plan belongs
// to a profile (a person or a household with members); outcomes in the person's own words;
// items are suggestions pulled into the plan. Deleting a profile deletes everything under it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE profiles (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      display_name TEXT NOT NULL,
      data TEXT NOT NULL,               -- JSON, ProfileData (app/core/profile.ts)
      lat REAL,
      lng REAL,
      consent_by TEXT,                  -- who gave consent when a connector made or edits it
      consent_at TEXT,
      consent_how TEXT,                 -- in_person | phone | video | written
      created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX profiles_user ON profiles(user_id)`.execute(db);
  await sql`
    CREATE TABLE profile_connectors (
      profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
      connector_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (profile_id, connector_id)
    )`.execute(db);
  await sql`CREATE INDEX profile_connectors_connector ON profile_connectors(connector_id)`.execute(db);
  await sql`
    CREATE TABLE plans (
      id TEXT PRIMARY KEY,
      profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
      title TEXT NOT NULL,
      created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX plans_profile ON plans(profile_id)`.execute(db);
  await sql`
    CREATE TABLE plan_members (
      id TEXT PRIMARY KEY,
      plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      relationship TEXT,
      age INTEGER,
      created_at TEXT NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE plan_outcomes (
      id TEXT PRIMARY KEY,
      plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
      member_id TEXT REFERENCES plan_members(id) ON DELETE SET NULL,
      statement TEXT NOT NULL,
      domain TEXT NOT NULL,
      priority INTEGER NOT NULL DEFAULT 3,
      created_at TEXT NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX plan_outcomes_plan ON plan_outcomes(plan_id)`.execute(db);
  await sql`
    CREATE TABLE plan_items (
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
      updated_at TEXT NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX plan_items_plan ON plan_items(plan_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["plan_items", "plan_outcomes", "plan_members", "plans", "profile_connectors", "profiles"]) {
    await sql.raw(`DROP TABLE IF EXISTS ${t}`).execute(db);
  }
}
