// The connector dashboard's list: assets in an area whose review is due or overdue, nearest
// first, with counts. The R*Tree (asset_rtree, active assets only) narrows to the area's box;
// only the few columns needed are read for every candidate, and whole rows only for one page.
import { bboxAround, distanceKm, roundKm } from "../../core/geo";
import { DUE_SOON_DAYS, addDays, isoDate, reviewState, type ReviewState } from "../../core/review";
import type { Context } from "../../server/context.server";
import { findReviewRows, type ReviewRow } from "./review.data.server";
import { reviewCandidatesByScan, reviewCandidatesFromTree } from "./review.sqlite";

export type ReviewItem = Omit<ReviewRow, "seq" | "review_due" | "is_example"> & {
  review_due: string;
  is_example: boolean;
  distance_km: number;
  state: ReviewState;
};

export interface ReviewQueue {
  total: number;
  overdue: number;
  due_soon: number;
  page: number;
  per_page: number;
  items: ReviewItem[];
}

export interface ReviewQuery {
  lat: number;
  lng: number;
  radiusKm: number;
  page: number;
  perPage: number;
  now?: Date;
}

export async function reviewQueue(ctx: Context, q: ReviewQuery): Promise<ReviewQueue> {
  const now = q.now ?? new Date();
  const today = isoDate(now);
  const dueBy = isoDate(addDays(now, DUE_SOON_DAYS));
  const [minLng, minLat, maxLng, maxLat] = bboxAround(q.lat, q.lng, q.radiusKm);
  const box = { minLng, minLat, maxLng, maxLat };
  // The embedded index keeps asset_rtree; with an external index it may be empty, so scan the box instead.
  const candidates =
    ctx.index.name === "sqlite"
      ? await reviewCandidatesFromTree(ctx.db.kysely, box, `${dueBy}~`)
      : await reviewCandidatesByScan(ctx.db.kysely, box, `${dueBy}~`);

  let overdue = 0;
  let dueSoon = 0;
  const inArea: { seq: number; d: number }[] = [];
  for (const c of candidates) {
    if (c.review_due === null) continue;
    const d = distanceKm(q.lat, q.lng, c.lat, c.lng);
    if (d > q.radiusKm) continue;
    const day = c.review_due.slice(0, 10);
    if (day < today) overdue++;
    else if (day <= dueBy) dueSoon++;
    else continue;
    inArea.push({ seq: c.seq, d });
  }
  inArea.sort((a, b) => a.d - b.d || a.seq - b.seq);
  const start = (q.page - 1) * q.perPage;
  const pageRows = inArea.slice(start, start + q.perPage);
  const rows = new Map((await findReviewRows(ctx.db.kysely, pageRows.map((p) => p.seq))).map((r) => [r.seq, r]));
  const items: ReviewItem[] = [];
  for (const { seq, d } of pageRows) {
    const r = rows.get(seq);
    if (!r || r.review_due === null) continue;
    items.push({
      id: r.id,
      name: r.name,
      kind: r.kind,
      locality: r.locality,
      postcode: r.postcode,
      review_due: r.review_due,
      verified_at: r.verified_at,
      version: r.version,
      is_example: r.is_example === 1,
      distance_km: roundKm(d),
      state: reviewState(r.review_due, now),
    });
  }
  return { total: inArea.length, overdue, due_soon: dueSoon, page: q.page, per_page: q.perPage, items };
}
