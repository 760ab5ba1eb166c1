// Meilisearch adapter (placeholder until it is written).
import type { Db } from "../db/index";
import type { BBox } from "../app/core/geo";
import type { ClusterFeature, SearchIndex, SearchQuery, SearchResult } from "./types";

export class MeiliSearchIndex implements SearchIndex {
  readonly name = "meilisearch" as const;
  constructor(_db: Db, _opts: { host: string; apiKey?: string }) {}
  indexInTransaction(): void {}
  async afterCommit(): Promise<void> {}
  async rebuild(): Promise<number> {
    throw new Error("Meilisearch adapter not implemented yet");
  }
  async search(_q: SearchQuery): Promise<SearchResult> {
    throw new Error("Meilisearch adapter not implemented yet");
  }
  async clusters(_q: SearchQuery, _b: BBox, _z: number): Promise<ClusterFeature[]> {
    throw new Error("Meilisearch adapter not implemented yet");
  }
}
