// The data module for the place-name gazetteer (`places`): towns and local authorities by a
// normalised key. The only code that reads or writes it.
import type { Insertable, Selectable } from "kysely";
import type { Executor } from "../../../db/index";
import type { PlacesTable } from "../../../db/schema";

export type PlaceRow = Selectable<PlacesTable>;
export type NewPlaceRow = Insertable<PlacesTable>;

const CHUNK = 500;

export function findPlaceByKey(db: Executor, key: string): Promise<Pick<PlaceRow, "name" | "lat" | "lng"> | undefined> {
  return db.selectFrom("places").select(["name", "lat", "lng"]).where("key", "=", key).executeTakeFirst();
}

/** The place with the most listings whose key starts with `prefix`. */
export function findPlaceByPrefix(db: Executor, prefix: string): Promise<Pick<PlaceRow, "name" | "lat" | "lng"> | undefined> {
  return db
    .selectFrom("places")
    .select(["name", "lat", "lng"])
    .where("key", ">=", prefix)
    .where("key", "<", `${prefix}\uffff`)
    .orderBy("asset_count", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** Replace the whole gazetteer (call inside a transaction, so readers see the old or the new). */
export async function replacePlaces(db: Executor, rows: NewPlaceRow[]): Promise<void> {
  await db.deleteFrom("places").execute();
  for (let i = 0; i < rows.length; i += CHUNK) await db.insertInto("places").values(rows.slice(i, i + CHUNK)).execute();
}
