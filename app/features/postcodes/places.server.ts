// The place-name gazetteer (decision 0006): every local authority (the mean of its postcode
// districts) and every town of the imported listings in Greater Manchester (the mean of their
// points), so a search can start from "Sale" or "Trafford".
import type { Db } from "../../../db/index";
import { listActiveLocations } from "../assets/assets.data.server";
import { outcodeOf } from "../imports/text";
import { placeKey } from "./geocode.server";
import { replacePlaces, type NewPlaceRow } from "./places.data.server";
import { listAuthorityCentres, listDistrictAuthorities } from "./postcodes.data.server";

/** The ten boroughs of Greater Manchester. */
export const GREATER_MANCHESTER = ["Bolton", "Bury", "Manchester", "Oldham", "Rochdale", "Salford", "Stockport", "Tameside", "Trafford", "Wigan"];

/** Rough box around Greater Manchester, for assets that have no postcode. */
const GM_BOX = { minLat: 53.33, maxLat: 53.69, minLng: -2.73, maxLng: -1.91 };

interface Place {
  name: string;
  lat: number;
  lng: number;
  count: number;
}

/**
 * Rebuild the gazetteer. Where a town and a local authority share a name, the authority's
 * centre is used. Returns the number of places.
 */
export async function buildPlaces(db: Db): Promise<number> {
  return db.kysely.transaction().execute(async (tx) => {
    const districts = await listAuthorityCentres(tx);
    const adminOf = new Map((await listDistrictAuthorities(tx)).map((r) => [r.postcode, r.admin_district]));
    const assets = await listActiveLocations(tx);

    const towns = new Map<string, Place & { spellings: Map<string, number> }>();
    const districtCounts = new Map<string, number>();
    for (const a of assets) {
      const admin = a.postcode ? adminOf.get(outcodeOf(a.postcode)) ?? null : null;
      if (admin) districtCounts.set(admin, (districtCounts.get(admin) ?? 0) + 1);
      if (!a.locality) continue;
      const inGm = admin ? GREATER_MANCHESTER.includes(admin) : inBox(a.lat, a.lng);
      if (!inGm) continue;
      const key = placeKey(a.locality);
      if (!key) continue;
      const p = towns.get(key) ?? { name: a.locality, lat: 0, lng: 0, count: 0, spellings: new Map() };
      p.lat += a.lat;
      p.lng += a.lng;
      p.count++;
      p.spellings.set(a.locality, (p.spellings.get(a.locality) ?? 0) + 1);
      towns.set(key, p);
    }

    const places = new Map<string, Place>();
    for (const [key, p] of towns) {
      const name = [...p.spellings.entries()].sort((x, y) => y[1] - x[1])[0][0];
      places.set(key, { name, lat: p.lat / p.count, lng: p.lng / p.count, count: p.count });
    }
    for (const d of districts) {
      const key = placeKey(d.name);
      if (!key) continue;
      const town = places.get(key);
      places.set(key, { name: d.name, lat: d.lat, lng: d.lng, count: Math.max(districtCounts.get(d.name) ?? 0, town?.count ?? 0) });
    }

    const rows: NewPlaceRow[] = [...places].map(([key, p]) => ({ key, name: p.name, lat: p.lat, lng: p.lng, asset_count: p.count }));
    await replacePlaces(tx, rows);
    return rows.length;
  });
}

function inBox(lat: number, lng: number): boolean {
  return lat >= GM_BOX.minLat && lat <= GM_BOX.maxLat && lng >= GM_BOX.minLng && lng <= GM_BOX.maxLng;
}
