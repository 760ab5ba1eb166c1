// SQLite only: active assets with a Changing Places toilet inside a box, read from the search
// index's small R*Tree of such assets (asset_cp_rtree, migration 003). PostgreSQL would ask PostGIS.
import { sql } from "kysely";
import type { Executor } from "../../../db/index";
import type { BBox } from "../../core/geo";

export async function changingPlacesInBox(db: Executor, b: BBox) {
  const { rows } = await sql<{ id: string; name: string; lat: number; lng: number; is_example: number }>`
    SELECT a.id, a.name, a.lat, a.lng, a.is_example FROM asset_cp_rtree r
    JOIN assets a ON a.seq = r.seq
    WHERE r.max_lng >= ${b[0]} AND r.min_lng <= ${b[2]} AND r.max_lat >= ${b[1]} AND r.min_lat <= ${b[3]} AND a.status = 'active'`.execute(db);
  return rows;
}
