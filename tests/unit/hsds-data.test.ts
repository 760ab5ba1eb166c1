// The HSDS data module (app/features/hsds/hsds.data.server.ts) and the export snapshot against a
// real SQLite file, no mocks: what each filter matches, that pages and batches come in id order
// (or by distance), what a service carries, and that an export's snapshot does not see writes
// made while it streams.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Insertable } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrate, openDatabase, type Db } from "../../db/index";
import type { AssetsTable } from "../../db/schema";
import { seedReferenceData } from "../../app/features/directory/reference.server";
import * as hsds from "../../app/features/hsds/hsds.data.server";
import { extrasFor } from "../../app/features/hsds/extras.server";
import { openSnapshot } from "../../app/features/hsds/export-snapshot.sqlite";
import { ndjsonChunks, serviceBatches } from "../../app/features/hsds/export.server";
import { streamOf } from "../../app/features/hsds/export-stream.server";

let dir: string;
let db: Db;

const T0 = "2026-01-01T00:00:00.000Z";
const ORG_A = "aaaaaaaa-0000-4000-8000-000000000001";
const ORG_B = "aaaaaaaa-0000-4000-8000-000000000002";
const ORG_EMPTY = "aaaaaaaa-0000-4000-8000-000000000003";
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** A listing in Sale (M33) unless told otherwise. */
function asset(n: number, over: Partial<Insertable<AssetsTable>> = {}): Insertable<AssetsTable> {
  return {
    id: id(n),
    kind: "community_group",
    name: `Listing ${n}`,
    summary: "",
    description: "",
    organisation_id: null,
    lat: 53.42,
    lng: -2.32,
    location_precision: "exact",
    is_example: 0,
    status: "active",
    source: "test",
    source_id: `s${n}`,
    licence: "Open Government Licence v3.0",
    attribution: "Test data",
    version: 1,
    content_hash: `h${n}`,
    created_at: T0,
    updated_at: T0,
    ...over,
  };
}

async function addAssets(...rows: Insertable<AssetsTable>[]) {
  await db.kysely.insertInto("assets").values(rows).execute();
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
const all = (f: hsds.ServiceFilter) => hsds.pageOfServiceIds(db.kysely, f, 100, 0);

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-hsds-data-"));
  db = openDatabase(path.join(dir, "test.db"));
  await migrate(db);
  await seedReferenceData(db);
  const orgs = [
    { id: ORG_A, name: "Zebra Trust" },
    { id: ORG_B, name: "Acorn 100% Club" },
    { id: ORG_EMPTY, name: "Acorn Empty" },
  ];
  await db.kysely
    .insertInto("organisations")
    .values(orgs.map((o) => ({ ...o, source: "test", source_id: o.id, created_at: T0, updated_at: T0 })))
    .execute();
});

