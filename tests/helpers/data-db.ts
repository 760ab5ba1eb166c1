// For data-module unit tests: a migrated SQLite file of its own in a temporary folder (a real
// database, no mocks), and rows added with the query builder.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Insertable } from "kysely";
import { migrate, openDatabase, type Db } from "../../db/index";
import type { AssetsTable, UsersTable } from "../../db/schema";

export interface TestDb {
  db: Db;
  close(): Promise<void>;
}

export async function openTestDb(): Promise<TestDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-data-"));
  const db = openDatabase(path.join(dir, "test.db"));
  await migrate(db);
  return {
    db,
    async close() {
      await db.kysely.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

let counter = 0;

/** An active asset with every required column filled; `over` replaces any of them. */
export async function addAsset(db: Db, over: Partial<Insertable<AssetsTable>> = {}): Promise<Insertable<AssetsTable>> {
  counter++;
  const row: Insertable<AssetsTable> = {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`,
    kind: "community_group",
    name: `Asset ${counter}`,
    summary: "",
    description: "",
    organisation_id: null,
    lat: 53.42,
    lng: -2.35,
    address: null,
    locality: null,
    postcode: null,
    location_precision: "exact",
    phone: null,
    email: null,
    website: null,
    opening_hours: null,
    opening_hours_text: null,
    is_free: null,
    cost_text: null,
    min_age: null,
    max_age: null,
    time_credits_earn: null,
    time_credits_spend: null,
    how_to_get_there: null,
    access_notes: null,
    is_example: 0,
    status: "active",
    source: "test",
    source_id: `t${counter}`,
    source_url: null,
    licence: "OGL",
    attribution: "Test",
    verified_at: null,
    review_due: null,
    version: 1,
    content_hash: "",
    created_at: "2026-01-01T00:00:00.000Z",
    updated_at: "2026-01-01T00:00:00.000Z",
    ...over,
  };
  await db.kysely.insertInto("assets").values(row).execute();
  return row;
}

export async function addUser(db: Db, id: string, over: Partial<Pick<Insertable<UsersTable>, "name" | "email" | "role">> = {}): Promise<void> {
  await db.kysely
    .insertInto("users")
    .values({
      id,
      email: `${id}@t.test`,
      name: id,
      password_hash: "x",
      role: "connector",
      area_postcode: null,
      area_lat: null,
      area_lng: null,
      disabled: 0,
      created_at: "2026-01-01",
      updated_at: "2026-01-01",
      ...over,
    })
    .execute();
}
