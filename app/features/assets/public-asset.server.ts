// The whole public record of an asset (the detail page and GET /api/assets/:id), and the nearest
// Changing Places toilet to a point.
import type { Db, Executor } from "../../../db/index";
import { bboxAround, distanceKm, roundKm } from "../../core/geo";
import { describeNow, isOpenAt, ukWallClock, weeklyHours } from "../../core/hours";
import type { Kind } from "../../core/taxonomy";
import { assetUrl } from "../../../search/types";
import { listPhotos, type PublicPhoto } from "../photos/photos.server";
import * as assets from "./assets.data.server";
import { changingPlacesInBox } from "./nearby.sqlite";
import { findOrganisationSummary } from "./organisations.data.server";
import { findDatasetTitle } from "../directory/datasets.data.server";

export interface NearbyToilet {
  id: string;
  name: string;
  distance_km: number;
  is_example: boolean;
  url: string;
}

/** The nearest active asset with a Changing Places toilet on site (other than `excludeId`), within 50 km. */
export async function nearestChangingPlaces(db: Executor, lat: number, lng: number, excludeId?: string): Promise<NearbyToilet | null> {
  for (const radius of [2, 10, 50]) {
    const rows = (await changingPlacesInBox(db, bboxAround(lat, lng, radius)))
      .filter((r) => r.id !== excludeId)
      .map((r) => ({ ...r, d: distanceKm(lat, lng, r.lat, r.lng) }))
      .filter((r) => r.d <= radius)
      .sort((x, y) => x.d - y.d);
    if (rows.length) {
      const r = rows[0];
      return { id: r.id, name: r.name, distance_km: roundKm(r.d), is_example: r.is_example === 1, url: assetUrl(r.id) };
    }
  }
  return null;
}

export interface PublicAsset {
  id: string;
  kind: Kind;
  name: string;
  summary: string;
  description: string;
  url: string;
  status: string;
  is_example: boolean;
  lat: number;
  lng: number;
  location: { address: string | null; locality: string | null; postcode: string | null; precision: string };
  organisation: { id: string; name: string; website: string | null; charity_number: string | null } | null;
  categories: string[];
  access: string[];
  access_notes: string | null;
  opening_hours: string | null;
  opening_hours_text: string | null;
  open_now?: boolean;
  open_now_text?: string;
  weekly_hours?: { day: string; times: string[] }[];
  cost: { free: boolean | null; details: string | null };
  age: { min: number | null; max: number | null };
  time_credits: { earn: string | null; spend: string | null };
  changing_places: {
    hoist: string | null;
    adult_bench: boolean | null;
    room_size_m2: number | null;
    peninsular_wc: boolean | null;
    radar_key: boolean | null;
    opening_hours: string | null;
    notes: string | null;
  } | null;
  nearest_changing_places: NearbyToilet | null;
  /** Optional photos, each with its description (alt text). */
  photos: PublicPhoto[];
  contact: { phone: string | null; email: string | null; website: string | null };
  how_to_get_there: string | null;
  source: { dataset: string; id: string; url: string | null; title: string | null };
  licence: string;
  attribution: string;
  verified_at: string | null;
  review_due: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export const flag = (v: number | null) => (v === null ? null : v === 1);

/** The Changing Places equipment as the record shows it (null when none is recorded). */
export function equipmentOf(cp: assets.ChangingPlacesRow | undefined): PublicAsset["changing_places"] {
  if (!cp) return null;
  return {
    hoist: cp.hoist,
    adult_bench: flag(cp.adult_bench),
    room_size_m2: cp.room_size_m2,
    peninsular_wc: flag(cp.peninsular_wc),
    radar_key: flag(cp.radar_key),
    opening_hours: cp.opening_hours,
    notes: cp.notes,
  };
}

export async function getAsset(db: Db, id: string, now: Date = ukWallClock()): Promise<PublicAsset | null> {
  const k = db.kysely;
  const a = await assets.findAsset(k, id);
  if (!a) return null;
  const categories = await assets.findDirectCategories(k, id);
  const access = await assets.findAccessFeatures(k, id);
  const cp = await assets.findChangingPlaces(k, id);
  const org = a.organisation_id ? await findOrganisationSummary(k, a.organisation_id) : undefined;
  const dataset = await findDatasetTitle(k, a.source);
  const nearest = await nearestChangingPlaces(k, a.lat, a.lng, a.id);
  const out: PublicAsset = {
    id: a.id,
    kind: a.kind as Kind,
    name: a.name,
    summary: a.summary,
    description: a.description,
    url: assetUrl(a.id),
    status: a.status,
    is_example: a.is_example === 1,
    lat: a.lat,
    lng: a.lng,
    location: { address: a.address, locality: a.locality, postcode: a.postcode, precision: a.location_precision },
    organisation: org ?? null,
    categories,
    access,
    access_notes: a.access_notes,
    opening_hours: a.opening_hours,
    opening_hours_text: a.opening_hours_text,
    cost: { free: flag(a.is_free), details: a.cost_text },
    age: { min: a.min_age, max: a.max_age },
    time_credits: { earn: a.time_credits_earn, spend: a.time_credits_spend },
    changing_places: equipmentOf(cp),
    nearest_changing_places: nearest,
    photos: await listPhotos(db, a.id),
    contact: { phone: a.phone, email: a.email, website: a.website },
    how_to_get_there: a.how_to_get_there,
    source: { dataset: a.source, id: a.source_id, url: a.source_url, title: dataset },
    licence: a.licence,
    attribution: a.attribution,
    verified_at: a.verified_at,
    review_due: a.review_due,
    version: a.version,
    created_at: a.created_at,
    updated_at: a.updated_at,
  };
  const open = isOpenAt(a.opening_hours, now);
  if (open !== null) out.open_now = open;
  const nowText = describeNow(a.opening_hours, now);
  if (nowText) out.open_now_text = nowText;
  const week = weeklyHours(a.opening_hours, now);
  if (week) out.weekly_hours = week;
  return out;
}
