// The importer on the real shared open data, into a real SQLite file under the system temp folder.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, openDatabase, type Db } from "../../db/index";
import { contextFor, type Context } from "../../app/server/context.server";
import { getAsset } from "../../app/features/assets/public-asset.server";
import { findPlace, geocodePostcode } from "../../app/features/postcodes/geocode.server";
import { isOpenAt, isValidHours } from "../../app/core/hours";
import { importDemoData, type DemoImportSummary } from "../../app/features/imports/demo.server";
import { importFile } from "../../app/features/imports/import-file.server";

const SHARED = path.resolve(process.env.SHARED_DATA_DIR || path.join("..", "shared", "data"));
const EXAMPLES = path.resolve("db", "seed", "examples.json");

let dir: string;
let db: Db;
let ctx: Context;
let first: DemoImportSummary;
let second: DemoImportSummary;
let firstMs: number;

const one = <T>(sql: string, ...params: unknown[]) => db.sqlite.prepare(sql).get(...params) as T;
const all = <T>(sql: string, ...params: unknown[]) => db.sqlite.prepare(sql).all(...params) as T[];
const bySource = (s: DemoImportSummary, source: string) => s.files.find((f) => f.source === source)!;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-import-"));
  db = openDatabase(path.join(dir, "import.db"));
  await migrate(db);
  ctx = await contextFor(db);
  const started = Date.now();
  first = await importDemoData(ctx, { sharedDir: SHARED, examplesFile: EXAMPLES, rejectsDir: path.join(dir, "rejects") });
  firstMs = Date.now() - started;
  second = await importDemoData(ctx, { sharedDir: SHARED, examplesFile: EXAMPLES });
  console.log(
    [
      `Demo import: ${(firstMs / 1000).toFixed(1)} s`,
      ...first.files.map(
        (f) =>
          `${f.source.padEnd(42)} read ${String(f.read).padStart(4)}  created ${String(f.created).padStart(4)}  rejected ${f.rejected}  skipped ${f.skipped}` +
          (f.rejectReasons.length ? `  (${f.rejectReasons.map((r) => `${r.count}× ${r.reason}`).join("; ")})` : ""),
      ),
    ].join("\n"),
  );
}, 120000);

