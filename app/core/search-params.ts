// Reading and checking the parameters of a directory search (GET /api/search and the home
// page use the same rules). No I/O: a postcode is returned for the caller to geocode.
import type { BBox } from "./geo";
import { isValidLat, isValidLng } from "./geo";
import { parseOpenAt, ukWallClock } from "./hours";
import { parsePostcode } from "./postcode";
import { ACCESS_FEATURES, KINDS, isAccessFeature, isCategory, isKind, type AccessFeature, type Kind } from "./taxonomy";

export const DEFAULT_RADIUS_KM = 5;
export const MAX_RADIUS_KM = 200;
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/**
 * The filter parameters of a directory search, in the order the page shows them: one list for
 * the search page's form and map, the API and the labels in error messages.
 */
export const SEARCH_FILTERS = [
  { param: "q", label: "What are you looking for" },
  { param: "kind", label: "Kind of place" },
  { param: "category", label: "Category" },
  { param: "access", label: "Accessibility" },
  { param: "free", label: "Free only" },
  { param: "time_credits", label: "Time credits" },
  { param: "age", label: "Age" },
  { param: "open_now", label: "Open now" },
] as const;

export type SearchFilterParam = (typeof SEARCH_FILTERS)[number]["param"];

/** Labels for every search parameter, filters first (names the field in an error summary). */
export const SEARCH_PARAM_LABELS: Record<string, string> = {
  ...Object.fromEntries(SEARCH_FILTERS.map((f) => [f.param, f.label])),
  near: "Near",
  radius_km: "Distance",
  page: "Page",
  lat: "Latitude",
  lng: "Longitude",
  bbox: "Map area",
  limit: "Number of results",
  open_at: "Open at",
};

/** What a search asks the index for, once the origin is known (search/types.ts adds index hints). */
export interface SearchCriteria {
  q?: string;
  origin?: { lat: number; lng: number };
  /** Only used with an origin. */
  radiusKm: number;
  bbox?: BBox;
  kinds: Kind[];
  categories: string[];
  access: AccessFeature[];
  free: boolean;
  timeCredits?: "earn" | "spend";
  age?: number;
  openAt?: Date;
  limit: number;
  page: number;
}

/** The parsed parameters: the criteria, and the postcode or place still to be looked up. */
export interface ParsedSearch extends SearchCriteria {
  postcode?: string;
  /** A place name typed in the "near" box (pages only). */
  place?: string;
}

export type ParseOutcome = { ok: true; value: ParsedSearch } | { ok: false; fields: Record<string, string> };