afterEach(async () => {
  await db.kysely.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("filtering and paging services", () => {
  beforeEach(async () => {
    // Inserted out of id order: pages must still come in id order.
    await addAssets(
      asset(3, { name: "Men's Shed", summary: "Woodwork for 50% of the price", organisation_id: ORG_A, min_age: 18, max_age: 99, opening_hours: "Mo 09:00-12:00" }),
      asset(1, { name: "Food bank", kind: "place", organisation_id: ORG_B, time_credits_earn: "Volunteer", updated_at: "2026-03-01T00:00:00.000Z" }),
      asset(2, { name: "Knit_and natter", summary: "Knitting", min_age: 5, max_age: 11, access_notes: "Ring the bell" }),
      asset(4, { name: "Far away", lat: 54.42, lng: -2.32 }),
    );
    await db.kysely.insertInto("asset_categories").values([{ asset_id: id(1), category: "food", direct: 1 }]).execute();
    await db.kysely.insertInto("asset_access").values([{ asset_id: id(3), feature: "step_free" }]).execute();
    await db.kysely.insertInto("changing_places").values({ asset_id: id(2), hoist: "ceiling_track", adult_bench: 1, room_size_m2: null, peninsular_wc: 0, radar_key: null, opening_hours: null, notes: null }).execute();
  });

  it("with no filter every listing counts, and a page is a slice of the ids in order", async () => {
    expect(await hsds.countServices(db.kysely, {})).toBe(4);
    expect(await all({})).toEqual([id(1), id(2), id(3), id(4)]);
    expect(await hsds.pageOfServiceIds(db.kysely, {}, 2, 1)).toEqual([id(2), id(3)]);
    expect(await hsds.pageOfServiceIds(db.kysely, {}, 2, 4)).toEqual([]);
  });

  it("search words are each in the name or summary, any case, and % _ \\ mean themselves", async () => {
    expect(await all({ words: ["SHED"] })).toEqual([id(3)]);
    expect(await all({ words: ["knit", "natter"] })).toEqual([id(2)]);
    expect(await all({ words: ["knit", "shed"] })).toEqual([]);
    expect(await all({ words: ["50%"] })).toEqual([id(3)]);
    expect(await all({ words: ["%"] })).toEqual([id(3)]);
    expect(await all({ words: ["_"] })).toEqual([id(2)]);
    expect(await all({ words: ["\\"] })).toEqual([]);
    expect(await hsds.countServices(db.kysely, { words: ["bank"] })).toBe(1);
  });

  it("kind, category, access feature, Changing Places items, time credits and access notes", async () => {
    expect(await all({ kind: "place" })).toEqual([id(1)]);
    expect(await all({ category: "food" })).toEqual([id(1)]);
    expect(await all({ access: "step_free" })).toEqual([id(3)]);
    expect(await all({ access: "cp_hoist" })).toEqual([id(2)]);
    expect(await all({ access: "cp_adult_bench" })).toEqual([id(2)]);
    expect(await all({ access: "cp_peninsular_wc" })).toEqual([]);
    expect(await all({ access: "cp_room_size_m2" })).toEqual([]);
    expect(await all({ access: "time_credits_earn" })).toEqual([id(1)]);
    expect(await all({ access: "access_notes" })).toEqual([id(2)]);
    expect(await all({ anyAccess: true })).toEqual([id(1), id(2), id(3)]);
    expect(await all({ none: true })).toEqual([]);
    expect(await hsds.countServices(db.kysely, { none: true })).toBe(0);
  });

  it("organisation, changed since, ages and opening hours; filters are ANDed", async () => {
    expect(await all({ organisationId: ORG_A })).toEqual([id(3)]);
    expect(await all({ updatedSince: "2026-02-01T00:00:00.000Z" })).toEqual([id(1)]);
    expect(await all({ minAge: 18 })).toEqual([id(3)]);
    expect(await all({ maxAge: 11 })).toEqual([id(2)]);
    expect(await all({ minAge: 0, maxAge: 99 })).toEqual([id(2), id(3)]);
    expect(await all({ withHours: true })).toEqual([id(3)]);
    expect(await all({ withHours: true, kind: "place" })).toEqual([]);
  });

  it("near a point: by distance then id, and within the distance when one is given", async () => {
    const sale = { lat: 53.42, lng: -2.32 };
    await addAssets(asset(5, { lat: 53.43, lng: -2.32 }), asset(6, { lat: 53.425, lng: -2.32 }));
    expect(await all({ near: { ...sale, metres: null } })).toEqual([id(1), id(2), id(3), id(6), id(5), id(4)]);
    // 0.005° of latitude is about 553 m, 0.01° about 1106 m, 1° about 110 km.
    expect(await all({ near: { ...sale, metres: 600 } })).toEqual([id(1), id(2), id(3), id(6)]);
    expect(await all({ near: { ...sale, metres: 1200 } })).toEqual([id(1), id(2), id(3), id(6), id(5)]);
    expect(await hsds.countServices(db.kysely, { near: { ...sale, metres: 1200 } })).toBe(5);
  });

  it("hours batches go by id after the last one, with the squared distance when near", async () => {
    const first = await hsds.hoursBatch(db.kysely, {}, "", 3);
    expect(first).toEqual([
      { id: id(1), opening_hours: null, distance: 0 },
      { id: id(2), opening_hours: null, distance: 0 },
      { id: id(3), opening_hours: "Mo 09:00-12:00", distance: 0 },
    ]);
    expect(ids(await hsds.hoursBatch(db.kysely, {}, id(3), 3))).toEqual([id(4)]);
    const near = await hsds.hoursBatch(db.kysely, { near: { lat: 53.42, lng: -2.32, metres: null } }, id(3), 3);
    expect(near[0]!.distance).toBeCloseTo(110_574 ** 2, -3);
  });
});

describe("reading services and what they carry", () => {
  beforeEach(async () => {
    await addAssets(asset(2, { organisation_id: ORG_A }), asset(1, { organisation_id: ORG_A }), asset(3, { organisation_id: ORG_B, source: "other" }));
  });

  it("by id, by ids, in keyset batches and by organisation", async () => {
    const one = await hsds.findService(db.kysely, id(1));
    expect(one).toMatchObject({ id: id(1), name: "Listing 1", organisation_id: ORG_A, updated_at: T0 });
    expect(one).not.toHaveProperty("seq");
    expect(await hsds.findService(db.kysely, id(9))).toBeUndefined();
    expect(ids(await hsds.servicesByIds(db.kysely, [id(3), id(9), id(1)])).sort()).toEqual([id(1), id(3)]);
    expect(await hsds.servicesByIds(db.kysely, [])).toEqual([]);
    expect(ids(await hsds.servicesAfter(db.kysely, "", 2))).toEqual([id(1), id(2)]);
    expect(ids(await hsds.servicesAfter(db.kysely, id(2), 2))).toEqual([id(3)]);
    expect(ids(await hsds.servicesOfOrganisation(db.kysely, ORG_A, 500))).toEqual([id(1), id(2)]);
    expect(ids(await hsds.servicesOfOrganisation(db.kysely, ORG_A, 1))).toEqual([id(1)]);
  });

  it("the stamp changes when a listing is added or removed; the latest change is the latest updated_at", async () => {
    const before = await hsds.assetsStamp(db.kysely);
    expect((await hsds.allAssetIds(db.kysely)).sort()).toEqual([id(1), id(2), id(3)]);
    await addAssets(asset(4, { updated_at: "2026-05-01T00:00:00.000Z" }));
    const added = await hsds.assetsStamp(db.kysely);
    expect(added).not.toBe(before);
    await db.kysely.deleteFrom("assets").where("id", "=", id(4)).execute();
    expect(await hsds.assetsStamp(db.kysely)).not.toBe(added);
    await addAssets(asset(5, { updated_at: "2026-05-01T00:00:00.000Z" }));
    expect(await hsds.latestAssetUpdate(db.kysely)).toBe("2026-05-01T00:00:00.000Z");
    await db.kysely.deleteFrom("assets").execute();
    expect(await hsds.latestAssetUpdate(db.kysely)).toBeNull();
  });

  it("categories (direct only), access, Changing Places, organisations and the latest revisions, for a page at once", async () => {
    await db.kysely
      .insertInto("asset_categories")
      .values([
        { asset_id: id(1), category: "swimming", direct: 1 },
        { asset_id: id(1), category: "food", direct: 1 },
        { asset_id: id(1), category: "health", direct: 0 },
        { asset_id: id(2), category: "food", direct: 1 },
      ])
      .execute();
    await db.kysely.insertInto("asset_access").values([{ asset_id: id(1), feature: "step_free" }, { asset_id: id(1), feature: "accessible_toilet" }]).execute();
    await db.kysely.insertInto("changing_places").values({ asset_id: id(2), hoist: "mobile", adult_bench: 1, room_size_m2: 12, peninsular_wc: 1, radar_key: 0, opening_hours: null, notes: "Ask" }).execute();
    for (let v = 1; v <= 4; v++) {
      await db.kysely.insertInto("asset_revisions").values({ asset_id: id(1), version: v, user_id: null, action: v === 1 ? "create" : "update", changes: "[]", snapshot: "{}", note: null, created_at: T0 }).execute();
    }
    await db.kysely.insertInto("asset_revisions").values({ asset_id: id(2), version: 1, user_id: null, action: "create", changes: "[]", snapshot: "{}", note: null, created_at: T0 }).execute();

    expect(await hsds.categoriesOf(db.kysely, [id(1), id(2)])).toEqual([
      { asset_id: id(1), category: "food" },
      { asset_id: id(2), category: "food" },
      { asset_id: id(1), category: "swimming" },
    ]);
    expect(await hsds.accessOf(db.kysely, [id(1)])).toEqual([
      { asset_id: id(1), feature: "accessible_toilet" },
      { asset_id: id(1), feature: "step_free" },
    ]);
    expect(await hsds.changingPlacesOf(db.kysely, [id(1), id(2)])).toEqual([
      { asset_id: id(2), hoist: "mobile", adult_bench: 1, room_size_m2: 12, peninsular_wc: 1, radar_key: 0, notes: "Ask" },
    ]);
    const latest = await hsds.latestRevisionsOf(db.kysely, [id(1), id(2)], 2);
    expect(latest.map((r) => [r.asset_id, r.version])).toEqual([
      [id(1), 3],
      [id(1), 4],
      [id(2), 1],
    ]);

    const rows = await hsds.servicesByIds(db.kysely, [id(1), id(2), id(3)]);
    const extras = await extrasFor(db.kysely, rows, { revisions: true });
    expect(extras.get(id(1))).toMatchObject({ categories: ["food", "swimming"], access: ["accessible_toilet", "step_free"], changingPlaces: null, organisation: { id: ORG_A, name: "Zebra Trust" } });
    expect(extras.get(id(1))!.revisions!.map((r) => r.version)).toEqual([1, 2, 3, 4]);
    expect(extras.get(id(2))).toMatchObject({ categories: ["food"], access: [], changingPlaces: { hoist: "mobile" } });
    expect(extras.get(id(3))).toMatchObject({ organisation: { id: ORG_B }, revisions: [] });
    expect((await extrasFor(db.kysely, rows)).get(id(1))).not.toHaveProperty("revisions");
  });
});

describe("organisations and datasets", () => {
  beforeEach(async () => {
    await addAssets(asset(1, { organisation_id: ORG_A }), asset(2, { organisation_id: ORG_B, source: "other" }));
    await db.kysely
      .insertInto("datasets")
      .values(
        ["test", "postcodes", "unused"].map((source) => ({ source, title: `${source} data`, licence: "OGL", attribution: `© ${source}`, url: null, imported_at: T0, row_count: 1 })),
      )
      .execute();
  });

  it("a name search (any case, % literal), counted, and paged by name then id", async () => {
    expect(await hsds.countOrganisations(db.kysely, null)).toBe(3);
    expect(ids(await hsds.pageOfOrganisations(db.kysely, null, 10, 0))).toEqual([ORG_B, ORG_EMPTY, ORG_A]);
    expect(ids(await hsds.pageOfOrganisations(db.kysely, null, 1, 1))).toEqual([ORG_EMPTY]);
    expect(await hsds.countOrganisations(db.kysely, "acorn")).toBe(2);
    expect(ids(await hsds.pageOfOrganisations(db.kysely, "100%", 10, 0))).toEqual([ORG_B]);
    expect(await hsds.countOrganisations(db.kysely, "%")).toBe(1);
    expect(await hsds.findOrganisation(db.kysely, ORG_A)).toEqual({
      id: ORG_A,
      name: "Zebra Trust",
      description: null,
      website: null,
      email: null,
      phone: null,
      charity_number: null,
      company_number: null,
    });
    expect(ids(await hsds.organisationsByIds(db.kysely, [ORG_A, ORG_B])).sort()).toEqual([ORG_A, ORG_B]);
  });

  it("the export's organisations are those with listings, in keyset batches by id", async () => {
    expect(ids(await hsds.organisationsWithServicesAfter(db.kysely, "", 1))).toEqual([ORG_A]);
    expect(ids(await hsds.organisationsWithServicesAfter(db.kysely, ORG_A, 5))).toEqual([ORG_B]);
    expect(await hsds.organisationsWithServicesAfter(db.kysely, ORG_B, 5)).toEqual([]);
  });

  it("the datasets with listings, and the postcodes, by title", async () => {
    expect((await hsds.datasetsWithRecords(db.kysely)).map((d) => d.source)).toEqual(["postcodes", "test"]);
  });
});

describe("the export's snapshot", () => {
  it("reads the database as it was when opened, whatever is written meanwhile, in batches", async () => {
    await addAssets(asset(1), asset(2), asset(3));
    const snap = openSnapshot(db.path);
    try {
      await addAssets(asset(4));
      await db.kysely.updateTable("assets").set({ name: "Renamed" }).where("id", "=", id(1)).execute();
      const batches = [];
      for await (const b of serviceBatches(snap.db, 2)) batches.push(b.map((s) => [s.id, s.name]));
      expect(batches).toEqual([
        [
          [id(1), "Listing 1"],
          [id(2), "Listing 2"],
        ],
        [[id(3), "Listing 3"]],
      ]);
    } finally {
      snap.close();
      snap.close();
    }
    expect(await hsds.countServices(db.kysely, {})).toBe(4);
  });

  it("a client that goes away while a batch is read releases the snapshot only once the batch is done", async () => {
    await addAssets(...Array.from({ length: 10 }, (_, i) => asset(i + 1)));
    const snap = openSnapshot(db.path);
    const gone = new AbortController();
    let closed = 0;
    const errors: unknown[] = [];
    async function* chunks() {
      const batches = ndjsonChunks(snap.db, 2);
      try {
        yield (await batches.next()).value as string;
        gone.abort(); // the client goes while the next batch is being read
        const next = await batches.next();
        if (!next.done) yield next.value;
      } catch (e) {
        errors.push(e);
        throw e;
      }
    }
    const reader = streamOf(chunks(), () => {
      closed++;
      snap.close();
    }, { signal: gone.signal }).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first.split("\n").filter(Boolean).map((l) => JSON.parse(l).id)).toEqual([id(1), id(2)]);
    expect((await reader.read()).done).toBe(true);
    expect(closed).toBe(1);
    expect(errors).toEqual([]); // no query ran on a closed snapshot
  });
});
