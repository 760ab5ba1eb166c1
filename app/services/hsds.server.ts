// The HSDS 3.0 read API's data access: filters and paging in SQL on the assets table (never a
// whole-table load), the page's rows mapped to HSDS objects by app/core/hsds/mapping.ts.
import { createHash } from "node:crypto";
import type { Db } from "../../db/index";
import {
  HSDS_VERSION,
  ORUK_PROFILE,
  TAXONOMIES,
  TAXONOMY_TERMS,
  TAXONOMY_ID,
  ACCESS_TAXONOMY_ID,
  hoursToSchedules,
  mapOrganization,
  mapService,
  mapServiceAtLocation,
  mapServiceMinimal,
  serviceAtLocationIdFor,
  termById,
  termFilter,
  METADATA_REVISIONS,
  type AssetExtras,
  type AssetRow,
  type RevisionRow,
  type ChangingPlacesRow,
  type OrganisationRow,
} from "../core/hsds/mapping";
import { ApiError } from "./errors";
import { errorResponse, methodNotAllowed } from "./http.server";
import { geocodePostcode } from "./geocode.server";

export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
const DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
const DAY_NAMES: Record<string, string> = { monday: "MO", tuesday: "TU", wednesday: "WE", thursday: "TH", friday: "FR", saturday: "SA", sunday: "SU" };

export interface Page<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}

function bad(field: string, why: string): never {
  throw new ApiError(400, "invalid_parameter", `${field} ${why}`, { [field]: why });
}

function one(sp: URLSearchParams, name: string): string | null {
  const all = sp.getAll(name);
  if (all.length > 1) bad(name, "must be given once");
  const v = all[0];
  return v === undefined || v.trim() === "" ? null : v.trim();
}

function intParam(sp: URLSearchParams, name: string, min: number, max: number): number | null {
  const v = one(sp, name);
  if (v === null) return null;
  if (!/^\d+$/.test(v)) bad(name, `must be a whole number from ${min} to ${max}`);
  const n = Number(v);
  if (n < min || n > max) bad(name, `must be a whole number from ${min} to ${max}`);
  return n;
}

function boolParam(sp: URLSearchParams, name: string): boolean {
  const v = one(sp, name);
  if (v === null) return false;
  if (["true", "1"].includes(v.toLowerCase())) return true;
  if (["false", "0"].includes(v.toLowerCase())) return false;
  return bad(name, "must be true or false");
}

function uuidParam(sp: URLSearchParams, name: string): string | null {
  const v = one(sp, name);
  if (v !== null && !UUID.test(v)) bad(name, "must be a UUID");
  return v?.toLowerCase() ?? null;
}

export interface Paging {
  page: number;
  perPage: number;
}

export function readPaging(sp: URLSearchParams): Paging {
  return { page: intParam(sp, "page", 1, 1_000_000) ?? 1, perPage: intParam(sp, "per_page", 1, MAX_PER_PAGE) ?? DEFAULT_PER_PAGE };
}