afterAll(async () => {
  await db?.kysely.destroy().catch(() => undefined);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the demo import", () => {
  it("imports every known file, nearly every row", () => {
    expect(first.missing).toEqual([]);
    expect(first.files.map((f) => f.source)).toContain("examples");
    for (const f of first.files) {
      // Every row is accounted for: imported, deliberately skipped or rejected with a reason.
      const accounted = f.source === "trafford_sports_facilities_active_places" ? f.read : f.created + f.skipped + f.rejected;
      expect(accounted, f.source).toBe(f.read);
      expect(f.rejected, `${f.source}: ${JSON.stringify(f.rejectReasons)}`).toBeLessThanOrEqual(2);
      for (const r of f.rejects) expect(r.reason.length).toBeGreaterThan(5);
    }
    expect(first.totals.rejected).toBeLessThanOrEqual(5);
    expect(first.totals.created).toBeGreaterThan(3000);
  });

  it("has plausible counts per file", () => {
    expect(bySource(first, "trafford_libraries").created).toBe(13);
    expect(bySource(first, "gm_libraries")).toMatchObject({ created: 128, skipped: 13 });
    expect(bySource(first, "gm_pharmacies").created).toBe(631);
    expect(bySource(first, "gm_dentists").created).toBe(539);
    expect(bySource(first, "trafford_care_homes").created).toBe(56);
    expect(bySource(first, "trafford_leisure_centres").created).toBe(9);
    expect(bySource(first, "trafford_sports_clubs").created).toBe(140);
    expect(bySource(first, "trafford_charities").created).toBeGreaterThanOrEqual(734);
    expect(bySource(first, "trafford_places_of_worship").created).toBe(118);
    expect(bySource(first, "trafford_post_offices").created).toBe(27);
    // Active Places: one asset per site, not per facility row.
    const sites = bySource(first, "trafford_sports_facilities_active_places");
    expect(sites.created).toBeGreaterThan(100);
    expect(sites.created).toBeLessThan(sites.read);
  });

  it("says which files are left out and why", () => {
    expect(first.notImported.map((n) => n.file)).toEqual(expect.arrayContaining(["community/trafford/trafford_vcse_grants_360giving.csv", "hsds/"]));
  });

  it("takes a few seconds", () => {
    expect(firstMs).toBeLessThan(20000);
  });

  it("is repeatable: the second run creates nothing and duplicates nothing", () => {
    expect(second.totals.created).toBe(0);
    expect(second.totals.updated).toBe(0);
    expect(second.totals.unchanged).toBe(first.totals.created);
    const assets = one<{ n: number }>("SELECT COUNT(*) AS n FROM assets").n;
    expect(assets).toBe(first.totals.created);
    const dupes = all("SELECT source, source_id FROM assets GROUP BY source, source_id HAVING COUNT(*) > 1");
    expect(dupes).toEqual([]);
    const sameName = all<{ n: number }>(
      "SELECT COUNT(*) AS n FROM assets WHERE source IN ('trafford_libraries', 'gm_libraries') GROUP BY name, postcode HAVING COUNT(*) > 1",
    );
    expect(sameName).toEqual([]);
  });

  it("registers every dataset with its licence and attribution", () => {
    const rows = all<{ source: string; licence: string; attribution: string; row_count: number }>("SELECT * FROM datasets");
    for (const f of first.files) {
      const d = rows.find((r) => r.source === f.source);
      expect(d, f.source).toBeDefined();
      expect(d!.licence.length).toBeGreaterThan(3);
      expect(d!.attribution.length).toBeGreaterThan(5);
      expect(d!.row_count).toBe(f.created);
    }
    const pharmacies = rows.find((r) => r.source === "gm_pharmacies")!;
    expect(pharmacies.licence).toBe("Open Government Licence v3.0 (OGL)");
    expect(pharmacies.attribution).toContain("NHS Business Services Authority");
    expect(pharmacies.attribution).toContain("Contains OS data © Crown copyright");
  });
});

