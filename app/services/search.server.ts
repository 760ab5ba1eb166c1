// A directory search: resolve the origin (postcode, place or lat/lng), then ask the index.
import type { ParsedSearch } from "../core/search-params";
import type { SearchQuery, SearchResult } from "../../search/types";
import type { Context } from "./context.server";
import { ApiError } from "./errors";
import { findPlace, geocodePostcode, type GeocodeResult, type PlaceResult } from "./geocode.server";

export interface SearchOutcome extends SearchResult {
  origin?: { lat: number; lng: number; label: string; precision?: string };
}

export async function runSearch(ctx: Context, p: ParsedSearch): Promise<SearchOutcome> {
  let origin = p.origin ? { ...p.origin, label: `${p.origin.lat.toFixed(4)}, ${p.origin.lng.toFixed(4)}` } : undefined;
  let precision: string | undefined;
  if (!origin && p.postcode) {
    const g = geocodePostcode(ctx.db, p.postcode) as GeocodeResult | null | undefined;
    if (g === null) throw new ApiError(400, "invalid_postcode", `postcode "${p.postcode}" is not a valid UK postcode`, { postcode: "is not a valid UK postcode" });
    if (g === undefined) throw new ApiError(404, "postcode_not_found", `We could not find the postcode ${p.postcode}.`, { postcode: "was not found" });
    origin = { lat: g.lat, lng: g.lng, label: g.postcode };
    precision = g.precision;
  }
  if (!origin && p.place) {
    const place = findPlace(ctx.db, p.place) as PlaceResult | null;
    if (!place) throw new ApiError(404, "place_not_found", `We could not find a place called "${p.place}". Try a postcode.`, { near: "was not found" });
    origin = { lat: place.lat, lng: place.lng, label: place.name };
  }
  const query: SearchQuery = {
    q: p.q,
    origin: origin ? { lat: origin.lat, lng: origin.lng } : undefined,
    radiusKm: p.radiusKm,
    bbox: p.bbox,
    kinds: p.kinds,
    categories: p.categories,
    access: p.access,
    free: p.free,
    timeCredits: p.timeCredits,
    age: p.age,
    openAt: p.openAt,
    limit: p.limit,
    page: p.page,
  };
  const result = await ctx.index.search(query);
  return origin ? { ...result, origin: { ...origin, ...(precision ? { precision } : {}) } } : result;
}
