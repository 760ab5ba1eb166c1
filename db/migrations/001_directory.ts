import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE organisations (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      description TEXT,
      website TEXT,
      email TEXT,
      phone TEXT,
      charity_number TEXT,
      company_number TEXT,
      source TEXT NOT NULL,
      source_id TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (source, source_id)
    )`.execute(db);
  await sql`
    CREATE TABLE assets (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL,
      name TEXT NOT NULL,
      summary TEXT NOT NULL DEFAULT '',
      description TEXT NOT NULL DEFAULT '',
      organisation_id TEXT REFERENCES organisations(id),
      lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
      lng REAL NOT NULL CHECK (lng BETWEEN -180 AND 180),
      address TEXT,
      locality TEXT,
      postcode TEXT,
      location_precision TEXT NOT NULL DEFAULT 'exact',
      phone TEXT,
      email TEXT,
      website TEXT,
      opening_hours TEXT,
      opening_hours_text TEXT,
      is_free INTEGER,
      cost_text TEXT,
      min_age INTEGER,
      max_age INTEGER,
      time_credits_earn TEXT,
      time_credits_spend TEXT,
      how_to_get_there TEXT,
      access_notes TEXT,
      is_example INTEGER NOT NULL DEFAULT 0,
      status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
      source TEXT NOT NULL,
      source_id TEXT NOT NULL,
      source_url TEXT,
      licence TEXT NOT NULL,
      attribution TEXT NOT NULL,
      verified_at TEXT,
      review_due TEXT,
      version INTEGER NOT NULL DEFAULT 1,
      -- A hash of the written fields: a re-import that changes nothing leaves the record alone.
      content_hash TEXT NOT NULL DEFAULT '',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (source, source_id)
    )`.execute(db);
  await sql`CREATE INDEX assets_kind ON assets(kind)`.execute(db);
  await sql`CREATE INDEX assets_organisation ON assets(organisation_id)`.execute(db);
  await sql`CREATE INDEX assets_review_due ON assets(review_due)`.execute(db);
  await sql`
    CREATE TABLE categories (
      code TEXT PRIMARY KEY,
      label TEXT NOT NULL,
      parent TEXT REFERENCES categories(code)
    )`.execute(db);
  await sql`
    CREATE TABLE asset_categories (
      asset_id TEXT NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
      category TEXT NOT NULL REFERENCES categories(code),
      -- 1: given on the record; 0: a parent category added so that filters and facets roll up.
      direct INTEGER NOT NULL DEFAULT 1,
      PRIMARY KEY (asset_id, category)
    ) WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX asset_categories_category ON asset_categories(category, asset_id)`.execute(db);
  await sql`
    CREATE TABLE access_features (
      code TEXT PRIMARY KEY,
      label TEXT NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE asset_access (
      asset_id TEXT NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
      feature TEXT NOT NULL REFERENCES access_features(code),
      PRIMARY KEY (asset_id, feature)
    ) WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX asset_access_feature ON asset_access(feature, asset_id)`.execute(db);
  await sql`
    CREATE TABLE changing_places (
      asset_id TEXT PRIMARY KEY REFERENCES assets(id) ON DELETE CASCADE,
      hoist TEXT,
      adult_bench INTEGER,
      room_size_m2 REAL,
      peninsular_wc INTEGER,
      radar_key INTEGER,
      opening_hours TEXT,
      notes TEXT
    )`.execute(db);
  await sql`
    CREATE TABLE postcodes (
      postcode TEXT PRIMARY KEY,
      outcode TEXT NOT NULL,
      lat REAL NOT NULL,
      lng REAL NOT NULL,
      precision TEXT NOT NULL CHECK (precision IN ('unit', 'district')),
      admin_district TEXT
    ) WITHOUT ROWID`.execute(db);
  await sql`
    CREATE TABLE places (
      key TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      lat REAL NOT NULL,
      lng REAL NOT NULL,
      asset_count INTEGER NOT NULL
    ) WITHOUT ROWID`.execute(db);
  await sql`
    CREATE TABLE datasets (
      source TEXT PRIMARY KEY,
      title TEXT NOT NULL,
      licence TEXT NOT NULL,
      attribution TEXT NOT NULL,
      url TEXT,
      imported_at TEXT NOT NULL,
      row_count INTEGER NOT NULL
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["datasets", "places", "postcodes", "changing_places", "asset_access", "access_features", "asset_categories", "categories", "assets", "organisations"]) {
    await sql`DROP TABLE IF EXISTS ${sql.raw(t)}`.execute(db);
  }
}
