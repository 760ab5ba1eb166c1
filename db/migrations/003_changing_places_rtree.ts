import { sql, type Kysely } from "kysely";

// A second, small R*Tree holding only the indexed assets that have a Changing Places toilet.
// The `access=changing_places` filter ("on site or one within 1 km", CONTRACTS) asks, for every
// candidate, whether such a toilet is near; a lookup in this tree is a few microseconds, where
// the same lookup in the full asset R*Tree had to walk every asset in the 1 km box.
// Derived data like the rest of the search index: filled here from the existing index and kept
// up to date by search/sqlite.ts (indexInTransaction, rebuild).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE VIRTUAL TABLE asset_cp_rtree USING rtree(seq, min_lng, max_lng, min_lat, max_lat)`.execute(db);
  await sql`
    INSERT INTO asset_cp_rtree (seq, min_lng, max_lng, min_lat, max_lat)
    SELECT r.seq, r.min_lng, r.max_lng, r.min_lat, r.max_lat
    FROM asset_rtree r
    JOIN assets a ON a.seq = r.seq
    WHERE EXISTS (SELECT 1 FROM asset_access x WHERE x.asset_id = a.id AND x.feature = 'changing_places')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS asset_cp_rtree`.execute(db);
}
