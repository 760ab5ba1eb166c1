// Migration 031 (issue 16, defect 9): saved import mappings become unique per owner and name;
// every existing row is kept.
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { describe, expect, it } from "vitest";
import * as m031 from "../../db/migrations/031_import_mapping_owner";

function oldTable() {
  const sqlite = new SQLite(":memory:");
  sqlite.exec(`CREATE TABLE import_mappings (id TEXT PRIMARY KEY, name TEXT NOT NULL, owner_id TEXT, mapping TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`);
  const add = sqlite.prepare("INSERT INTO import_mappings VALUES (?, ?, ?, '{}', 't', 't')");
  add.run("aaaaaaaa-1", "Council list", "u1");
  add.run("bbbbbbbb-2", "council LIST", "u1"); // a duplicate only a race could have made
  add.run("cccccccc-3", "Council list", "u2");
  add.run("dddddddd-4", "Council list", null);
  add.run("eeeeeeee-5", "Council list", null);
  return { sqlite, kysely: new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) }) };
}

describe("031_import_mapping_owner", () => {
  it("keeps every row, renames an owner's duplicate, then allows a name once per owner", async () => {
    const { sqlite, kysely } = oldTable();
    await m031.up(kysely);
    const rows = sqlite.prepare("SELECT id, name, owner_id FROM import_mappings ORDER BY id").all();
    expect(rows).toEqual([
      { id: "aaaaaaaa-1", name: "Council list", owner_id: "u1" },
      { id: "bbbbbbbb-2", name: "council LIST (bbbbbbbb)", owner_id: "u1" },
      { id: "cccccccc-3", name: "Council list", owner_id: "u2" },
      { id: "dddddddd-4", name: "Council list", owner_id: null },
      { id: "eeeeeeee-5", name: "Council list", owner_id: null },
    ]);
    expect(() => sqlite.prepare("INSERT INTO import_mappings VALUES ('x', 'COUNCIL LIST', 'u2', '{}', 't', 't')").run()).toThrow(/UNIQUE/);
    sqlite.prepare("INSERT INTO import_mappings VALUES ('y', 'Council list', 'u3', '{}', 't', 't')").run();
    await kysely.destroy();
  });
});
