// A directory search: resolve the origin (postcode, place or lat/lng), then ask the index.
import type { ParsedSearch } from "../../core/search-params";
import type { SearchQuery, SearchResult } from "../../../search/types";
import type { Context } from "../../server/context.server";
import { ApiError } from "../../server/errors";
import { findPlace, geocodePostcode } from "../postcodes/geocode.server";

export interface Origin {
  lat: number;
  lng: number;
  label: string;
  precision?: "unit" | "district" | "place" | "point";
}

export interface SearchOutcome extends SearchResult {
  origin?: Origin;
}

/** The origin of a search: lat/lng as given, a postcode geocoded, or a place name looked up. */
export async function originOf(ctx: Context, p: ParsedSearch): Promise<Origin | undefined> {
  if (p.origin) return { ...p.origin, label: `${p.origin.lat.toFixed(4)}, ${p.origin.lng.toFixed(4)}`, precision: "point" };
  if (p.postcode) {
    const g = await geocodePostcode(ctx.db, p.postcode);
    if (g === null) throw new ApiError(400, "invalid_postcode", `postcode "${p.postcode}" is not a valid UK postcode`, { postcode: "is not a valid UK postcode" });
    if (g === undefined) throw new ApiError(404, "postcode_not_found", `We could not find the postcode ${p.postcode}.`, { postcode: "was not found" });
    return { lat: g.lat, lng: g.lng, label: g.postcode, precision: g.precision };
  }
  if (p.place) {
    const place = await findPlace(ctx.db, p.place);
    if (!place) throw new ApiError(404, "place_not_found", `We could not find a place called "${p.place}". Try a postcode.`, { near: "was not found" });
    return { lat: place.lat, lng: place.lng, label: place.name, precision: "place" };
  }
  return undefined;
}

export function toQuery(p: ParsedSearch, origin?: Origin): SearchQuery {
  const { postcode: _postcode, place: _place, origin: _given, ...criteria } = p;
  return { ...criteria, origin: origin ? { lat: origin.lat, lng: origin.lng } : undefined };
}

export async function resolveOrigin(ctx: Context, p: ParsedSearch): Promise<SearchQuery> {
  return toQuery(p, await originOf(ctx, p));
}

export async function runSearch(ctx: Context, p: ParsedSearch): Promise<SearchOutcome> {
  const origin = await originOf(ctx, p);
  const result = await ctx.index.search(toQuery(p, origin));
  return origin ? { ...result, origin } : result;
}
