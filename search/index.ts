// Chooses the search implementation: Meilisearch when MEILI_HOST is set, otherwise the
// embedded SQLite index.
import type { Db } from "../db/index";
import { SqliteSearchIndex } from "./embedded.sqlite";
import type { SearchIndex } from "./types";

export type { SearchIndex, SearchQuery, SearchResult, SearchHit, ClusterFeature } from "./types";
export { SqliteSearchIndex } from "./embedded.sqlite";

/** `meiliHost` set (MEILI_HOST, read by app/config.server.ts): Meilisearch; else the embedded index. */
export async function createSearchIndex(db: Db, settings: { meiliHost: string | null; meiliApiKey: string | null }): Promise<SearchIndex> {
  if (settings.meiliHost) {
    const { MeiliSearchIndex } = await import("./meili");
    return new MeiliSearchIndex(db, { host: settings.meiliHost, apiKey: settings.meiliApiKey ?? undefined });
  }
  return new SqliteSearchIndex(db);
}
