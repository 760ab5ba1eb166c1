// The datasets the directory is built from (the datasets table), and how many active listings
// each has, for the About page's sources table.
import type { Selectable } from "kysely";
import type { Executor } from "../../../db/index";
import type { DatasetsTable } from "../../../db/schema";

export type DatasetRow = Selectable<DatasetsTable>;

/** Every dataset's attribution line, by title. */
export function listDatasets(db: Executor): Promise<Pick<DatasetRow, "source" | "title" | "licence" | "attribution" | "url">[]> {
  return db.selectFrom("datasets").select(["source", "title", "licence", "attribution", "url"]).orderBy("title").execute();
}

/** How many active listings each source has (sources with none are left out). */
export function countActiveAssetsBySource(db: Executor) {
  return db
    .selectFrom("assets")
    .select((eb) => ["source", eb.fn.countAll<number>().as("n")])
    .where("status", "=", "active")
    .groupBy("source")
    .execute();
}

export type DatasetLine = Pick<DatasetRow, "source" | "title" | "licence" | "attribution" | "url">;

/**
 * Record (or refresh) a dataset; row_count is its number of assets, or `rowCount` when given
 * (the postcode data counts postcodes, not assets).
 */
export async function registerDataset(db: Executor, d: Omit<DatasetLine, "url"> & { url?: string | null }, now: Date = new Date(), rowCount?: number): Promise<void> {
  const count =
    rowCount ??
    Number((await db.selectFrom("assets").select((eb) => eb.fn.countAll<number>().as("n")).where("source", "=", d.source).executeTakeFirstOrThrow()).n);
  await db
    .insertInto("datasets")
    .values({ source: d.source, title: d.title, licence: d.licence, attribution: d.attribution, url: d.url ?? null, imported_at: now.toISOString(), row_count: count })
    .onConflict((oc) =>
      oc.column("source").doUpdateSet((eb) => ({
        title: eb.ref("excluded.title"),
        licence: eb.ref("excluded.licence"),
        attribution: eb.ref("excluded.attribution"),
        url: eb.ref("excluded.url"),
        imported_at: eb.ref("excluded.imported_at"),
        row_count: eb.ref("excluded.row_count"),
      })),
    )
    .execute();
}

/** The distinct attribution lines of these assets, with their dataset's title (else the source key), by title. */
export function listAttributionsOf(db: Executor, assetIds: string[]) {
  return db
    .selectFrom("assets as a")
    .leftJoin("datasets as d", "d.source", "a.source")
    .select((eb) => ["a.source", eb.fn.coalesce("d.title", "a.source").as("title"), "a.attribution", "a.licence"])
    .distinct()
    .where("a.id", "in", assetIds)
    .orderBy("title")
    .execute();
}

/** The title of the dataset a record came from, when the dataset is known. */
export async function findDatasetTitle(db: Executor, source: string): Promise<string | null> {
  const row = await db.selectFrom("datasets").select("title").where("source", "=", source).executeTakeFirst();
  return row?.title ?? null;
}
