// The directory's small data modules (asset names, datasets) and the connector dashboard's
// queries (review.data.server.ts, review.sqlite.ts) against a real SQLite file.
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findAssetName } from "../../app/features/directory/asset-names.data.server";
import { countActiveAssetsBySource, listDatasets } from "../../app/features/directory/datasets.data.server";
import { findReviewRows } from "../../app/features/review/review.data.server";
import { reviewCandidatesByScan, reviewCandidatesFromTree } from "../../app/features/review/review.sqlite";
import { addAsset, openTestDb, type TestDb } from "../helpers/data-db";

let t: TestDb;

beforeEach(async () => {
  t = await openTestDb();
});
afterEach(() => t.close());

describe("asset names", () => {
  it("finds a listing's id and name, or nothing", async () => {
    const a = await addAsset(t.db, { name: "The Lido" });
    expect(await findAssetName(t.db.kysely, a.id)).toEqual({ id: a.id, name: "The Lido" });
    expect(await findAssetName(t.db.kysely, "missing")).toBeUndefined();
  });
});

describe("datasets", () => {
  it("lists datasets by title and counts active listings per source", async () => {
    for (const [source, title] of [
      ["b", "Zebra data"],
      ["a", "Apple data"],
    ]) {
      await t.db.kysely
        .insertInto("datasets")
        .values({ source, title, licence: "OGL", attribution: `From ${source}`, url: null, imported_at: "2026-01-01", row_count: 0 })
        .execute();
    }
    await addAsset(t.db, { source: "a" });
    await addAsset(t.db, { source: "a" });
    await addAsset(t.db, { source: "a", status: "archived" });
    await addAsset(t.db, { source: "b", status: "archived" });
    expect(await listDatasets(t.db.kysely)).toEqual([
      { source: "a", title: "Apple data", licence: "OGL", attribution: "From a", url: null },
      { source: "b", title: "Zebra data", licence: "OGL", attribution: "From b", url: null },
    ]);
    expect(await countActiveAssetsBySource(t.db.kysely)).toEqual([{ source: "a", n: 2 }]);
  });
});

describe("review candidates", () => {
  const box = { minLng: -2.5, minLat: 53.3, maxLng: -2.2, maxLat: 53.5 };

  async function seed() {
    const inside = await addAsset(t.db, { review_due: "2026-04-10", lat: 53.42, lng: -2.35 });
    const today = await addAsset(t.db, { review_due: "2026-04-20T09:00:00Z", lat: 53.41, lng: -2.3 });
    await addAsset(t.db, { review_due: "2026-05-01", lat: 53.42, lng: -2.35 }); // due later
    await addAsset(t.db, { review_due: null, lat: 53.42, lng: -2.35 }); // no review date
    await addAsset(t.db, { review_due: "2026-04-01", lat: 51.5, lng: -0.1 }); // outside the box
    await addAsset(t.db, { review_due: "2026-04-01", lat: 53.42, lng: -2.35, status: "archived" });
    // The embedded search index keeps asset_rtree for active assets; fill it as it would.
    await sql`INSERT INTO asset_rtree (seq, min_lng, max_lng, min_lat, max_lat)
      SELECT seq, lng, lng, lat, lat FROM assets WHERE status = 'active'`.execute(t.db.kysely);
    return [inside.id, today.id];
  }

  it("finds the active assets in the box due by the day, through the R*Tree or by a scan alike", async () => {
    const [inside, today] = await seed();
    const ids = async (rows: { seq: number }[]) => (await findReviewRows(t.db.kysely, rows.map((r) => r.seq))).map((r) => r.id).sort();
    const tree = await reviewCandidatesFromTree(t.db.kysely, box, "2026-04-20~");
    const scan = await reviewCandidatesByScan(t.db.kysely, box, "2026-04-20~");
    expect(await ids(tree)).toEqual([inside, today].sort());
    expect(await ids(scan)).toEqual([inside, today].sort());
    expect(tree.map((c) => c.review_due).sort()).toEqual(["2026-04-10", "2026-04-20T09:00:00Z"]);
  });

  it("reads the page rows with the columns the dashboard shows", async () => {
    const [inside] = await seed();
    const [row] = await reviewCandidatesFromTree(t.db.kysely, { ...box, maxLng: -2.34 }, "2026-04-20~");
    expect(await findReviewRows(t.db.kysely, [row.seq])).toEqual([
      expect.objectContaining({ id: inside, kind: "community_group", review_due: "2026-04-10", version: 1, is_example: 0 }),
    ]);
    expect(await findReviewRows(t.db.kysely, [])).toEqual([]);
  });
});
