// The About page: where the data comes from, with each source's attribution and listing count.
import type { Db } from "../../../db/index";
import { countActiveAssetsBySource, listDatasets } from "./datasets.data.server";

export async function dataSources(db: Db) {
  const datasets = await listDatasets(db.kysely);
  const counts: Record<string, number> = Object.fromEntries((await countActiveAssetsBySource(db.kysely)).map((r) => [r.source, r.n]));
  return { datasets, counts };
}
