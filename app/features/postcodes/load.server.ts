// Loading the postcode table (decision 0006): districts from OS Code-Point Open (derived) and the
// unit postcodes seen in the open data whose coordinates are postcode centroids. Many rows a
// statement, all of a load in one transaction.
import path from "node:path";
import type { Db } from "../../../db/index";
import { registerDataset } from "../directory/datasets.data.server";
import { readSourceFile } from "../imports/read.server";
import { OGL, POSTCODE_LINE } from "../imports/sources";
import { normalisePostcode, outcodeOf, postcodeKey, toNumber } from "../imports/text";
import type { DatasetMapping, SourceRow } from "../imports/types";
import { countDistricts, countPostcodes, insertNewPostcodes, listDistrictAuthorities, upsertDistricts, type NewPostcodeRow } from "./postcodes.data.server";

export const POSTCODE_DISTRICTS_FILE = "postcodes/postcode_districts_gb.csv";

/** "Trafford District (B)" → "Trafford"; "Bromley London Boro" → "Bromley"; "Caerdydd - Cardiff" → "Cardiff". */
export function adminDistrictName(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const english = raw.includes(" - ") ? raw.split(" - ").pop()! : raw;
  const name = english.replace(/\s*\(B\)\s*$/, "").replace(/\s+(District|London Boro)$/, "").trim();
  return name || null;
}

/** Load the postcode districts (precision "district"; the key is the district, e.g. "M33"). Returns the count. */
export async function loadPostcodeDistricts(db: Db, file: string): Promise<number> {
  const { rows } = readSourceFile(file, "csv");
  // One row per district: the last line of a district wins, as when each line replaced the one before.
  const byDistrict = new Map<string, NewPostcodeRow>();
  let count = 0;
  for (const r of rows) {
    const district = r.values.district?.trim().toUpperCase();
    const lat = toNumber(r.values.latitude);
    const lng = toNumber(r.values.longitude);
    if (!district || lat === null || lng === null) continue;
    byDistrict.delete(district);
    byDistrict.set(district, { postcode: district, outcode: district, lat, lng, precision: "district", admin_district: adminDistrictName(r.values.admin_district_name) });
    count++;
  }
  await db.kysely.transaction().execute((tx) => upsertDistricts(tx, [...byDistrict.values()]));
  return count;
}

/** Load the districts when the table has none (a fresh database cannot place rows by postcode). Returns the count loaded, or null. */
export async function loadPostcodeDistrictsIfEmpty(db: Db, file: string): Promise<number | null> {
  if ((await countDistricts(db.kysely)) > 0) return null;
  return loadPostcodeDistricts(db, file);
}

/**
 * Unit postcodes from a dataset whose coordinates are postcode centroids (precision "unit",
 * key "M337XX"). The first coordinates seen for a postcode are kept. Returns the count.
 */
export async function loadUnitPostcodes(db: Db, file: string, mapping: DatasetMapping): Promise<number> {
  if (!mapping.postcodeCentroids) return 0;
  return saveUnitPostcodes(db, unitPostcodesOf(readSourceFile(file, mapping.format).rows, mapping));
}

/** The unit postcodes (postcode and centroid) in the rows of a postcode-centroid dataset. */
export function unitPostcodesOf(rows: SourceRow[], mapping: DatasetMapping): { postcode: string | null; lat: number | null; lng: number | null }[] {
  const cols = mapping.postcodeCentroids;
  if (!cols) return [];
  return rows.map((r) => ({ postcode: normalisePostcode(r.values[cols.postcode]), lat: toNumber(r.values[cols.lat]), lng: toNumber(r.values[cols.lng]) }));
}

/** Save the unit postcodes not stored yet, each with its district's local authority. Returns how many were added. */
export async function saveUnitPostcodes(db: Db, units: { postcode: string | null; lat: number | null; lng: number | null }[]): Promise<number> {
  return db.kysely.transaction().execute(async (tx) => {
    const authority = new Map((await listDistrictAuthorities(tx)).map((d) => [d.postcode, d.admin_district]));
    const rows: NewPostcodeRow[] = [];
    for (const u of units) {
      if (!u.postcode || u.lat === null || u.lng === null) continue;
      const outcode = outcodeOf(u.postcode);
      rows.push({ postcode: postcodeKey(u.postcode), outcode, lat: u.lat, lng: u.lng, precision: "unit", admin_district: authority.get(outcode) ?? null });
    }
    return insertNewPostcodes(tx, rows);
  });
}

/** The postcode reference data as a dataset, so its attribution is listed with the others. */
export async function registerPostcodeDataset(db: Db, file: string, now?: Date): Promise<void> {
  await db.kysely.transaction().execute(async (tx) => {
    const count = await countPostcodes(tx);
    await registerDataset(
      tx,
      { source: "postcodes", title: `Postcode districts and unit postcodes (${path.basename(file)})`, licence: OGL, attribution: POSTCODE_LINE, url: "https://github.com/A-makarim/UCL-CSRI" },
      now,
      count,
    );
  });
}
