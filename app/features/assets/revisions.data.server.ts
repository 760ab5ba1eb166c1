// The data module for asset revisions (decision 0011): every change, who made it, and the whole
// record as written. The only code that reads or writes asset_revisions.
import type { Insertable, Selectable } from "kysely";
import type { Executor } from "../../../db/index";
import type { AssetRevisionsTable } from "../../../db/schema";

export type RevisionRow = Selectable<AssetRevisionsTable>;
export type NewRevisionRow = Insertable<AssetRevisionsTable>;

export async function insertRevisions(db: Executor, rows: NewRevisionRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insertInto("asset_revisions").values(rows.slice(i, i + 500)).execute();
}

/** The newest revision of a record (highest version, then the latest written). */
export function findLastRevision(db: Executor, id: string) {
  return db
    .selectFrom("asset_revisions")
    .select(["version", "snapshot"])
    .where("asset_id", "=", id)
    .orderBy("version", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** The snapshot of each record's newest revision, for many records at once (asset id → JSON). */
export async function findLastSnapshots(db: Executor, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (ids.length === 1) {
    const last = await findLastRevision(db, ids[0]);
    if (last) out.set(ids[0], last.snapshot);
    return out;
  }
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom("asset_revisions")
      .select(["asset_id", "snapshot"])
      .where("id", "in", (eb) =>
        eb
          .selectFrom("assets as x")
          .where("x.id", "in", ids.slice(i, i + 500))
          .select((x) =>
            x
              .selectFrom("asset_revisions as r")
              .select("r.id")
              .whereRef("r.asset_id", "=", "x.id")
              .orderBy("r.version", "desc")
              .orderBy("r.id", "desc")
              .limit(1)
              .as("last"),
          ),
      )
      .execute();
    for (const r of rows) out.set(r.asset_id, r.snapshot);
  }
  return out;
}

export async function findSnapshotAt(db: Executor, id: string, version: number): Promise<string | undefined> {
  const row = await db
    .selectFrom("asset_revisions")
    .select("snapshot")
    .where("asset_id", "=", id)
    .where("version", "=", version)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.snapshot;
}

export async function hasRevisionAt(db: Executor, id: string, version: number): Promise<boolean> {
  const row = await db.selectFrom("asset_revisions").select("id").where("asset_id", "=", id).where("version", "=", version).executeTakeFirst();
  return row !== undefined;
}

export async function countRevisions(db: Executor, id: string): Promise<number> {
  const row = await db
    .selectFrom("asset_revisions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("asset_id", "=", id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A page of a record's revisions, newest first, with who made each (null for imports). */
export function findRevisionPage(db: Executor, id: string, limit: number, offset: number) {
  return db
    .selectFrom("asset_revisions as r")
    .leftJoin("users as u", "u.id", "r.user_id")
    .select(["r.version", "r.action", "r.note", "r.created_at", "r.changes", "u.id as user_id", "u.name as user_name", "u.email as user_email"])
    .where("r.asset_id", "=", id)
    .orderBy("r.version", "desc")
    .orderBy("r.id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();
}

/** When the newest revision was written and by whom (their name, else their email). */
export function findLastAuthor(db: Executor, id: string) {
  return db
    .selectFrom("asset_revisions as r")
    .leftJoin("users as u", "u.id", "r.user_id")
    .select((eb) => ["r.created_at", eb.fn.coalesce(eb.fn<string | null>("nullif", ["u.name", eb.val("")]), "u.email").as("who")])
    .where("r.asset_id", "=", id)
    .orderBy("r.version", "desc")
    .orderBy("r.id", "desc")
    .limit(1)
    .executeTakeFirst();
}
