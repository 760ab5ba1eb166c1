// Postcodes and places to coordinates, from the postcode table (districts from OS Code-Point
// Open, units seen in the imported open data) and the place-name gazetteer.
import type { Db } from "../../db/index";
import { parsePostcode } from "../core/postcode";

export interface GeocodeResult {
  postcode: string;
  lat: number;
  lng: number;
  precision: "unit" | "district";
  admin_district?: string | null;
}

export const POSTCODE_ATTRIBUTION =
  "Contains OS data © Crown copyright and database right 2025; Contains Royal Mail data © Royal Mail copyright and database right 2025; Contains National Statistics data © Crown copyright and database right 2025.";

/** null: malformed. undefined: well formed but not known. */
export function geocodePostcode(db: Db, input: string): GeocodeResult | null | undefined {
  const p = parsePostcode(input);
  if (!p) return null;
  const get = db.sqlite.prepare("SELECT postcode, lat, lng, precision, admin_district FROM postcodes WHERE postcode = ?");
  if (p.incode) {
    const unit = get.get(p.postcode.replace(/\s+/g, "")) as (GeocodeResult & { postcode: string }) | undefined;
    if (unit) return { postcode: p.postcode, lat: unit.lat, lng: unit.lng, precision: "unit", admin_district: unit.admin_district };
  }
  const district = get.get(p.outcode) as GeocodeResult | undefined;
  if (!district) return undefined;
  return { postcode: p.postcode, lat: district.lat, lng: district.lng, precision: "district", admin_district: district.admin_district };
}

export interface PlaceResult {
  name: string;
  lat: number;
  lng: number;
}

export function placeKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
}

/** A town or area by name ("Sale", "Altrincham", "Trafford"): exact first, then by prefix. */
export function findPlace(db: Db, name: string): PlaceResult | null {
  const key = placeKey(name);
  if (!key) return null;
  const exact = db.sqlite.prepare("SELECT name, lat, lng FROM places WHERE key = ?").get(key) as PlaceResult | undefined;
  if (exact) return exact;
  const prefix = db.sqlite
    .prepare("SELECT name, lat, lng FROM places WHERE key >= ? AND key < ? ORDER BY asset_count DESC LIMIT 1")
    .get(key, `${key}\uffff`) as PlaceResult | undefined;
  return prefix ?? null;
}

export type PostcodePlace = { lat: number; lng: number; location_precision: "postcode_unit" | "postcode_district"; postcode: string };

/** Geocode a postcode for a record: its point and how exact it is, or why not. */
export function placeByPostcode(db: Db, postcode: string): PostcodePlace | { error: "malformed" | "unknown" } {
  const g = geocodePostcode(db, postcode);
  if (g === null) return { error: "malformed" };
  if (g === undefined) return { error: "unknown" };
  return { lat: g.lat, lng: g.lng, location_precision: g.precision === "unit" ? "postcode_unit" : "postcode_district", postcode: g.postcode };
}
