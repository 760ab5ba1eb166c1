// The exports' consistent snapshot, SQLite's way: a read-only connection of its own (not the
// server's shared one) holding one read transaction, so that in WAL mode it sees the database as
// it was when the export began, undisturbed by writes made while it streams. PostgreSQL would use
// a REPEATABLE READ transaction on a pooled connection instead.
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Database } from "../../../db/schema";

export interface Snapshot {
  /** The snapshot's queries run here (an Executor for the data modules). */
  db: Kysely<Database>;
  /** Ends the read transaction and closes the connection; again is a no-op. Not while a query runs. */
  close(): void;
}

/** A read-only connection with an open read transaction: the database as it is now. */
export function openSnapshot(dbPath: string): Snapshot {
  const sqlite = new SQLite(dbPath, { readonly: true, fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  sqlite.exec("BEGIN");
  // The snapshot starts with the first read.
  sqlite.prepare("SELECT COUNT(*) FROM assets WHERE rowid = 0").get();
  // Kysely's own transactions live inside one callback; this one lives as long as the stream, so
  // it is begun and ended on the connection itself, and Kysely only reads through it.
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  let closed = false;
  return {
    db,
    close() {
      if (closed) return;
      closed = true;
      try {
        sqlite.exec("COMMIT");
      } finally {
        sqlite.close();
      }
    },
  };
}
