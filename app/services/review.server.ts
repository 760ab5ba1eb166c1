// The connector dashboard's list: assets in an area whose review is due or overdue, nearest
// first, with counts. The R*Tree (asset_rtree, active assets only) narrows to the area's box;
// only the few columns needed are read for every candidate, and whole rows only for one page.
import type { Db } from "../../db/index";
import { bboxAround, distanceKm, roundKm } from "../core/geo";
import { DUE_SOON_DAYS, addDays, isoDate, reviewState, type ReviewState } from "../core/review";
import type { Kind } from "../core/taxonomy";
import type { Context } from "./context.server";

export interface ReviewItem {
  id: string;
  name: string;
  kind: Kind;
  locality: string | null;
  postcode: string | null;
  review_due: string;
  verified_at: string | null;
  version: number;
  is_example: boolean;
  distance_km: number;
  state: ReviewState;
}

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

export function reviewQueue(ctx: Context, q: ReviewQuery): ReviewQueue {
  const db: Db = ctx.db;
  const now = q.now ?? new Date();
  const today = isoDate(now);
  const dueBy = isoDate(addDays(now, DUE_SOON_DAYS));
  const [minLng, minLat, maxLng, maxLat] = bboxAround(q.lat, q.lng, q.radiusKm);
  // The embedded index keeps asset_rtree; with an external index it may be empty, so scan the box instead.
  const useTree = ctx.index.name === "sqlite";
  const candidates = (
    useTree
      ? db.sqlite
          .prepare(
            `SELECT a.seq, a.lat, a.lng, a.review_due FROM asset_rtree r JOIN assets a ON a.seq = r.seq
             WHERE r.min_lng <= ? AND r.max_lng >= ? AND r.min_lat <= ? AND r.max_lat >= ?
               AND a.review_due IS NOT NULL AND a.review_due <= ? AND a.status = 'active'`,
          )
          .all(maxLng, minLng, maxLat, minLat, `${dueBy}~`)
      : db.sqlite
          .prepare(
            `SELECT seq, lat, lng, review_due FROM assets INDEXED BY assets_review_due
             WHERE review_due IS NOT NULL AND review_due <= ? AND status = 'active' AND lng BETWEEN ? AND ? AND lat BETWEEN ? AND ?`,
          )
          .all(`${dueBy}~`, minLng, maxLng, minLat, maxLat)
  ) as { seq: number; lat: number; lng: number; review_due: string }[];

  let overdue = 0;
  let dueSoon = 0;
  const inArea: { seq: number; d: number }[] = [];
  for (const c of candidates) {
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
  const get = db.sqlite.prepare(
    "SELECT id, name, kind, locality, postcode, review_due, verified_at, version, is_example FROM assets WHERE seq = ?",
  );
  const items: ReviewItem[] = pageRows.map(({ seq, d }) => {
    const r = get.get(seq) as Omit<ReviewItem, "distance_km" | "state" | "is_example"> & { is_example: number };
    return { ...r, is_example: r.is_example === 1, distance_km: roundKm(d), state: reviewState(r.review_due, now) };
  });
  return { total: inArea.length, overdue, due_soon: dueSoon, page: q.page, per_page: q.perPage, items };
}
