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
