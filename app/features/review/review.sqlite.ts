// The connector dashboard's candidates on SQLite: active assets in a box whose review is due by a
// day. With the embedded search index the R*Tree (asset_rtree, active assets only) finds the box;
// with an external index it may be empty, so the box is scanned through the review_due index.
import { sql, type Selectable } from "kysely";
import type { Executor } from "../../../db/index";
import type { AssetsTable } from "../../../db/schema";

export type ReviewCandidate = Pick<Selectable<AssetsTable>, "seq" | "lat" | "lng" | "review_due">;

export interface Box {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

/** Candidates through the R*Tree. `dueBy` is compared as text, so "2026-05-01~" takes that whole day. */
export async function reviewCandidatesFromTree(db: Executor, box: Box, dueBy: string): Promise<ReviewCandidate[]> {
  const r = await sql<ReviewCandidate>`SELECT a.seq, a.lat, a.lng, a.review_due FROM asset_rtree r JOIN assets a ON a.seq = r.seq
    WHERE r.min_lng <= ${box.maxLng} AND r.max_lng >= ${box.minLng} AND r.min_lat <= ${box.maxLat} AND r.max_lat >= ${box.minLat}
      AND a.review_due IS NOT NULL AND a.review_due <= ${dueBy} AND a.status = 'active'`.execute(db);
  return r.rows;
}

/** Candidates by scanning the assets due by `dueBy` (for an external search index). */
export async function reviewCandidatesByScan(db: Executor, box: Box, dueBy: string): Promise<ReviewCandidate[]> {
  const r = await sql<ReviewCandidate>`SELECT seq, lat, lng, review_due FROM assets INDEXED BY assets_review_due
    WHERE review_due IS NOT NULL AND review_due <= ${dueBy} AND status = 'active'
      AND lng BETWEEN ${box.minLng} AND ${box.maxLng} AND lat BETWEEN ${box.minLat} AND ${box.maxLat}`.execute(db);
  return r.rows;
}
