// The postcode table and the place gazetteer on a real SQLite file (decision 0006): bulk loads
// many rows a statement, a unit postcode when we know it and its district otherwise, places by
// name.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPlace, geocodePostcode, placeByPostcode, postcodeBook } from "../../app/features/postcodes/geocode.server";
import { loadPostcodeDistricts, loadPostcodeDistrictsIfEmpty, registerPostcodeDataset, saveUnitPostcodes } from "../../app/features/postcodes/load.server";
import { buildPlaces } from "../../app/features/postcodes/places.server";
import { addAsset, openTestDb, type TestDb } from "../helpers/data-db";

let t: TestDb;
let file: string;
/** Districts beyond the real ones, so that a load spans several statements. */
const FILLER = 1200;

beforeAll(async () => {
  t = await openTestDb();
  file = path.join(path.dirname(t.db.path), "districts.csv");
  const lines = [
    "district,latitude,longitude,admin_district_name",
    "M33,53.420975,-2.326344,Trafford District (B)",
    "WA14,53.38,-2.35,Trafford District (B)",
    "M1,53.478,-2.236,Manchester District (B)",
    "M1,53.479,-2.237,Manchester District (B)",
    "BAD,,,Nowhere",
  ];
  for (let i = 0; i < FILLER; i++) lines.push(`ZZ${i},54.${i},-1.5,Filler District (B)`);
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
});

afterAll(() => t.close());

describe("loading postcodes", () => {
  it("loads every district with its local authority, in statements of many rows", async () => {
    expect(await loadPostcodeDistricts(t.db, file)).toBe(4 + FILLER);
    const n = await t.db.kysely.selectFrom("postcodes").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(3 + FILLER);
    // A district given twice keeps the later line, as a re-load replaces what is there.
    expect(await geocodePostcode(t.db, "M1")).toMatchObject({ lat: 53.479, precision: "district", admin_district: "Manchester" });
    expect(await loadPostcodeDistrictsIfEmpty(t.db, file)).toBeNull();
  });

  it("adds unit postcodes once, keeping the first centroid and the district's authority", async () => {
    const added = await saveUnitPostcodes(t.db, [
      { postcode: "M33 7XX", lat: 53.421, lng: -2.33 },
      { postcode: "M33 7XX", lat: 50, lng: 0 },
      { postcode: null, lat: 1, lng: 1 },
      { postcode: "WA14 1AA", lat: null, lng: -2.35 },
    ]);
    expect(added).toBe(1);
    expect(await saveUnitPostcodes(t.db, [{ postcode: "M33 7XX", lat: 51, lng: 1 }])).toBe(0);
    const row = await t.db.kysely.selectFrom("postcodes").selectAll().where("postcode", "=", "M337XX").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ outcode: "M33", lat: 53.421, precision: "unit", admin_district: "Trafford" });
  });

  it("lists the postcode data as a dataset counting its postcodes", async () => {
    await registerPostcodeDataset(t.db, file, new Date("2026-01-02T00:00:00Z"));
    const d = await t.db.kysely.selectFrom("datasets").selectAll().where("source", "=", "postcodes").executeTakeFirstOrThrow();
    expect(d.row_count).toBe(4 + FILLER);
    expect(d.title).toContain("districts.csv");
  });
});

describe("geocoding", () => {
  it("gives the unit's own centre when the unit is known", async () => {
    expect(await geocodePostcode(t.db, "m337xx")).toEqual({ postcode: "M33 7XX", lat: 53.421, lng: -2.33, precision: "unit", admin_district: "Trafford" });
  });

  it("falls back to the district's centre for a unit we do not know", async () => {
    expect(await geocodePostcode(t.db, "M33 9ZZ")).toEqual({ postcode: "M33 9ZZ", lat: 53.420975, lng: -2.326344, precision: "district", admin_district: "Trafford" });
    expect(await placeByPostcode(t.db, "M33 9ZZ")).toMatchObject({ location_precision: "postcode_district" });
  });

  it("tells a malformed postcode (null) from an unknown one (undefined)", async () => {
    expect(await geocodePostcode(t.db, "not a postcode")).toBeNull();
    expect(await geocodePostcode(t.db, "SW1A 1AA")).toBeUndefined();
    expect(await placeByPostcode(t.db, "SW1A 1AA")).toEqual({ error: "unknown" });
    expect(await placeByPostcode(t.db, "nonsense")).toEqual({ error: "malformed" });
  });

  it("runs inside a transaction on the transaction", async () => {
    const g = await t.db.kysely.transaction().execute((tx) => geocodePostcode(tx, "M33 7XX"));
    expect(g?.precision).toBe("unit");
  });

  it("looks up many postcodes at once the same way as one at a time", async () => {
    const inputs = ["M33 7XX", "M33 9ZZ", "SW1A 1AA", "nonsense", "WA14 1AA"];
    const book = await postcodeBook(t.db, inputs, ["M33"]);
    for (const input of inputs) expect(book.geocode(input), input).toEqual(await geocodePostcode(t.db, input));
    expect(book.authorityOf("M33")).toBe("Trafford");
    expect(book.authorityOf("SW1A")).toBeNull();
  });
});

describe("the place gazetteer", () => {
  it("holds the local authorities and the towns of listings in Greater Manchester", async () => {
    await addAsset(t.db, { locality: "Sale", lat: 53.424, lng: -2.322, postcode: "M33 7XX" });
    await addAsset(t.db, { locality: "Sale", lat: 53.426, lng: -2.324, postcode: "M33 7XY" });
    await addAsset(t.db, { locality: "SALE", lat: 53.425, lng: -2.323, postcode: null });
    await addAsset(t.db, { locality: "Faraway", lat: 51.5, lng: -0.1, postcode: null });
    await addAsset(t.db, { locality: "Example Town", lat: 53.42, lng: -2.32, is_example: 1 });
    const n = await buildPlaces(t.db);
    const sale = await findPlace(t.db, "sale");
    expect(sale).toEqual({ name: "Sale", lat: expect.closeTo(53.425, 3), lng: expect.closeTo(-2.323, 3) });
    expect(await findPlace(t.db, "Trafford")).toMatchObject({ name: "Trafford" });
    expect(await findPlace(t.db, "Faraway")).toBeNull();
    expect(await findPlace(t.db, "Example Town")).toBeNull();
    // By prefix: the place with the most listings.
    expect(await findPlace(t.db, "Traff")).toMatchObject({ name: "Trafford" });
    expect(await findPlace(t.db, "  ")).toBeNull();
    // Building again replaces the gazetteer rather than adding to it.
    expect(await buildPlaces(t.db)).toBe(n);
    const rows = await t.db.kysely.selectFrom("places").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(n);
  });
});
