// Postcodes and places to coordinates (decision 0006), from the postcode table (districts from OS
// Code-Point Open, units seen in the imported open data) and the place-name gazetteer.
import type { Db, Executor } from "../../../db/index";
import { parsePostcode, type ParsedPostcode } from "../../core/postcode";
import { findPostcodes, type PostcodeRow } from "./postcodes.data.server";
import { findPlaceByKey, findPlaceByPrefix } from "./places.data.server";

/** The database (outside a transaction) or the transaction a use case is in. */
type On = Db | Executor;
const on = (db: On): Executor => ("kysely" in db ? db.kysely : db);

export interface GeocodeResult {
  postcode: string;
  lat: number;
  lng: number;
  precision: "unit" | "district";
  admin_district?: string | null;
}

export const POSTCODE_ATTRIBUTION =
  "Contains OS data © Crown copyright and database right 2025; Contains Royal Mail data © Royal Mail copyright and database right 2025; Contains National Statistics data © Crown copyright and database right 2025.";

/** The keys a parsed postcode is stored under: the unit ("M337XX", when given), then its district. */
export function postcodeKeys(p: ParsedPostcode): { unit: string | null; district: string } {
  return { unit: p.incode ? p.postcode.replace(/\s+/g, "") : null, district: p.outcode };
}

/** The unit when it is known, else its district; undefined when neither is. */
export function pickGeocode(p: ParsedPostcode, rows: Pick<PostcodeRow, "postcode" | "lat" | "lng" | "admin_district">[]): GeocodeResult | undefined {
  const keys = postcodeKeys(p);
  const unit = keys.unit ? rows.find((r) => r.postcode === keys.unit) : undefined;
  if (unit) return { postcode: p.postcode, lat: unit.lat, lng: unit.lng, precision: "unit", admin_district: unit.admin_district };
  const district = rows.find((r) => r.postcode === keys.district);
  if (!district) return undefined;
  return { postcode: p.postcode, lat: district.lat, lng: district.lng, precision: "district", admin_district: district.admin_district };
}

/**
 * null: malformed. undefined: well formed but not known. One indexed lookup of the unit and its
 * district together (this runs on every search by postcode).
 */
export async function geocodePostcode(db: On, input: string): Promise<GeocodeResult | null | undefined> {
  const p = parsePostcode(input);
  if (!p) return null;
  const keys = postcodeKeys(p);
  const rows = await findPostcodes(on(db), keys.unit ? [keys.unit, keys.district] : [keys.district]);
  return pickGeocode(p, rows);
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
export async function findPlace(db: On, name: string): Promise<PlaceResult | null> {
  const key = placeKey(name);
  if (!key) return null;
  return (await findPlaceByKey(on(db), key)) ?? (await findPlaceByPrefix(on(db), key)) ?? null;
}

export type PostcodePlace = { lat: number; lng: number; location_precision: "postcode_unit" | "postcode_district"; postcode: string };

/** Geocode a postcode for a record: its point and how exact it is, or why not. */
export async function placeByPostcode(db: On, postcode: string): Promise<PostcodePlace | { error: "malformed" | "unknown" }> {
  const g = await geocodePostcode(db, postcode);
  if (g === null) return { error: "malformed" };
  if (g === undefined) return { error: "unknown" };
  return { lat: g.lat, lng: g.lng, location_precision: g.precision === "unit" ? "postcode_unit" : "postcode_district", postcode: g.postcode };
}

/** Postcodes looked up together (an import places thousands of rows): geocode and district by the stored rows. */
export interface PostcodeBook {
  /** As geocodePostcode, from the rows read up front. */
  geocode(input: string): GeocodeResult | null | undefined;
  /** The local authority of a district ("M33" → "Trafford"), when the district is known. */
  authorityOf(district: string): string | null;
}

const KEYS_A_STATEMENT = 500;

/** Read every postcode these inputs (and these districts) need, a few hundred keys a statement. */
export async function postcodeBook(db: On, inputs: string[], districts: string[] = []): Promise<PostcodeBook> {
  const keys = new Set<string>(districts);
  for (const input of inputs) {
    const p = parsePostcode(input);
    if (!p) continue;
    const k = postcodeKeys(p);
    if (k.unit) keys.add(k.unit);
    keys.add(k.district);
  }
  const all = [...keys];
  const rows = new Map<string, PostcodeRow>();
  for (let i = 0; i < all.length; i += KEYS_A_STATEMENT) {
    for (const r of await findPostcodes(on(db), all.slice(i, i + KEYS_A_STATEMENT))) rows.set(r.postcode, r);
  }
  return {
    geocode(input) {
      const p = parsePostcode(input);
      if (!p) return null;
      const k = postcodeKeys(p);
      return pickGeocode(p, [k.unit, k.district].flatMap((key) => (key && rows.has(key) ? [rows.get(key)!] : [])));
    },
    authorityOf(district) {
      const r = rows.get(district);
      return r && r.precision === "district" ? r.admin_district : null;
    },
  };
}
