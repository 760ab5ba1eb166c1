// Chooses the search implementation: Meilisearch when MEILI_HOST is set, otherwise the
// embedded SQLite index.
import type { Db } from "../db/index";
import { SqliteSearchIndex } from "./sqlite";
import type { SearchIndex } from "./types";

export type { SearchIndex, SearchQuery, SearchResult, SearchHit, ClusterFeature } from "./types";
export { SqliteSearchIndex } from "./sqlite";

export async function createSearchIndex(db: Db, env: NodeJS.ProcessEnv = process.env): Promise<SearchIndex> {
  if (env.MEILI_HOST) {
    const { MeiliSearchIndex } = await import("./meili");
    return new MeiliSearchIndex(db, { host: env.MEILI_HOST, apiKey: env.MEILI_API_KEY });
  }
  return new SqliteSearchIndex(db);
}