function values(params: URLSearchParams, name: string): string[] {
  return params
    .getAll(name)
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

function number(raw: string | null): number | null {
  if (raw === null || raw.trim() === "") return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : NaN;
}

/**
 * `allowPlace`: the pages accept a place name in `near`; the API takes `postcode` strictly.
 */
export function parseSearchParams(params: URLSearchParams, opts: { allowPlace?: boolean; now?: Date } = {}): ParseOutcome {
  const fields: Record<string, string> = {};
  const out: ParsedSearch = { radiusKm: DEFAULT_RADIUS_KM, kinds: [], categories: [], access: [], free: false, limit: DEFAULT_LIMIT, page: 1 };

  const q = (params.get("q") ?? "").trim();
  if (q.length > 200) fields.q = "must be at most 200 characters";
  else if (q) out.q = q;

  const near = (params.get("postcode") ?? (opts.allowPlace ? params.get("near") : null) ?? "").trim();
  if (near) {
    const pc = parsePostcode(near);
    const postcodeShaped = /^[A-Za-z]{1,2}\d/.test(near.replace(/\s+/g, ""));
    if (pc && /\d/.test(near)) out.postcode = pc.postcode;
    else if (opts.allowPlace && !params.get("postcode") && !postcodeShaped && near.length <= 100) out.place = near;
    else fields.postcode = `"${near.slice(0, 20)}" is not a valid UK postcode (for example M33 7XX)`;
  }

  const lat = number(params.get("lat"));
  const lng = number(params.get("lng"));
  if (lat !== null || lng !== null) {
    if (lat === null) fields.lat = "is required with lng";
    else if (!isValidLat(lat)) fields.lat = "must be a number between -90 and 90";
    if (lng === null) fields.lng = "is required with lat";
    else if (!isValidLng(lng)) fields.lng = "must be a number between -180 and 180";
    if (lat !== null && lng !== null && isValidLat(lat) && isValidLng(lng)) out.origin = { lat, lng };
  }

  const radius = number(params.get("radius_km"));
  if (radius !== null) {
    if (Number.isNaN(radius) || radius <= 0 || radius > MAX_RADIUS_KM) {
      fields.radius_km = `must be a number above 0 and at most ${MAX_RADIUS_KM}`;
    } else out.radiusKm = radius;
  }

  const bboxRaw = params.get("bbox");
  if (bboxRaw) {
    const parts = bboxRaw.split(",").map((p) => Number(p.trim()));
    if (
      parts.length !== 4 ||
      parts.some((p) => !Number.isFinite(p)) ||
      !isValidLng(parts[0]) ||
      !isValidLng(parts[2]) ||
      !isValidLat(parts[1]) ||
      !isValidLat(parts[3]) ||
      parts[0] > parts[2] ||
      parts[1] > parts[3]
    ) {
      fields.bbox = "must be minLng,minLat,maxLng,maxLat with min below max";
    } else out.bbox = parts as BBox;
  }

  for (const k of values(params, "kind")) {
    if (!isKind(k)) fields.kind = `unknown kind "${k.slice(0, 40)}"; use one of: ${KINDS.join(", ")}`;
    else if (!out.kinds.includes(k)) out.kinds.push(k);
  }
  for (const c of values(params, "category")) {
    if (!isCategory(c)) fields.category = `unknown category "${c.slice(0, 40)}"`;
    else if (!out.categories.includes(c)) out.categories.push(c);
  }
  for (const a of values(params, "access")) {
    if (!isAccessFeature(a)) fields.access = `unknown access feature "${a.slice(0, 40)}"; use one of: ${ACCESS_FEATURES.join(", ")}`;
    else if (!out.access.includes(a)) out.access.push(a);
  }

  const free = params.get("free");
  if (free !== null && free !== "") {
    if (free === "1" || free === "true" || free === "on") out.free = true;
    else if (free !== "0" && free !== "false") fields.free = "must be 1 or 0";
  }

  const tc = params.get("time_credits");
  if (tc) {
    if (tc === "earn" || tc === "spend") out.timeCredits = tc;
    else fields.time_credits = "must be earn or spend";
  }

  const age = number(params.get("age"));
  if (age !== null) {
    if (!Number.isInteger(age) || age < 0 || age > 120) fields.age = "must be a whole number of years from 0 to 120";
    else out.age = age;
  }

  const openNow = params.get("open_now");
  const openAt = params.get("open_at");
  if (openAt) {
    const d = parseOpenAt(openAt);
    if (!d) fields.open_at = "must be an ISO 8601 date and time such as 2026-05-01T14:30";
    else out.openAt = d;
  } else if (openNow !== null && openNow !== "") {
    if (openNow === "1" || openNow === "true" || openNow === "on") out.openAt = ukWallClock(opts.now ?? new Date());
    else if (openNow !== "0" && openNow !== "false") fields.open_now = "must be 1 or 0";
  }

  const limit = number(params.get("limit"));
  if (limit !== null) {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) fields.limit = `must be a whole number from 1 to ${MAX_LIMIT}`;
    else out.limit = limit;
  }
  const page = number(params.get("page"));
  if (page !== null) {
    if (!Number.isInteger(page) || page < 1 || page > 10000) fields.page = "must be a whole number from 1";
    else out.page = page;
  }

  if (Object.keys(fields).length) return { ok: false, fields };
  return { ok: true, value: out };
}
