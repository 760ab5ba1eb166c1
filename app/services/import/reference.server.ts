// Reference data the importer keeps: postcode districts (OS Code-Point Open, derived), unit
// postcodes seen in the open data, the place-name gazetteer and the list of datasets.
import path from "node:path";
import type { Db } from "../../../db/index";
import { placeKey } from "../geocode.server";
import { readSourceFile } from "./read.server";
import { OGL, POSTCODE_LINE } from "./sources";
import { normalisePostcode, outcodeOf, postcodeKey, toNumber } from "./text";
import type { DatasetMapping, SourceRow } from "./types";

export const POSTCODE_DISTRICTS_FILE = "postcodes/postcode_districts_gb.csv";

/** The ten boroughs of Greater Manchester. */
export const GREATER_MANCHESTER = ["Bolton", "Bury", "Manchester", "Oldham", "Rochdale", "Salford", "Stockport", "Tameside", "Trafford", "Wigan"];

/** "Trafford District (B)" → "Trafford"; "Bromley London Boro" → "Bromley"; "Caerdydd - Cardiff" → "Cardiff". */
export function adminDistrictName(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const english = raw.includes(" - ") ? raw.split(" - ").pop()! : raw;
  const name = english.replace(/\s*\(B\)\s*$/, "").replace(/\s+(District|London Boro)$/, "").trim();
  return name || null;
}

/** Load the postcode districts (precision "district"; the key is the district, e.g. "M33"). Returns the count. */
export function loadPostcodeDistricts(db: Db, file: string): number {
  const { rows } = readSourceFile(file, "csv");
  const upsert = db.sqlite.prepare(`
    INSERT INTO postcodes (postcode, outcode, lat, lng, precision, admin_district) VALUES (?, ?, ?, ?, 'district', ?)
    ON CONFLICT(postcode) DO UPDATE SET outcode = excluded.outcode, lat = excluded.lat, lng = excluded.lng,
      precision = excluded.precision, admin_district = excluded.admin_district`);
  let count = 0;
  db.sqlite.transaction(() => {
    for (const r of rows) {
      const district = r.values.district?.trim().toUpperCase();
      const lat = toNumber(r.values.latitude);
      const lng = toNumber(r.values.longitude);
      if (!district || lat === null || lng === null) continue;
      upsert.run(district, district, lat, lng, adminDistrictName(r.values.admin_district_name));
      count++;
    }
  })();
  return count;
}

/**
 * Unit postcodes from a dataset whose coordinates are postcode centroids (precision "unit",
 * key "M337XX"). The first coordinates seen for a postcode are kept. Returns the count.
 */
export function loadUnitPostcodes(db: Db, file: string, mapping: DatasetMapping): number {
  if (!mapping.postcodeCentroids) return 0;
  return saveUnitPostcodes(db, unitPostcodesOf(readSourceFile(file, mapping.format).rows, mapping));
}

/** The unit postcodes (postcode and centroid) in the rows of a postcode-centroid dataset. */
export function unitPostcodesOf(rows: SourceRow[], mapping: DatasetMapping): { postcode: string | null; lat: number | null; lng: number | null }[] {
  const cols = mapping.postcodeCentroids;
  if (!cols) return [];
  return rows.map((r) => ({ postcode: normalisePostcode(r.values[cols.postcode]), lat: toNumber(r.values[cols.lat]), lng: toNumber(r.values[cols.lng]) }));
}

export function saveUnitPostcodes(db: Db, units: { postcode: string | null; lat: number | null; lng: number | null }[]): number {
  const districtOf = db.sqlite.prepare("SELECT admin_district FROM postcodes WHERE postcode = ? AND precision = 'district'").pluck();
  const insert = db.sqlite.prepare(`
    INSERT INTO postcodes (postcode, outcode, lat, lng, precision, admin_district) VALUES (?, ?, ?, ?, 'unit', ?)
    ON CONFLICT(postcode) DO NOTHING`);
  let count = 0;
  db.sqlite.transaction(() => {
    for (const u of units) {
      if (!u.postcode || u.lat === null || u.lng === null) continue;
      const outcode = outcodeOf(u.postcode);
      count += insert.run(postcodeKey(u.postcode), outcode, u.lat, u.lng, (districtOf.get(outcode) as string | undefined) ?? null).changes;
    }
  })();
  return count;
}

interface PlaceRow {
  name: string;
  lat: number;
  lng: number;
  count: number;
}

/** Rough box around Greater Manchester, for assets that have no postcode. */
const GM_BOX = { minLat: 53.33, maxLat: 53.69, minLng: -2.73, maxLng: -1.91 };

/**
 * Rebuild the place-name gazetteer: every admin district (mean of its postcode districts) and
 * every town of the imported assets in Greater Manchester (mean of their coordinates). Where a
 * town and a district share a name, the district's centre is used. Returns the number of places.
 */
