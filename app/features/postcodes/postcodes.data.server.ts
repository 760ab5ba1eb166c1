// The data module for the postcode table: districts (OS Code-Point Open centroids) and unit
// postcodes seen in the open data. The only code that reads or writes `postcodes`.
import type { Insertable, Selectable } from "kysely";
import type { Executor } from "../../../db/index";
import type { PostcodesTable } from "../../../db/schema";

export type PostcodeRow = Selectable<PostcodesTable>;
export type NewPostcodeRow = Insertable<PostcodesTable>;

/** Rows per multi-row statement: 6 columns × 500 stays far below SQLite's limit on parameters. */
const CHUNK = 500;

function chunks<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** The rows stored under these keys ("M337XX", "M33"): one indexed lookup on the primary key. */
export function findPostcodes(db: Executor, keys: string[]): Promise<PostcodeRow[]> {
  return db.selectFrom("postcodes").selectAll().where("postcode", "in", keys).execute();
}

/** Every district and its local authority ("M33" → "Trafford"). */
export function listDistrictAuthorities(db: Executor): Promise<Pick<PostcodeRow, "postcode" | "admin_district">[]> {
  return db.selectFrom("postcodes").select(["postcode", "admin_district"]).where("precision", "=", "district").execute();
}

/** Each local authority at the mean of its districts' centres. */
export function listAuthorityCentres(db: Executor) {
  return db
    .selectFrom("postcodes")
    .select((eb) => [
      eb.ref("admin_district").$notNull().as("name"),
      eb.fn.avg<number>("lat").as("lat"),
      eb.fn.avg<number>("lng").as("lng"),
    ])
    .where("precision", "=", "district")
    .where("admin_district", "is not", null)
    .groupBy("admin_district")
    .execute();
}

export async function countDistricts(db: Executor): Promise<number> {
  const row = await db.selectFrom("postcodes").select((eb) => eb.fn.countAll<number>().as("n")).where("precision", "=", "district").executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countPostcodes(db: Executor): Promise<number> {
  const row = await db.selectFrom("postcodes").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Add or replace districts, many rows a statement. */
export async function upsertDistricts(db: Executor, rows: NewPostcodeRow[]): Promise<void> {
  for (const part of chunks(rows)) {
    await db
      .insertInto("postcodes")
      .values(part)
      .onConflict((oc) =>
        oc.column("postcode").doUpdateSet((eb) => ({
          outcode: eb.ref("excluded.outcode"),
          lat: eb.ref("excluded.lat"),
          lng: eb.ref("excluded.lng"),
          precision: eb.ref("excluded.precision"),
          admin_district: eb.ref("excluded.admin_district"),
        })),
      )
      .execute();
  }
}

/** Add unit postcodes not stored yet (a stored one keeps its coordinates). Returns how many were added. */
export async function insertNewPostcodes(db: Executor, rows: NewPostcodeRow[]): Promise<number> {
  let added = 0;
  for (const part of chunks(rows)) {
    const r = await db.insertInto("postcodes").values(part).onConflict((oc) => oc.column("postcode").doNothing()).executeTakeFirst();
    added += Number(r.numInsertedOrUpdatedRows ?? 0n);
  }
  return added;
}
