// The one interface every search implementation follows. The database is the source of
// truth; an index can always be rebuilt from it (`npm run reindex`).
import type { Kind } from "../app/core/taxonomy";
import type { SearchCriteria } from "../app/core/search-params";
import type { BBox } from "../app/core/geo";
import type { Executor } from "../db/index";

/** A search as the index receives it: the parsed criteria (app/core/search-params.ts) and hints. */
export interface SearchQuery extends SearchCriteria {
  /**
   * false: the caller needs no facets (the matcher). A hint: the embedded index then skips them
   * and filters categories in the scan (much cheaper in a dense area), answering empty facets;
   * `total` is still exact. Default true.
   */
  facets?: boolean;
}

export interface SearchHit {
  id: string;
  kind: Kind;
  name: string;
  summary: string;
  lat: number;
  lng: number;
  distance_km?: number;
  categories: string[];
  access: string[];
  open_now?: boolean;
  is_example: boolean;
  url: string;
}

export interface SearchResult {
  total: number;
  page: number;
  results: SearchHit[];
  facets: { kind: Record<string, number>; category: Record<string, number> };
  /** Words that were read as a likely typo of another word, e.g. {"libary": "library"}. */
  corrections?: Record<string, string>;
}

export type ClusterFeature =
  | { type: "cluster"; id: number; lat: number; lng: number; count: number; expansion_zoom: number }
  | { type: "asset"; id: string; lat: number; lng: number; kind: Kind; name: string; url: string };

export interface SearchIndex {
  readonly name: "sqlite" | "meilisearch";
  /**
   * Bring these assets up to date in the index. Called inside the write transaction with its
   * executor (`tx`), so the embedded index changes atomically with the record (decision 0002).
   */
  indexInTransaction(tx: Executor, ids: string[]): Promise<void>;
  /** Called after the write transaction commits (an external index is updated here). */
  afterCommit(ids: string[]): Promise<void>;
  /** Drop and rebuild the index from the assets table; returns the number of indexed assets. */
  rebuild(): Promise<number>;
  search(query: SearchQuery): Promise<SearchResult>;
  /** Clusters (and single assets) in a map viewport at a zoom level, with the same filters. */
  clusters(query: SearchQuery, bbox: BBox, zoom: number): Promise<ClusterFeature[]>;
}

export function assetUrl(id: string): string {
  return `/assets/${id}`;
}
