// The data module for the in-site import: uploaded files (import_uploads), the runs made from
// them with their rejected rows (import_runs) and saved column mappings (import_mappings). The
// only code that reads or writes those tables.
import type { Insertable, Selectable } from "kysely";
import type { Executor } from "../../../db/index";
import type { ImportMappingsTable, ImportRunsTable, ImportUploadsTable } from "../../../db/schema";

export type UploadRow = Selectable<ImportUploadsTable>;
export type NewUploadRow = Insertable<ImportUploadsTable>;
export type RunRow = Selectable<ImportRunsTable>;
export type NewRunRow = Insertable<ImportRunsTable>;
export type MappingRow = Selectable<ImportMappingsTable>;
export type NewMappingRow = Insertable<ImportMappingsTable>;

// ------------------------------------------------------------------ uploads

export async function insertUpload(db: Executor, row: NewUploadRow): Promise<void> {
  await db.insertInto("import_uploads").values(row).execute();
}

/** An upload without its content: who, what, and its size in bytes. */
export function findUpload(db: Executor, id: string) {
  return db
    .selectFrom("import_uploads")
    .select((eb) => ["id", "user_id", "filename", "format", eb.fn<number>("length", ["content"]).as("size"), "created_at"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** A person's latest uploads, newest first, with how many runs each has had. */
export function listUploadsOf(db: Executor, userId: string, limit: number) {
  return db
    .selectFrom("import_uploads as u")
    .select((eb) => [
      "u.id",
      "u.user_id",
      "u.filename",
      "u.format",
      eb.fn<number>("length", ["u.content"]).as("size"),
      "u.created_at",
      eb.selectFrom("import_runs as r").select((r) => r.fn.countAll<number>().as("n")).whereRef("r.upload_id", "=", "u.id").as("runs"),
    ])
    .where("u.user_id", "=", userId)
    .orderBy("u.created_at", "desc")
    .limit(limit)
    .execute();
}

export async function findUploadContent(db: Executor, id: string): Promise<Buffer | undefined> {
  return (await db.selectFrom("import_uploads").select("content").where("id", "=", id).executeTakeFirst())?.content;
}

// ------------------------------------------------------------------ runs

export async function insertRun(db: Executor, row: NewRunRow): Promise<void> {
  await db.insertInto("import_runs").values(row).execute();
}

/** A run's counts, with its upload's file name (the rejects themselves are left out). */
export function findRun(db: Executor, id: string) {
  return db
    .selectFrom("import_runs as r")
    .innerJoin("import_uploads as u", "u.id", "r.upload_id")
    .select((eb) => [
      "r.id",
      "r.upload_id",
      "u.filename",
      "r.user_id",
      "r.source",
      "r.read_count",
      "r.created_count",
      "r.updated_count",
      "r.unchanged_count",
      "r.rejected_count",
      "r.skipped_count",
      eb("r.rejects", "is not", null).as("has_rejects"),
      "r.created_at",
    ])
    .where("r.id", "=", id)
    .executeTakeFirst();
}

export async function findRunRejects(db: Executor, id: string): Promise<Buffer | null> {
  return (await db.selectFrom("import_runs").select("rejects").where("id", "=", id).executeTakeFirst())?.rejects ?? null;
}

// ------------------------------------------------------------------ saved mappings

/**
 * Every saved mapping with who saved it (their name, else their email; null when the account is
 * gone): the person's own first, then by name and owner, case aside.
 */
export function listMappings(db: Executor, userId: string | null) {
  return db
    .selectFrom("import_mappings as m")
    .leftJoin("users as u", "u.id", "m.owner_id")
    .select((eb) => ["m.id", "m.name", "m.owner_id", eb.fn.coalesce(eb.fn<string | null>("nullif", ["u.name", eb.val("")]), "u.email").as("owner_name"), "m.mapping", "m.updated_at"])
    .orderBy((eb) => eb.and([eb("m.owner_id", "is", userId), eb("m.owner_id", "is not", null)]), (ob) => ob.desc())
    .orderBy("m.name", (ob) => ob.collate("nocase"))
    .orderBy("owner_name", (ob) => ob.collate("nocase"))
    .execute();
}

/**
 * Save a mapping under a name: one statement, so two saves racing cannot both insert (the unique
 * index is on owner and name, case aside). Saving again under an owner's name replaces it.
 * Returns the id kept.
 */
export async function upsertMapping(db: Executor, row: NewMappingRow): Promise<string> {
  const r = await db
    .insertInto("import_mappings")
    .values(row)
    .onConflict((oc) => oc.columns(["owner_id", "name"]).doUpdateSet((eb) => ({ mapping: eb.ref("excluded.mapping"), updated_at: eb.ref("excluded.updated_at") })))
    .returning("id")
    .executeTakeFirstOrThrow();
  return r.id;
}
