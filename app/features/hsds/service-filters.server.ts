// The standard's and the UK profile's filters for services and service_at_locations, read from
// the query string (a 400 naming the parameter when one is wrong) into the data module's filter.
import type { Db } from "../../../db/index";
import { ACCESS_TAXONOMY_ID, TAXONOMY_ID, hoursToSchedules, termFilter } from "../../core/hsds/mapping";
import { ApiError } from "../../server/errors";
import { geocodePostcode } from "../postcodes/geocode.server";
import type { ServiceFilter } from "./hsds.data.server";
import { bad, intParam, one, uuidParam } from "./params.server";

const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
const DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
const DAY_NAMES: Record<string, string> = { monday: "MO", tuesday: "TU", wednesday: "WE", thursday: "TH", friday: "FR", saturday: "SA", sunday: "SU" };

/** Open at some time on a day of the week (the OSM hours read in code: SQL cannot). */
export interface ScheduleFilter {
  day: string | null;
  start: string | null;
  end: string | null;
}

export interface ServiceQuery {
  filter: ServiceFilter;
  schedule: ScheduleFilter | null;
}

/** The filters, ANDed; `location` adds postcode and proximity (service_at_locations). */
export async function readServiceFilters(db: Db, sp: URLSearchParams, opts: { location: boolean }): Promise<ServiceQuery> {
  const filter: ServiceFilter = {};

  const search = one(sp, "search");
  if (search !== null) {
    if (search.length > 200) bad("search", "must be at most 200 characters");
    filter.words = search.split(/\s+/).slice(0, 8);
  }

  const termId = uuidParam(sp, "taxonomy_term_id");
  if (termId !== null) {
    const f = termFilter(termId);
    if (!f) filter.none = true;
    else if ("kind" in f) filter.kind = f.kind;
    else if ("category" in f) filter.category = f.category;
    else if ("access" in f) filter.access = f.access;
    // a root term ("kind", "category") matches every service: each has a kind
  }

  const taxonomyId = uuidParam(sp, "taxonomy_id");
  if (taxonomyId !== null) {
    if (taxonomyId === ACCESS_TAXONOMY_ID) filter.anyAccess = true;
    else if (taxonomyId !== TAXONOMY_ID) filter.none = true;
  }

  const orgId = uuidParam(sp, "organization_id");
  if (orgId !== null) filter.organisationId = orgId;

  const modified = one(sp, "modified_after");
  if (modified !== null) {
    const d = new Date(modified);
    if (!/^\d{4}-\d{2}-\d{2}/.test(modified) || Number.isNaN(d.getTime())) bad("modified_after", "must be an ISO 8601 date or date-time");
    filter.updatedSince = d.toISOString();
  }

  const minAge = intParam(sp, "minimum_age", 0, 150);
  if (minAge !== null) filter.minAge = minAge;
  const maxAge = intParam(sp, "maximum_age", 0, 150);
  if (maxAge !== null) filter.maxAge = maxAge;

  let dayRaw = one(sp, "day");
  let day: string | null = null;
  if (dayRaw !== null) {
    dayRaw = dayRaw.toLowerCase();
    day = DAY_NAMES[dayRaw] ?? (DAYS.includes(dayRaw.toUpperCase()) ? dayRaw.toUpperCase() : null);
    if (!day) bad("day", "must be a day such as MO or Monday");
  }
  const start = one(sp, "start_time");
  if (start !== null && !TIME.test(start)) bad("start_time", "must be a time such as 09:00");
  const end = one(sp, "end_time");
  if (end !== null && !TIME.test(end)) bad("end_time", "must be a time such as 17:00");
  const schedule = day || start || end ? { day, start: start && norm(start), end: end && norm(end) } : null;
  if (schedule) filter.withHours = true;

  if (opts.location) {
    const postcode = one(sp, "postcode");
    const proximity = intParam(sp, "proximity", 1, 200_000);
    if (proximity !== null && postcode === null) bad("postcode", "is required with proximity");
    if (postcode !== null) {
      const g = await geocodePostcode(db, postcode);
      if (g === null) bad("postcode", "is not a valid UK postcode");
      if (g === undefined) throw new ApiError(404, "postcode_not_found", `We could not find the postcode ${postcode.toUpperCase()}.`, { postcode: "was not found" });
      filter.near = { lat: g.lat, lng: g.lng, metres: proximity };
    }
  }
  return { filter, schedule };
}

function norm(t: string): string {
  return t.length === 5 ? `${t}:00` : t;
}

/** The hours have a weekly interval inside the schedule filter. */
export function matchesSchedule(row: { id: string; opening_hours: string | null }, s: ScheduleFilter): boolean {
  return hoursToSchedules(row.opening_hours, null, row.id, {}).some(
    (x) => x.byday !== undefined && (!s.day || x.byday === s.day) && (!s.start || x.opens_at! >= s.start) && (!s.end || x.closes_at! <= s.end),
  );
}
