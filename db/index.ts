// The database connection (SQLite through better-sqlite3, typed with Kysely) and migrations.
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect, type Compilable, type SqliteDatabase, type Migration, type MigrationProvider, type Transaction } from "kysely";
import type { Database } from "./schema";
import * as m001 from "./migrations/001_directory";
import * as m002 from "./migrations/002_search_index";
import * as m003 from "./migrations/003_changing_places_rtree";
import * as m004 from "./migrations/004_accounts";
import * as m005 from "./migrations/005_import_runs";
import * as m006 from "./migrations/006_asset_photos";
import * as m010 from "./migrations/010_profiles_plans";
import * as m020 from "./migrations/020_budget";
import * as m021 from "./migrations/021_plan_costs";
import * as m022 from "./migrations/022_plan_items_own_lines";
import * as m030 from "./migrations/030_reset_tokens";
import * as m031 from "./migrations/031_import_mapping_owner";

export type { Database } from "./schema";

/** What a data module runs its queries on: the database, or a transaction a use case started. */
export type Executor = Kysely<Database> | Transaction<Database>;

/** Every migration, in order. Add new ones here (and in db/migrations/). */
const MIGRATIONS: Record<string, Migration> = {
  "001_directory": m001,
  "002_search_index": m002,
  "003_changing_places_rtree": m003,
  "004_accounts": m004,
  "005_import_runs": m005,
  "006_asset_photos": m006,
  "010_profiles_plans": m010,
  "020_budget": m020,
  "021_plan_costs": m021,
  "022_plan_items_own_lines": m022,
  "030_reset_tokens": m030,
  "031_import_mapping_owner": m031,
};

class StaticProvider implements MigrationProvider {
  async getMigrations() {
    return MIGRATIONS;
  }
}

export interface Db {
  /** The raw connection, for the synchronous hot paths (search, transactional writes). */
  sqlite: SQLite.Database;
  /** The typed query builder. */
  kysely: Kysely<Database>;
  path: string;
}

export function openDatabase(file: string): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("cache_size = -65536");
  sqlite.pragma("temp_store = MEMORY");
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { sqlite, kysely, path: file };
}

/**
 * Kysely's SQLite driver prepares every statement it runs; preparing costs more than running a
 * small statement, so the prepared statements are kept by their SQL (a write runs the same few
 * dozen again and again). Safe because the driver runs one query at a time on the connection.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let stmt = cache.get(text);
      if (!stmt) {
        stmt = sqlite.prepare(text);
        if (cache.size >= 1000) cache.clear();
        cache.set(text, stmt);
      }
      return stmt;
    },
  };
}

export async function migrate(db: Db): Promise<string[]> {
  // Several people add migrations in parallel; a later-numbered one may land first.
  const migrator = new Migrator({ db: db.kysely, provider: new StaticProvider(), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** Run a Kysely-built statement synchronously (for use inside a better-sqlite3 transaction). */
export function run(db: Db, query: Compilable): SQLite.RunResult {
  const c = query.compile();
  return db.sqlite.prepare(c.sql).run(...(c.parameters as unknown[]));
}

/** Fetch rows of a Kysely-built query synchronously. */
export function all<T>(db: Db, query: Compilable<T>): T[] {
  const c = query.compile();
  return db.sqlite.prepare(c.sql).all(...(c.parameters as unknown[])) as T[];
}

export function first<T>(db: Db, query: Compilable<T>): T | undefined {
  const c = query.compile();
  return db.sqlite.prepare(c.sql).get(...(c.parameters as unknown[])) as T | undefined;
}

let shared: Db | null = null;
let ready: Promise<Db> | null = null;

/** The process-wide connection to this file (the configured DATABASE_PATH), migrated. */
export function getDb(file: string): Promise<Db> {
  if (!ready) {
    shared = openDatabase(file);
    const db = shared;
    ready = migrate(db).then(() => db);
  }
  return ready;
}

export async function closeSharedDb(): Promise<void> {
  if (shared) {
    await shared.kysely.destroy().catch(() => undefined);
    shared = null;
    ready = null;
  }
}
