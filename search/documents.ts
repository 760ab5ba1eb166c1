// What an external index (Meilisearch) is built from: the asset records, their categories and
// access features, read with the query builder on the database the index serves. (search/ may
// not import the features, so the index reads the tables it mirrors here.)
import type { Executor } from "../db/index";

/** Every active asset's id, oldest first (for a rebuild). */
export async function listActiveAssetIds(db: Executor): Promise<string[]> {
  return (await db.selectFrom("assets").select("id").where("status", "=", "active").orderBy("seq").execute()).map((r) => r.id);
}

/** The fields of a search document, for these assets (whatever their status). */
export function findDocumentRows(db: Executor, ids: string[]) {
  return db
    .selectFrom("assets")
    .select([
      "seq",
      "id",
      "kind",
      "name",
      "summary",
      "description",
      "locality",
      "address",
      "lat",
      "lng",
      "status",
      "is_free",
      "time_credits_earn",
      "time_credits_spend",
      "min_age",
      "max_age",
      "opening_hours",
      "is_example",
    ])
    .where("id", "in", ids)
    .execute();
}

export function findCategoryRows(db: Executor, ids: string[]) {
  return db.selectFrom("asset_categories").select(["asset_id", "category", "direct"]).where("asset_id", "in", ids).orderBy("category").execute();
}

export function findAccessRows(db: Executor, ids: string[]) {
  return db.selectFrom("asset_access").select(["asset_id", "feature"]).where("asset_id", "in", ids).orderBy("feature").execute();
}

/** Where the active assets with a Changing Places toilet are. */
export function listChangingPlacesPoints(db: Executor) {
  return db
    .selectFrom("assets as a")
    .innerJoin("asset_access as x", (j) => j.onRef("x.asset_id", "=", "a.id").on("x.feature", "=", "changing_places"))
    .select(["a.lat", "a.lng"])
    .where("a.status", "=", "active")
    .execute();
}

/** Every active asset's point. */
export function listActivePoints(db: Executor) {
  return db.selectFrom("assets").select(["id", "lat", "lng"]).where("status", "=", "active").execute();
}