describe("imported records", () => {
  const asset = async (source: string, name: string) => {
    const row = one<{ id: string } | undefined>("SELECT id FROM assets WHERE source = ? AND name = ?", source, name);
    expect(row, `${source}: ${name}`).toBeDefined();
    return (await getAsset(db, row!.id))!;
  };

  it("a library is a universal service, a care home targeted, a sports club community", async () => {
    expect(await asset("trafford_libraries", "Sale Library")).toMatchObject({ kind: "universal_service", categories: ["library"] });
    expect(await asset("trafford_care_homes", "Ascot House")).toMatchObject({ kind: "targeted_service", organisation: { name: "Trafford Council" } });
    expect(await asset("trafford_sports_clubs", "Altrincham Football Club")).toMatchObject({ kind: "community_group" });
    expect((await asset("trafford_sports_clubs", "Altrincham Football Club")).categories).toEqual(["football", "sports_club"]);
  });

  it("records licence, attribution, verified date, town and precision", async () => {
    const lib = await asset("trafford_libraries", "Altrincham Library");
    expect(lib.licence).toBe("Open Government Licence v3.0 (OGL)");
    expect(lib.attribution).toContain("Trafford Council");
    expect(lib.verified_at).toBe("2023-11-21");
    expect(lib.location).toMatchObject({ locality: "Altrincham", postcode: "WA14 1AH", precision: "exact" });
    const club = await asset("trafford_sports_clubs", "Altrincham Swimming Club");
    expect(club.location.precision).toBe("postcode_unit");
    expect(club.attribution).toContain("Contains OS data");
    const church = one<{ location_precision: string }>("SELECT location_precision FROM assets WHERE source = 'trafford_places_of_worship' LIMIT 1");
    expect(church.location_precision).toBe("building");
  });

  it("rows without coordinates are placed by postcode", () => {
    const placed = all<{ location_precision: string }>(
      "SELECT location_precision FROM assets WHERE source = 'trafford_sports_clubs' AND postcode IN ('M33 5SL', 'WA14 4WQ')",
    );
    expect(placed.length).toBe(3);
    for (const p of placed) expect(["postcode_unit", "postcode_district"]).toContain(p.location_precision);
  });

  it("pharmacy hours are valid OSM and open now works", () => {
    const hours = all<{ opening_hours: string | null }>("SELECT opening_hours FROM assets WHERE source = 'gm_pharmacies'");
    const readable = hours.filter((h) => h.opening_hours);
    expect(readable.length).toBeGreaterThan(hours.length * 0.95);
    for (const h of readable) expect(isValidHours(h.opening_hours!)).toBe(true);
    const a1 = one<{ opening_hours: string }>("SELECT opening_hours FROM assets WHERE source = 'gm_pharmacies' AND source_id = 'FM664'");
    expect(isOpenAt(a1.opening_hours, new Date(2026, 0, 5, 10, 0))).toBe(true); // Monday 10:00
    expect(isOpenAt(a1.opening_hours, new Date(2026, 0, 4, 10, 0))).toBe(false); // Sunday: closed
  });

  it("open_at search finds pharmacies open on a Monday morning and not on a Sunday night", async () => {
    const query = { origin: { lat: 53.577, lng: -2.43 }, radiusKm: 10, kinds: [], categories: ["pharmacy"], access: [], free: false, limit: 100, page: 1 };
    const monday = await ctx.index.search({ ...query, openAt: new Date(2026, 0, 5, 10, 0) });
    expect(monday.total).toBeGreaterThan(5);
    for (const r of monday.results) expect(r.open_now).toBe(true);
    const sundayNight = await ctx.index.search({ ...query, openAt: new Date(2026, 0, 4, 23, 30) });
    expect(sundayNight.total).toBeLessThan(monday.total);
  });

  it("the leisure centre with a Changing Places toilet has that feature", async () => {
    const move = await asset("trafford_leisure_centres", "Move Altrincham");
    expect(move.access).toEqual(expect.arrayContaining(["changing_places", "step_free"]));
    expect(move.changing_places).toMatchObject({ adult_bench: true });
    expect(move.opening_hours).toBe("Mo-Fr 06:30-22:00; Sa,Su 08:00-18:00");
    const sale = await asset("trafford_leisure_centres", "Sale Leisure Centre");
    expect(sale.access).not.toContain("changing_places");
  });

  it("sports facilities are one asset per site with every facility type", () => {
    const rows = all<{ n: number }>("SELECT COUNT(*) AS n FROM assets WHERE source = 'trafford_sports_facilities_active_places' GROUP BY source_id HAVING n > 1");
    expect(rows).toEqual([]);
    const chester = one<{ description: string; kind: string }>(
      "SELECT description, kind FROM assets WHERE source = 'trafford_sports_facilities_active_places' AND name LIKE 'Stretford Sports Village (Chester%'",
    );
    expect(chester.kind).toBe("universal_service");
    expect(chester.description).toMatch(/Swimming pools.*pay and play/);
  });

  it("examples are all marked as examples", () => {
    const ex = all<{ is_example: number; kind: string }>("SELECT is_example, kind FROM assets WHERE source = 'examples'");
    expect(ex.length).toBeGreaterThanOrEqual(18);
    for (const e of ex) expect(e.is_example).toBe(1);
    const kinds = new Set(ex.map((e) => e.kind));
    for (const k of ["changing_places_toilet", "time_credit_scheme", "micro_enterprise"]) expect(kinds.has(k)).toBe(true);
    const examplesElsewhere = one<{ n: number }>("SELECT COUNT(*) AS n FROM assets WHERE is_example = 1 AND source != 'examples'").n;
    expect(examplesElsewhere).toBe(0);
  });
});

