/**
 * A fingerprint of the stored data a refused request must not change, read from a test server's
 * SQLite file (read-only, beside the running server; WAL lets both read at once):
 *
 *   const snap = dataSnapshot(server.dbPath);
 *   const before = snap.take();  …  const after = snap.take();
 *   snap.diff(before, after)   // [] or the tables that changed
 *   snap.close();
 *
 * Small tables (accounts, suggestions, profiles, plans, budgets, imports …) are hashed row by
 * row; the directory's large tables by what every write through the app changes (count, the
 * highest key, the sum of versions, the latest updated_at), so a snapshot takes a few ms.
 * Left out on purpose: sessions (signing in and out, last_seen_at), rate-limit state (in memory),
 * and the search index's own tables (derived from assets). This file must not import vitest.
 */
import crypto from "node:crypto";
import Database from "better-sqlite3";

/** Hashed whole: every column of every row. */
const HASHED = [
  "users",
  "invitations",
  "password_resets",
  "suggestions",
  "profiles",
  "profile_connectors",
  "plans",
  "plan_members",
  "plan_outcomes",
  "plan_items",
  "plan_events",
  "budgets",
  "budget_versions",
  "budget_events",
  "import_mappings",
  "import_runs",
  "changing_places",
];

/** Large tables: aggregates that any change through the app moves. */
const AGGREGATED: Record<string, string> = {
  assets: "COUNT(*), MAX(seq), TOTAL(version), MAX(updated_at), MAX(verified_at), GROUP_CONCAT(DISTINCT status)",
  asset_revisions: "COUNT(*), MAX(id)",
  asset_categories: "COUNT(*)",
  asset_access: "COUNT(*)",
  asset_photos: "COUNT(*), GROUP_CONCAT(id), TOTAL(LENGTH(bytes))",
  import_uploads: "COUNT(*), GROUP_CONCAT(id), TOTAL(LENGTH(content))",
  organisations: "COUNT(*), MAX(updated_at)",
};

export type Snapshot = Record<string, string>;

export interface DataSnapshot {
  take(): Snapshot;
  diff(a: Snapshot, b: Snapshot): string[];
  close(): void;
}

export function dataSnapshot(dbPath: string): DataSnapshot {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  const present = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
  const queries: [string, Database.Statement][] = [];
  for (const t of HASHED) if (present.has(t)) queries.push([t, db.prepare(`SELECT * FROM "${t}"`).raw(true)]);
  for (const [t, agg] of Object.entries(AGGREGATED)) if (present.has(t)) queries.push([t, db.prepare(`SELECT ${agg} FROM "${t}"`).raw(true)]);

  function take(): Snapshot {
    const out: Snapshot = {};
    // One read transaction: every table from the same moment.
    db.transaction(() => {
      for (const [t, stmt] of queries) {
        // Rows sorted, so that the order SQLite happens to return them in does not matter.
        const rows = (stmt.all() as unknown[]).map((row) => JSON.stringify(row));
        out[t] = crypto.createHash("sha1").update(rows.sort().join("\n")).digest("hex").slice(0, 16);
      }
    })();
    return out;
  }

  return {
    take,
    diff: (a, b) => Object.keys(a).filter((t) => a[t] !== b[t]),
    close: () => db.close(),
  };
}