export function buildPlaces(db: Db): number {
  const districts = db.sqlite
    .prepare(`SELECT admin_district AS name, AVG(lat) AS lat, AVG(lng) AS lng FROM postcodes
      WHERE precision = 'district' AND admin_district IS NOT NULL GROUP BY admin_district`)
    .all() as { name: string; lat: number; lng: number }[];
  const adminOf = new Map(
    (db.sqlite.prepare("SELECT postcode, admin_district FROM postcodes WHERE precision = 'district'").all() as { postcode: string; admin_district: string | null }[]).map(
      (r) => [r.postcode, r.admin_district],
    ),
  );
  const assets = db.sqlite
    .prepare("SELECT locality, lat, lng, postcode FROM assets WHERE status = 'active' AND is_example = 0")
    .all() as { locality: string | null; lat: number; lng: number; postcode: string | null }[];

  const places = new Map<string, PlaceRow & { spellings: Map<string, number> }>();
  const districtCounts = new Map<string, number>();
  for (const a of assets) {
    const admin = a.postcode ? adminOf.get(outcodeOf(a.postcode)) ?? null : null;
    if (admin) districtCounts.set(admin, (districtCounts.get(admin) ?? 0) + 1);
    if (!a.locality) continue;
    const inGm = admin ? GREATER_MANCHESTER.includes(admin) : inBox(a.lat, a.lng);
    if (!inGm) continue;
    const key = placeKey(a.locality);
    if (!key) continue;
    const p = places.get(key) ?? { name: a.locality, lat: 0, lng: 0, count: 0, spellings: new Map() };
    p.lat += a.lat;
    p.lng += a.lng;
    p.count++;
    p.spellings.set(a.locality, (p.spellings.get(a.locality) ?? 0) + 1);
    places.set(key, p);
  }

  const rows = new Map<string, PlaceRow>();
  for (const [key, p] of places) {
    const name = [...p.spellings.entries()].sort((x, y) => y[1] - x[1])[0][0];
    rows.set(key, { name, lat: p.lat / p.count, lng: p.lng / p.count, count: p.count });
  }
  for (const d of districts) {
    const key = placeKey(d.name);
    if (!key) continue;
    const town = rows.get(key);
    rows.set(key, { name: d.name, lat: d.lat, lng: d.lng, count: Math.max(districtCounts.get(d.name) ?? 0, town?.count ?? 0) });
  }

  const insert = db.sqlite.prepare("INSERT INTO places (key, name, lat, lng, asset_count) VALUES (?, ?, ?, ?, ?)");
  db.sqlite.transaction(() => {
    db.sqlite.prepare("DELETE FROM places").run();
    for (const [key, p] of rows) insert.run(key, p.name, p.lat, p.lng, p.count);
  })();
  return rows.size;
}

function inBox(lat: number, lng: number): boolean {
  return lat >= GM_BOX.minLat && lat <= GM_BOX.maxLat && lng >= GM_BOX.minLng && lng <= GM_BOX.maxLng;
}

export interface DatasetRecord {
  source: string;
  title: string;
  licence: string;
  attribution: string;
  url?: string | null;
}

/** Record (or refresh) a dataset in the `datasets` table; row_count is its number of assets. */
export function registerDataset(db: Db, d: DatasetRecord, now: Date = new Date()): void {
  const count = db.sqlite.prepare("SELECT COUNT(*) FROM assets WHERE source = ?").pluck().get(d.source) as number;
  db.sqlite
    .prepare(`
      INSERT INTO datasets (source, title, licence, attribution, url, imported_at, row_count) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(source) DO UPDATE SET title = excluded.title, licence = excluded.licence, attribution = excluded.attribution,
        url = excluded.url, imported_at = excluded.imported_at, row_count = excluded.row_count`)
    .run(d.source, d.title, d.licence, d.attribution, d.url ?? null, now.toISOString(), count);
}

export interface DatasetInfo {
  source: string;
  title: string;
  licence: string;
  attribution: string;
  url: string | null;
}

/** Attribution lines for the given datasets (or all of them). */
export function datasetsFor(db: Db, sources?: string[]): DatasetInfo[] {
  if (sources && sources.length === 0) return [];
  if (!sources) return db.sqlite.prepare("SELECT source, title, licence, attribution, url FROM datasets ORDER BY title").all() as DatasetInfo[];
  const uniq = [...new Set(sources)];
  return db.sqlite
    .prepare(`SELECT source, title, licence, attribution, url FROM datasets WHERE source IN (${uniq.map(() => "?").join(",")}) ORDER BY title`)
    .all(...uniq) as DatasetInfo[];
}

/** The postcode reference data as a dataset, so its attribution is listed with the others. */
export function registerPostcodeDataset(db: Db, file: string, now?: Date): void {
  const count = db.sqlite.prepare("SELECT COUNT(*) FROM postcodes").pluck().get() as number;
  registerDataset(db, { source: "postcodes", title: `Postcode districts and unit postcodes (${path.basename(file)})`, licence: OGL, attribution: POSTCODE_LINE, url: "https://github.com/A-makarim/UCL-CSRI" }, now);
  db.sqlite.prepare("UPDATE datasets SET row_count = ? WHERE source = 'postcodes'").run(count);
}