describe("postcodes and places", () => {
  it("looks up unit postcodes from the open data and districts for the rest", async () => {
    expect(await geocodePostcode(db, "M33 7XX")).toMatchObject({ postcode: "M33 7XX", precision: "unit" });
    expect(await geocodePostcode(db, "m337xx")).toMatchObject({ precision: "unit" });
    const district = await geocodePostcode(db, "M33 9ZZ");
    expect(district).toMatchObject({ precision: "district", admin_district: "Trafford" });
    expect(district!.lat).toBeCloseTo(53.42, 1);
    expect(district!.lng).toBeCloseTo(-2.33, 1);
    expect(await geocodePostcode(db, "not a postcode")).toBeNull();
  });

  it("resolves towns and boroughs by name", async () => {
    for (const name of ["Trafford", "Manchester", "Sale", "Altrincham", "Urmston", "Stretford", "Partington", "Old Trafford"]) {
      const p = await findPlace(db, name);
      expect(p, name).not.toBeNull();
      expect(p!.lat).toBeGreaterThan(53.3);
      expect(p!.lat).toBeLessThan(53.6);
      expect(p!.lng).toBeGreaterThan(-2.5);
      expect(p!.lng).toBeLessThan(-2.1);
    }
    expect((await findPlace(db, "Sale"))!.lat).toBeCloseTo(53.42, 1);
  });
});

describe("importing one file", () => {
  it("rejects a malformed row with a reason, writes it next to the input and keeps the good rows", async () => {
    const file = path.join(dir, "groups.csv");
    fs.writeFileSync(
      file,
      [
        "Name,Postcode,Latitude,Longitude,Description",
        "Sale Knit and Natter,M33 7XX,53.4247,-2.3190,A friendly knitting group",
        "Broken row,M33 7XX,53.42",
        "Nowhere Club,,,,No place at all",
        "Urmston Walkers,M41 0NA,,,Weekly walks",
        "Bad latitude,,123,-2.3,Out of range",
      ].join("\n"),
    );
    const result = await importFile(ctx, file, { kind: "community_group", rejects: { fallbackDir: path.join(dir, "fallback") } });
    expect(result).toMatchObject({ read: 5, created: 2, rejected: 3 });
    expect(result.rejectsFile).toBe(`${file}.rejects.csv`);
    const rejects = fs.readFileSync(result.rejectsFile!, "utf8").trim().split("\n");
    expect(rejects[0]).toBe("Name,Postcode,Latitude,Longitude,Description,reason");
    expect(rejects[1]).toMatch(/^Broken row,M33 7XX,53\.42,,,has 3 values but the header has 5 columns/);
    expect(rejects[2]).toMatch(/^Nowhere Club,.*no coordinates and no postcode/);
    expect(rejects[3]).toMatch(/^Bad latitude,.*no coordinates/);
    const walkers = one<{ location_precision: string; source: string }>("SELECT location_precision, source FROM assets WHERE name = 'Urmston Walkers'");
    expect(walkers).toMatchObject({ location_precision: "postcode_unit", source: "groups" });

    // Again: nothing new, the same rejects.
    const again = await importFile(ctx, file, { kind: "community_group", rejects: { fallbackDir: path.join(dir, "fallback") } });
    expect(again).toMatchObject({ created: 0, unchanged: 2, rejected: 3 });
  });

  it("never writes into the shared data folder", async () => {
    const file = path.join(SHARED, "community", "trafford", "trafford_mental_health_services.csv");
    const fallback = path.join(dir, "fallback-shared");
    const result = await importFile(ctx, file, { rejects: { fallbackDir: fallback, protectedDirs: [SHARED] } });
    expect(result.rejected).toBe(1);
    expect(result.rejectsFile).toBe(path.join(fallback, "trafford_mental_health_services.csv.rejects.csv"));
    expect(fs.existsSync(`${file}.rejects.csv`)).toBe(false);
  });

  it("refuses a file of unknown shape without a kind, saying what to add", async () => {
    const file = path.join(dir, "nokind.csv");
    fs.writeFileSync(file, "Name,Postcode\nA group,M33 7XX\n");
    await expect(importFile(ctx, file, {})).rejects.toThrow(/--kind/);
  });
});