export function pageOf<T>(contents: T[], total: number, p: Paging): Page<T> {
  const totalPages = Math.max(1, Math.ceil(total / p.perPage));
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: p.page,
    size: contents.length,
    first_page: p.page === 1,
    last_page: p.page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

/** A page of an in-memory list (taxonomies, terms). */
export function pageArray<T>(all: T[], p: Paging): Page<T> {
  return pageOf(all.slice((p.page - 1) * p.perPage, p.page * p.perPage), all.length, p);
}

// ------------------------------------------------------------------ service filters

interface ServiceQuery {
  where: string[];
  params: unknown[];
  schedule: { day: string | null; start: string | null; end: string | null } | null;
  order: string;
  orderParams: unknown[];
}

/** The standard's and the UK profile's filters as SQL over `a` (assets), ANDed. */
export function readServiceFilters(db: Db, sp: URLSearchParams, opts: { location: boolean }): ServiceQuery {
  const where: string[] = [];
  const params: unknown[] = [];
  // Ordered by id: the primary key's narrow index covers the page scan (rowid order would read every wide row skipped by OFFSET).
  let order = "a.id";
  const orderParams: unknown[] = [];

  const search = one(sp, "search");
  if (search !== null) {
    if (search.length > 200) bad("search", "must be at most 200 characters");
    for (const word of search.split(/\s+/).slice(0, 8)) {
      where.push("(a.name LIKE ? ESCAPE '\\' OR a.summary LIKE ? ESCAPE '\\')");
      const like = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      params.push(like, like);
    }
  }

  const termId = uuidParam(sp, "taxonomy_term_id");
  if (termId !== null) {
    const f = termFilter(termId);
    if (!f) where.push("0");
    else if ("kind" in f) {
      where.push("a.kind = ?");
      params.push(f.kind);
    } else if ("category" in f) {
      where.push("EXISTS (SELECT 1 FROM asset_categories c WHERE c.asset_id = a.id AND c.category = ?)");
      params.push(f.category);
    } else if ("access" in f) {
      where.push(accessCondition(f.access));
      if (!f.access.startsWith("cp_") && !f.access.startsWith("time_credits_") && f.access !== "access_notes") params.push(f.access);
    }
    // a root term ("kind", "category") matches every service: each has a kind
  }

  const taxonomyId = uuidParam(sp, "taxonomy_id");
  if (taxonomyId !== null) {
    if (taxonomyId === ACCESS_TAXONOMY_ID) where.push("(EXISTS (SELECT 1 FROM asset_access x WHERE x.asset_id = a.id) OR a.time_credits_earn IS NOT NULL OR a.time_credits_spend IS NOT NULL OR a.access_notes IS NOT NULL)");
    else if (taxonomyId !== TAXONOMY_ID) where.push("0");
  }

  const orgId = uuidParam(sp, "organization_id");
  if (orgId !== null) {
    where.push("a.organisation_id = ?");
    params.push(orgId);
  }

  const modified = one(sp, "modified_after");
  if (modified !== null) {
    const d = new Date(modified);
    if (!/^\d{4}-\d{2}-\d{2}/.test(modified) || Number.isNaN(d.getTime())) bad("modified_after", "must be an ISO 8601 date or date-time");
    where.push("a.updated_at >= ?");
    params.push(d.toISOString());
  }

  const minAge = intParam(sp, "minimum_age", 0, 150);
  if (minAge !== null) {
    where.push("a.min_age >= ?");
    params.push(minAge);
  }
  const maxAge = intParam(sp, "maximum_age", 0, 150);
  if (maxAge !== null) {
    where.push("a.max_age <= ?");
    params.push(maxAge);
  }

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
  if (schedule) where.push("a.opening_hours IS NOT NULL");

  if (opts.location) {
    const postcode = one(sp, "postcode");
    const proximity = intParam(sp, "proximity", 1, 200_000);
    if (proximity !== null && postcode === null) bad("postcode", "is required with proximity");
    if (postcode !== null) {
      const g = geocodePostcode(db, postcode);
      if (g === null) bad("postcode", "is not a valid UK postcode");
      if (g === undefined) throw new ApiError(404, "postcode_not_found", `We could not find the postcode ${postcode.toUpperCase()}.`, { postcode: "was not found" });
      const kx = 111_320 * Math.cos((g.lat * Math.PI) / 180);
      const ky = 110_574;
      const dist = "((a.lat - ?) * ?) * ((a.lat - ?) * ?) + ((a.lng - ?) * ?) * ((a.lng - ?) * ?)";
      const distParams = [g.lat, ky, g.lat, ky, g.lng, kx, g.lng, kx];
      if (proximity !== null) {
        const dLat = proximity / ky;
        const dLng = proximity / kx;
        where.push("a.lat BETWEEN ? AND ? AND a.lng BETWEEN ? AND ?", `${dist} <= ?`);
        params.push(g.lat - dLat, g.lat + dLat, g.lng - dLng, g.lng + dLng, ...distParams, proximity * proximity);
      }
      order = `${dist}, a.id`;
      orderParams.push(...distParams);
    }
  }
  return { where, params, schedule, order, orderParams };
}

function norm(t: string): string {
  return t.length === 5 ? `${t}:00` : t;
}

function accessCondition(code: string): string {
  switch (code) {
    case "time_credits_earn":
      return "a.time_credits_earn IS NOT NULL";
    case "time_credits_spend":
      return "a.time_credits_spend IS NOT NULL";
    case "access_notes":
      return "a.access_notes IS NOT NULL";
    case "cp_hoist":
      return "EXISTS (SELECT 1 FROM changing_places cp WHERE cp.asset_id = a.id AND cp.hoist IS NOT NULL)";
    case "cp_adult_bench":
      return "EXISTS (SELECT 1 FROM changing_places cp WHERE cp.asset_id = a.id AND cp.adult_bench = 1)";
    case "cp_room_size_m2":
      return "EXISTS (SELECT 1 FROM changing_places cp WHERE cp.asset_id = a.id AND cp.room_size_m2 IS NOT NULL)";
    case "cp_peninsular_wc":
      return "EXISTS (SELECT 1 FROM changing_places cp WHERE cp.asset_id = a.id AND cp.peninsular_wc = 1)";
    case "cp_radar_key":
      return "EXISTS (SELECT 1 FROM changing_places cp WHERE cp.asset_id = a.id AND cp.radar_key = 1)";
    case "cp_notes":
      return "EXISTS (SELECT 1 FROM changing_places cp WHERE cp.asset_id = a.id AND cp.notes IS NOT NULL)";
    default:
      return "EXISTS (SELECT 1 FROM asset_access x WHERE x.asset_id = a.id AND x.feature = ?)";
  }
}

function matchesSchedule(row: AssetRow, s: NonNullable<ServiceQuery["schedule"]>): boolean {
  return hoursToSchedules(row.opening_hours, null, row.id, {}).some(
    (x) => x.byday !== undefined && (!s.day || x.byday === s.day) && (!s.start || x.opens_at! >= s.start) && (!s.end || x.closes_at! <= s.end),
  );
}

export const COLUMNS =
  "a.id, a.kind, a.name, a.summary, a.description, a.organisation_id, a.lat, a.lng, a.address, a.locality, a.postcode, a.phone, a.email, a.website, a.opening_hours, a.opening_hours_text, a.is_free, a.cost_text, a.min_age, a.max_age, a.time_credits_earn, a.time_credits_spend, a.access_notes, a.how_to_get_there, a.status, a.verified_at, a.updated_at";

/** A page of asset rows matching the filters: COUNT + LIMIT/OFFSET in SQL (schedule filters read the hours of the candidates). */
function findRows(db: Db, q: ServiceQuery, p: Paging): { rows: AssetRow[]; total: number } {
  const where = q.where.length ? `WHERE ${q.where.join(" AND ")}` : "";
  const s = db.sqlite;
  if (!q.schedule) {
    const total = s.prepare(`SELECT COUNT(*) FROM assets a ${where}`).pluck().get(...q.params) as number;
    // A deferred join: page through the narrow rowids first, then read only the page's rows.
    const ids = s.prepare(`SELECT a.id FROM assets a ${where} ORDER BY ${q.order} LIMIT ? OFFSET ?`).pluck().all(...q.params, ...q.orderParams, p.perPage, (p.page - 1) * p.perPage) as string[];
    if (!ids.length) return { rows: [], total };
    const byId = new Map((s.prepare(`SELECT ${COLUMNS} FROM assets a WHERE a.id IN (${placeholders(ids.length)})`).all(...ids) as AssetRow[]).map((r) => [r.id, r]));
    return { rows: ids.map((id) => byId.get(id)!).filter(Boolean), total };
  }
  // Opening hours are OSM text: read them row by row, keeping only the page.
  const rows: AssetRow[] = [];
  let total = 0;
  const from = (p.page - 1) * p.perPage;
  for (const r of s.prepare(`SELECT ${COLUMNS} FROM assets a ${where} ORDER BY ${q.order}`).iterate(...q.params, ...q.orderParams) as Iterable<AssetRow>) {
    if (!matchesSchedule(r, q.schedule)) continue;
    if (total >= from && rows.length < p.perPage) rows.push(r);
    total++;
  }
  return { rows, total };
}

function placeholders(n: number): string {
  return Array.from({ length: n }, () => "?").join(",");
}

/**
 * Categories, access, Changing Places and organisations for a page of rows, in four queries (a
 * fifth for the revision history, read only for full services).
 */
export function extrasFor(db: Pick<Db, "sqlite">, rows: AssetRow[], opts: { revisions?: boolean } = {}): Map<string, AssetExtras> {
  const out = new Map<string, AssetExtras>();
  if (!rows.length) return out;
  const ids = rows.map((r) => r.id);
  const s = db.sqlite;
  const ph = placeholders(ids.length);
  for (const r of rows) out.set(r.id, { categories: [], access: [], changingPlaces: null, organisation: null });
  for (const c of s.prepare(`SELECT asset_id, category FROM asset_categories WHERE direct = 1 AND asset_id IN (${ph}) ORDER BY category`).all(...ids) as { asset_id: string; category: string }[])
    out.get(c.asset_id)!.categories.push(c.category);
  for (const c of s.prepare(`SELECT asset_id, feature FROM asset_access WHERE asset_id IN (${ph}) ORDER BY feature`).all(...ids) as { asset_id: string; feature: string }[])
    out.get(c.asset_id)!.access.push(c.feature);
  for (const c of s.prepare(`SELECT asset_id, hoist, adult_bench, room_size_m2, peninsular_wc, radar_key, notes FROM changing_places WHERE asset_id IN (${ph})`).all(...ids) as (ChangingPlacesRow & { asset_id: string })[])
    out.get(c.asset_id)!.changingPlaces = c;
  const orgIds = [...new Set(rows.map((r) => r.organisation_id).filter((x): x is string => !!x))];
  if (orgIds.length) {
    const orgs = new Map(
      (s.prepare(`SELECT id, name, description, website, email, phone, charity_number, company_number FROM organisations WHERE id IN (${placeholders(orgIds.length)})`).all(...orgIds) as OrganisationRow[]).map((o) => [o.id, o]),
    );
    for (const r of rows) if (r.organisation_id) out.get(r.id)!.organisation = orgs.get(r.organisation_id) ?? null;
  }
  if (opts.revisions) {
    for (const r of rows) out.get(r.id)!.revisions = [];
    // The latest METADATA_REVISIONS revisions of each asset, oldest first.
    const revs = s
      .prepare(
        `SELECT asset_id, id, version, user_id, action, changes, created_at FROM (
           SELECT r.asset_id, r.id, r.version, r.user_id, r.action, r.changes, r.created_at, ROW_NUMBER() OVER (PARTITION BY r.asset_id ORDER BY r.version DESC, r.id DESC) AS n FROM asset_revisions r WHERE r.asset_id IN (${ph})
         ) WHERE n <= ? ORDER BY asset_id, version, id`,
      )
      .all(...ids, METADATA_REVISIONS) as (RevisionRow & { asset_id: string })[];
    for (const r of revs) out.get(r.asset_id)!.revisions!.push(r);
  }
  return out;
}

// ------------------------------------------------------------------ endpoints

/** The UK profile's OpenAPI description, which this API follows. */
export const OPENAPI_URL = "https://raw.githubusercontent.com/OpenReferralUK/uk-profile/main/schema/openapi.json";

export function hsdsRoot() {
  return { version: HSDS_VERSION, profile: ORUK_PROFILE, openapi_url: OPENAPI_URL };
}

export function listServices(db: Db, sp: URLSearchParams) {
  const p = readPaging(sp);
  const minimal = boolParam(sp, "minimal");
  const full = boolParam(sp, "full");
  const q = readServiceFilters(db, sp, { location: false });
  const { rows, total } = findRows(db, q, p);
  const extras = extrasFor(db, rows, { revisions: full });
  const contents = rows.map((r) => {
    const e = extras.get(r.id)!;
    if (full) return mapService(r, e);
    const base = mapServiceMinimal(r, e);
    if (minimal) return base;
    return e.organisation ? { ...base, organization: mapOrganization(e.organisation) } : base;
  });
  return pageOf(contents, total, p);
}

function rowById(db: Db, id: string): AssetRow | null {
  if (!UUID.test(id)) return null;
  return (db.sqlite.prepare(`SELECT ${COLUMNS} FROM assets a WHERE a.id = ?`).get(id.toLowerCase()) as AssetRow | undefined) ?? null;
}

export function getService(db: Db, id: string) {
  const r = rowById(db, id);
  if (!r) return null;
  return mapService(r, extrasFor(db, [r], { revisions: true }).get(r.id)!);
}

export function listServiceAtLocations(db: Db, sp: URLSearchParams) {
  const p = readPaging(sp);
  const full = boolParam(sp, "full");
  boolParam(sp, "minimal");
  const q = readServiceFilters(db, sp, { location: true });
  const { rows, total } = findRows(db, q, p);
  const extras = extrasFor(db, rows, { revisions: full });
  const contents = rows.map((r) => {
    const e = extras.get(r.id)!;
    const sal = mapServiceAtLocation(r, e, true);
    return full ? { ...sal, service: mapService(r, e) } : sal;
  });
  return pageOf(contents, total, p);
}

/** service_at_location ids are derived from asset ids; to find one, look up by the derived id. */
export function getServiceAtLocation(db: Db, id: string) {
  if (!UUID.test(id)) return null;
  const want = id.toLowerCase();
  // The id is a hash of the asset id: look it up through a cache built once per database state.
  const assetId = salIndex(db).get(want);
  if (!assetId) return null;
  const r = rowById(db, assetId);
  if (!r) return null;
  const e = extrasFor(db, [r], { revisions: true }).get(r.id)!;
  return { ...mapServiceAtLocation(r, e, true), service: mapService(r, e) };
}

let salCache: { key: string; map: Map<string, string> } | null = null;
function salIndex(db: Db): Map<string, string> {
  const key = JSON.stringify(db.sqlite.prepare("SELECT COUNT(*) AS n, MAX(seq) AS m FROM assets").get());
  if (salCache?.key === key) return salCache.map;
  const map = new Map<string, string>();
  for (const id of db.sqlite.prepare("SELECT id FROM assets").pluck().iterate() as Iterable<string>) map.set(serviceAtLocationIdFor(id), id);
  salCache = { key, map };
  return map;
}

export function listOrganizations(db: Db, sp: URLSearchParams) {
  const p = readPaging(sp);
  const full = boolParam(sp, "full");
  const search = one(sp, "search");
  const where: string[] = [];
  const params: unknown[] = [];
  if (search !== null) {
    where.push("o.name LIKE ? ESCAPE '\\'");
    params.push(`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  const w = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const total = db.sqlite.prepare(`SELECT COUNT(*) FROM organisations o ${w}`).pluck().get(...params) as number;
  const orgs = db.sqlite
    .prepare(`SELECT id, name, description, website, email, phone, charity_number, company_number FROM organisations o ${w} ORDER BY o.name, o.id LIMIT ? OFFSET ?`)
    .all(...params, p.perPage, (p.page - 1) * p.perPage) as OrganisationRow[];
  const contents = orgs.map((o) => {
    const { organization_identifiers: _i, ...base } = mapOrganization(o) as ReturnType<typeof mapOrganization> & { organization_identifiers?: unknown };
    return full ? organizationWithServices(db, o) : base;
  });
  return pageOf(contents, total, p);
}

function organizationWithServices(db: Db, o: OrganisationRow) {
  const rows = db.sqlite.prepare(`SELECT ${COLUMNS} FROM assets a WHERE a.organisation_id = ? ORDER BY a.id LIMIT 500`).all(o.id) as AssetRow[];
  const extras = extrasFor(db, rows);
  return { ...mapOrganization(o), services: rows.map((r) => mapServiceMinimal(r, extras.get(r.id)!)) };
}

export function getOrganization(db: Db, id: string) {
  if (!UUID.test(id)) return null;
  const o = db.sqlite.prepare("SELECT id, name, description, website, email, phone, charity_number, company_number FROM organisations WHERE id = ?").get(id.toLowerCase()) as
    | OrganisationRow
    | undefined;
  return o ? organizationWithServices(db, o) : null;
}

export function listTaxonomies(sp: URLSearchParams) {
  return pageArray(TAXONOMIES, readPaging(sp));
}

export function getTaxonomy(id: string) {
  return TAXONOMIES.find((t) => t.id === id.toLowerCase()) ?? null;
}

export function listTaxonomyTerms(sp: URLSearchParams) {
  const p = readPaging(sp);
  const taxonomyId = uuidParam(sp, "taxonomy_id");
  const parentId = uuidParam(sp, "parent_id");
  const terms = TAXONOMY_TERMS.filter((t) => (!taxonomyId || t.taxonomy_id === taxonomyId) && (!parentId || t.parent_id === parentId));
  return pageArray(terms, p);
}

export function getTaxonomyTerm(id: string) {
  return termById(id.toLowerCase());
}

// ------------------------------------------------------------------ HTTP

export const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
  "Access-Control-Allow-Headers": "If-None-Match, Content-Type",
  "Access-Control-Expose-Headers": "ETag",
};

/** JSON with CORS and a weak ETag of the body; 304 when If-None-Match has it. */
export function hsdsJson(request: Request, data: unknown, status = 200): Response {
  const body = JSON.stringify(data);
  const etag = `W/"${createHash("sha1").update(body).digest("base64url")}"`;
  const headers = new Headers({ ...CORS_HEADERS, ETag: etag, "Cache-Control": "no-cache", Vary: "Origin" });
  const inm = request.headers.get("If-None-Match");
  if (status === 200 && inm && inm.split(",").some((t) => t.trim() === etag || t.trim() === "*" || t.trim() === etag.slice(2))) {
    return new Response(null, { status: 304, headers });
  }
  headers.set("Content-Type", "application/json; charset=utf-8");
  return new Response(body, { status, headers });
}

/** Run an HSDS handler: errors in the contract's shape, CORS on every answer. */
export async function hsdsApi(fn: () => Promise<Response> | Response): Promise<Response> {
  let res: Response;
  try {
    res = await fn();
  } catch (e) {
    res = errorResponse(e);
  }
  for (const [k, v] of Object.entries(CORS_HEADERS)) res.headers.set(k, v);
  return res;
}

export function notFound(what: string): never {
  throw new ApiError(404, "not_found", `There is no ${what} with that id.`);
}

/** OPTIONS (CORS preflight) and anything but GET. */
export function hsdsAction(request: Request): Response {
  if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: { ...CORS_HEADERS, "Access-Control-Max-Age": "86400" } });
  const res = methodNotAllowed(["GET"]);
  for (const [k, v] of Object.entries(CORS_HEADERS)) res.headers.set(k, v);
  return res;
}
