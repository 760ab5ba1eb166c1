// The in-site import's data on a real SQLite file (decision 0012): uploads, saved mappings, runs
// and their rejects; an import is written in one transaction, so a failure half way leaves no rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../app/features/accounts/users.data.server";
import { contextFor, type Context } from "../../app/server/context.server";
import { columnMapping, type MappingFile } from "../../app/features/imports/mappings/columns";
import { importRead } from "../../app/features/imports/pipeline.server";
import { readCsvText } from "../../app/features/imports/read.server";
import { getRun, previewImport, rejectsStream, runImport } from "../../app/features/imports/runs.server";
import { getSavedMapping, saveMapping, savedMappings } from "../../app/features/imports/saved-mappings.server";
import { getUpload, readUpload, recentUploads, storeUpload } from "../../app/features/imports/uploads.server";
import { addUser, openTestDb, type TestDb } from "../helpers/data-db";

let t: TestDb;
let ctx: Context;
const ann: User = { id: "ann", email: "ann@t.test", name: "Ann", role: "connector", area_postcode: null, area_lat: null, area_lng: null };
const bob: User = { ...ann, id: "bob", email: "bob@t.test", name: "" };
const admin: User = { ...ann, id: "root", email: "root@t.test", name: "Root", role: "admin" };

const CSV = ["name,lat,lng,kind", "Sale Knitters,53.42,-2.32,community_group", "No Place,,,community_group", "Chess Club,53.43,-2.31,community_group", "Walkers,53.44,-2.30,community_group"].join("\n");
const MAPPING: MappingFile = { source: "sale_groups", licence: "OGL", attribution: "Sale groups", kind: "community_group", columns: { name: "name", lat: "lat", lng: "lng" } };

const count = async (table: "assets" | "asset_revisions" | "import_runs" | "datasets") =>
  Number((await t.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  t = await openTestDb();
  ctx = await contextFor(t.db);
  for (const u of [ann, bob, admin]) await addUser(t.db, u.id, { name: u.name, email: u.email, role: u.role });
});

afterAll(() => t.close());

describe("an import is all or nothing", () => {
  it("leaves no listings, no dataset and no run when it fails half way", async () => {
    const read = readCsvText(CSV, "groups.csv");
    const failing = importRead(ctx, "groups.csv", read, columnMapping(MAPPING, "csv"), {
      batchSize: 1,
      // The run names an upload that does not exist: the foreign key fails after every row is written.
      inTransaction: (tx) =>
        tx
          .insertInto("import_runs")
          .values({ id: "r0", upload_id: "missing", user_id: ann.id, source: "sale_groups", mapping: "{}", read_count: 0, created_count: 0, updated_count: 0, unchanged_count: 0, rejected_count: 0, skipped_count: 0, rejects: null, created_at: "2026-01-01" })
          .execute()
          .then(() => undefined),
    });
    await expect(failing).rejects.toThrow(/FOREIGN KEY/);
    expect(await count("assets")).toBe(0);
    expect(await count("datasets")).toBe(0);
    expect(await count("import_runs")).toBe(0);
    expect(await count("asset_revisions")).toBe(0);
  });
});

describe("uploads, runs and rejects", () => {
  it("stores an upload for its uploader and admins only", async () => {
    const u = await storeUpload(t.db, ann, "groups.csv", Buffer.from(CSV), new Date("2026-02-01T10:00:00Z"));
    expect(u).toMatchObject({ user_id: ann.id, format: "csv", size: CSV.length });
    expect(await getUpload(t.db, ann, u.id)).toEqual(u);
    expect(await getUpload(t.db, admin, u.id)).toEqual(u);
    expect(await getUpload(t.db, bob, u.id)).toBeNull();
    expect((await readUpload(t.db, u)).rows).toHaveLength(4);
    expect(await recentUploads(t.db, ann)).toEqual([{ ...u, runs: 0 }]);
    expect(await recentUploads(t.db, bob)).toEqual([]);
  });

  it("previews, imports, keeps the run with its rejects, and updates on a repeat", async () => {
    const [u] = await recentUploads(t.db, ann);
    const upload = (await getUpload(t.db, ann, u.id))!;
    const preview = await previewImport(t.db, upload, MAPPING);
    expect(preview).toMatchObject({ total: 4, creates: 3, updates: 0, rejects: 1 });
    expect(await count("assets")).toBe(0);

    const run = await runImport(ctx, ann, upload, MAPPING, new Date("2026-02-01T10:05:00Z"));
    expect(run).toMatchObject({ upload_id: u.id, filename: "groups.csv", read: 4, created: 3, updated: 0, rejected: 1, has_rejects: true });
    expect(await count("assets")).toBe(3);
    expect(await getRun(t.db, bob, run.id)).toBeNull();
    expect(await getRun(t.db, admin, run.id)).toEqual(run);
    expect((await recentUploads(t.db, ann))[0].runs).toBe(1);

    const file = (await rejectsStream(t.db, ann, run.id))!;
    expect(file.filename).toBe("groups.rejects.csv");
    const text = await new Response(file.stream).text();
    expect(text.split("\n")[0]).toBe("name,lat,lng,kind,reason");
    expect(text).toContain("No Place");
    expect(await rejectsStream(t.db, bob, run.id)).toBeNull();

    expect(await previewImport(t.db, upload, MAPPING)).toMatchObject({ creates: 0, updates: 3 });
    const again = await runImport(ctx, ann, upload, MAPPING, new Date("2026-02-01T10:10:00Z"));
    expect(again).toMatchObject({ created: 0, unchanged: 3 });
    expect(await count("assets")).toBe(3);
  });
});

describe("saved mappings", () => {
  it("replaces your own mapping of the same name (any case) and lists your own first", async () => {
    const first = await saveMapping(t.db, ann, "Groups", MAPPING, new Date("2026-03-01T00:00:00Z"));
    const second = await saveMapping(t.db, ann, "groups ", { ...MAPPING, source: "sale_groups_2" }, new Date("2026-03-02T00:00:00Z"));
    expect(second.id).toBe(first.id);
    const bobs = await saveMapping(t.db, bob, "Groups", MAPPING);
    expect(bobs.id).not.toBe(first.id);
    await saveMapping(t.db, bob, "alpha", MAPPING);

    const forBob = await savedMappings(t.db, bob);
    expect(forBob.map((m) => [m.name, m.owner_name])).toEqual([
      ["alpha", "bob@t.test"],
      ["Groups", "bob@t.test"],
      ["Groups", "Ann"],
    ]);
    const anns = (await getSavedMapping(t.db, first.id))!;
    expect(anns).toMatchObject({ name: "Groups", owner_id: ann.id, owner_name: "Ann", updated_at: "2026-03-02T00:00:00.000Z" });
    expect(anns.mapping.source).toBe("sale_groups_2");
    await expect(saveMapping(t.db, ann, "  ", MAPPING)).rejects.toMatchObject({ status: 400 });
  });
});
