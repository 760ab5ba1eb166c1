// A synchronous geocode for the callers not yet on data modules (profiles, match, accounts, the
// HSDS read API: their own steps of issue 10). New code uses the asynchronous geocodePostcode of
// app/features/postcodes/geocode.server.ts; delete this file when nothing imports it.
import type { Db } from "../../db/index";
import { parsePostcode } from "../core/postcode";
import { pickGeocode, postcodeKeys, type GeocodeResult } from "../features/postcodes/geocode.server";

/** null: malformed. undefined: well formed but not known. */
export function geocodePostcode(db: Db, input: string): GeocodeResult | null | undefined {
  const p = parsePostcode(input);
  if (!p) return null;
  const keys = postcodeKeys(p);
  const get = db.sqlite.prepare("SELECT postcode, lat, lng, admin_district FROM postcodes WHERE postcode = ?");
  const rows = [keys.unit, keys.district].flatMap((k) => (k ? [get.get(k) as { postcode: string; lat: number; lng: number; admin_district: string | null } | undefined] : []));
  return pickGeocode(p, rows.filter((r) => r !== undefined));
}
