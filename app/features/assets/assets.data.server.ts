// The data module for asset records and what hangs off them (categories, access features,
// Changing Places equipment): the only code that reads or writes those tables.
import type { Insertable, Selectable } from "kysely";
import type { Executor } from "../../../db/index";
import type { AssetAccessTable, AssetCategoriesTable, AssetsTable, ChangingPlacesTable } from "../../../db/schema";

export type AssetRow = Selectable<AssetsTable>;
export type NewAssetRow = Insertable<AssetsTable>;
export type CategoryRow = Insertable<AssetCategoriesTable>;
export type AccessRow = Insertable<AssetAccessTable>;
export type ChangingPlacesRow = Selectable<ChangingPlacesTable>;

/** Rows per multi-row statement: 38 columns × 200 stays far below SQLite's limit on parameters. */
const CHUNK = 200;

function chunks<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

export function findAsset(db: Executor, id: string): Promise<AssetRow | undefined> {
  return db.selectFrom("assets").selectAll().where("id", "=", id).executeTakeFirst();
}

/** What a page about the record needs to name it. */
export function findAssetHeader(db: Executor, id: string) {
  return db.selectFrom("assets").select(["id", "name", "version", "status"]).where("id", "=", id).executeTakeFirst();
}

export async function assetExists(db: Executor, id: string): Promise<boolean> {
  return (await db.selectFrom("assets").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
}

export async function countAssetsFromSource(db: Executor, source: string): Promise<number> {
  const row = await db.selectFrom("assets").select((eb) => eb.fn.countAll<number>().as("n")).where("source", "=", source).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The columns the write path compares against, for records matched by id or by (source, source_id). */
export async function findWriteStates(db: Executor, ids: string[], sourceKeys: { source: string; source_id: string }[]) {
  const bySource = new Map<string, string[]>();
  for (const k of sourceKeys) bySource.set(k.source, [...(bySource.get(k.source) ?? []), k.source_id]);
  if (ids.length + sourceKeys.length <= 500) {
    // One statement for a small batch (a connector's save is one record).
    return stateQuery(db)
      .where((eb) =>
        eb.or([
          ...(ids.length ? [eb("id", "in", ids)] : []),
          ...[...bySource].map(([source, sourceIds]) => eb.and([eb("source", "=", source), eb("source_id", "in", sourceIds)])),
        ]),
      )
      .execute();
  }
  const rows = [];
  for (const part of chunks(ids, 500)) {
    rows.push(...(await stateQuery(db).where("id", "in", part).execute()));
  }
  for (const [source, sourceIds] of bySource) {
    for (const part of chunks(sourceIds, 500)) {
      rows.push(...(await stateQuery(db).where("source", "=", source).where("source_id", "in", part).execute()));
    }
  }
  return rows;
}

function stateQuery(db: Executor) {
  return db.selectFrom("assets").select(["id", "source", "source_id", "version", "content_hash", "verified_at", "review_due", "created_at", "updated_at"]);
}

/**
 * Optimistic concurrency: add one to the version when it is still `expected`. False when
 * someone else changed the record first (or it does not exist).
 */
export async function bumpVersion(db: Executor, id: string, expected: number): Promise<boolean> {
  const r = await db
    .updateTable("assets")
    .set((eb) => ({ version: eb("version", "+", 1) }))
    .where("id", "=", id)
    .where("version", "=", expected)
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

/** Insert the records, or replace every column but `seq` and `created_at` of those already there. */
export async function upsertAssets(db: Executor, rows: NewAssetRow[]): Promise<void> {
  for (const part of chunks(rows)) {
    await db
      .insertInto("assets")
      .values(part)
      .onConflict((oc) =>
        oc.column("id").doUpdateSet((eb) => ({
          kind: eb.ref("excluded.kind"),
          name: eb.ref("excluded.name"),
          summary: eb.ref("excluded.summary"),
          description: eb.ref("excluded.description"),
          organisation_id: eb.ref("excluded.organisation_id"),
          lat: eb.ref("excluded.lat"),
          lng: eb.ref("excluded.lng"),
          address: eb.ref("excluded.address"),
          locality: eb.ref("excluded.locality"),
          postcode: eb.ref("excluded.postcode"),
          location_precision: eb.ref("excluded.location_precision"),
          phone: eb.ref("excluded.phone"),
          email: eb.ref("excluded.email"),
          website: eb.ref("excluded.website"),
          opening_hours: eb.ref("excluded.opening_hours"),
          opening_hours_text: eb.ref("excluded.opening_hours_text"),
          is_free: eb.ref("excluded.is_free"),
          cost_text: eb.ref("excluded.cost_text"),
          min_age: eb.ref("excluded.min_age"),
          max_age: eb.ref("excluded.max_age"),
          time_credits_earn: eb.ref("excluded.time_credits_earn"),
          time_credits_spend: eb.ref("excluded.time_credits_spend"),
          how_to_get_there: eb.ref("excluded.how_to_get_there"),
          access_notes: eb.ref("excluded.access_notes"),
          is_example: eb.ref("excluded.is_example"),
          status: eb.ref("excluded.status"),
          source: eb.ref("excluded.source"),
          source_id: eb.ref("excluded.source_id"),
          source_url: eb.ref("excluded.source_url"),
          licence: eb.ref("excluded.licence"),
          attribution: eb.ref("excluded.attribution"),
          verified_at: eb.ref("excluded.verified_at"),
          review_due: eb.ref("excluded.review_due"),
          version: eb.ref("excluded.version"),
          content_hash: eb.ref("excluded.content_hash"),
          updated_at: eb.ref("excluded.updated_at"),
        })),
      )
      .execute();
  }
}

/** Replace the categories, access features and Changing Places equipment of these records. */
export async function replaceAssetDetails(
  db: Executor,
  ids: string[],
  details: { categories: CategoryRow[]; access: AccessRow[]; changingPlaces: Insertable<ChangingPlacesTable>[] },
): Promise<void> {
  for (const part of chunks(ids, 500)) {
    await db.deleteFrom("asset_categories").where("asset_id", "in", part).execute();
    await db.deleteFrom("asset_access").where("asset_id", "in", part).execute();
    await db.deleteFrom("changing_places").where("asset_id", "in", part).execute();
  }
  for (const part of chunks(details.categories, 500)) {
    await db.insertInto("asset_categories").values(part).onConflict((oc) => oc.doNothing()).execute();
  }
  for (const part of chunks(details.access, 500)) {
    await db.insertInto("asset_access").values(part).onConflict((oc) => oc.doNothing()).execute();
  }
  for (const part of chunks(details.changingPlaces)) {
    await db.insertInto("changing_places").values(part).execute();
  }
}

/** The categories given on the record (not the parents added for roll-up), in code order. */
export async function findDirectCategories(db: Executor, id: string): Promise<string[]> {
  const rows = await db.selectFrom("asset_categories").select("category").where("asset_id", "=", id).where("direct", "=", 1).orderBy("category").execute();
  return rows.map((r) => r.category);
}

export async function findAccessFeatures(db: Executor, id: string): Promise<string[]> {
  const rows = await db.selectFrom("asset_access").select("feature").where("asset_id", "=", id).orderBy("feature").execute();
  return rows.map((r) => r.feature);
}

export function findChangingPlaces(db: Executor, id: string): Promise<ChangingPlacesRow | undefined> {
  return db.selectFrom("changing_places").selectAll().where("asset_id", "=", id).executeTakeFirst();
}

/** Towns of real listings placed by their own data (not examples, not building centres): the importer's neighbours. */
export function listPlacedTowns(db: Executor) {
  return db
    .selectFrom("assets")
    .select((eb) => [eb.ref("locality").$notNull().as("locality"), "lat", "lng", "source"])
    .where("locality", "is not", null)
    .where("is_example", "=", 0)
    .where("location_precision", "!=", "building")
    .execute();
}

/** Where the active real listings are (town, point, postcode): what the place gazetteer is built from. */
export function listActiveLocations(db: Executor) {
  return db.selectFrom("assets").select(["locality", "lat", "lng", "postcode"]).where("status", "=", "active").where("is_example", "=", 0).execute();
}
