/**
 * Fuzz cases for the JSON API (app/routes/api.*.ts): every write with hostile bodies,
 * Content-Types, Origins and callers; every read with odd query strings and ids; and methods
 * a route does not take. Each case names its route as a template and its class of input.
 * This file must not import vitest.
 */
import fc from "fast-check";
import { ACCESS_FEATURES, KINDS, OUTCOME_DOMAINS } from "../../app/core/taxonomy";
import { contentType, idSegment, jsonBody, ORIGINS, originHeader, queryString } from "./fuzz-arbitraries";
import { ctClass, headers, sessionCookie, whoFor, type Fixtures, type Who } from "./fuzz-fixtures";
import type { FuzzCase } from "./fuzz-runner";

interface WriteRoute {
  route: string;
  method: string;
  path: (fx: Fixtures) => fc.Arbitrary<string>;
  template: (fx: Fixtures) => unknown;
  who: Who[];
  weight: number;
}

const fixed = (p: string) => () => fc.constant(p);
const assetPath = (suffix: string) => (fx: Fixtures) => idSegment(fx.assetIds).map((id) => `/api/assets/${id}${suffix}`);
const EDITORS: Who[] = ["connector", "connector", "admin"];

const ASSET = {
  kind: KINDS[0],
  name: "Fuzz club",
  summary: "A club",
  description: "Meets weekly",
  lat: 53.4245,
  lng: -2.3239,
  postcode: "M33 7XX",
  website: "https://example.org",
  phone: "0161 000 0000",
  email: "club@example.org",
  opening_hours: "Mo-Fr 09:00-17:00",
  categories: ["health"],
  access: [ACCESS_FEATURES[0]],
  min_age: 5,
  max_age: 18,
  is_free: true,
};

const ESTIMATE = (fx: Fixtures) => ({ questionnaire: "adult", answers: Object.fromEntries(fx.questionIds.map((q) => [q, "some"])), informal_support: { nutrition: "most" } });

const WRITES: WriteRoute[] = [
  { route: "POST /api/session", method: "POST", path: fixed("/api/session"), template: (fx) => ({ email: fx.users.member.email, password: "not the password" }), who: ["anonymous", "bogus"], weight: 1 },
  { route: "DELETE /api/session", method: "DELETE", path: fixed("/api/session"), template: () => ({}), who: ["leaver", "anonymous", "bogus"], weight: 1 },
  { route: "POST /api/assets", method: "POST", path: fixed("/api/assets"), template: () => ASSET, who: EDITORS, weight: 3 },
  { route: "PATCH /api/assets/:id", method: "PATCH", path: assetPath(""), template: () => ({ version: 1, name: "Renamed", summary: "Checked", website: "https://example.org", categories: ["health"] }), who: EDITORS, weight: 3 },
  { route: "POST /api/assets/:id/verify", method: "POST", path: assetPath("/verify"), template: () => ({ version: 1 }), who: EDITORS, weight: 1 },
  { route: "POST /api/assets/:id/archive", method: "POST", path: assetPath("/archive"), template: () => ({ version: 1 }), who: EDITORS, weight: 1 },
  { route: "POST /api/assets/:id/unarchive", method: "POST", path: assetPath("/unarchive"), template: () => ({ version: 1 }), who: EDITORS, weight: 1 },
  { route: "POST /api/assets/:id/restore", method: "POST", path: assetPath("/restore"), template: () => ({ version: 1, expected_version: 2 }), who: EDITORS, weight: 1 },
  {
    route: "POST /api/match",
    method: "POST",
    path: fixed("/api/match"),
    template: () => ({
      profile: { postcode: "M33 7XX", max_travel_km: 5, age: 16, access_needs: ["step_free"], interests: ["music"], skills: ["gardening"], languages: ["en"], people: ["Rob"], available: ["sat"], members: [{ name: "Maya", age: 9 }] },
      outcomes: [{ id: "o1", statement: "Getting the rest I need", domain: OUTCOME_DOMAINS[1], member: "mum", age: 40 }],
    }),
    who: ["anonymous"],
    weight: 2,
  },
  { route: "POST /api/budget/estimate", method: "POST", path: fixed("/api/budget/estimate"), template: ESTIMATE, who: ["anonymous"], weight: 2 },
  {
    route: "POST /api/budget/costs",
    method: "POST",
    path: fixed("/api/budget/costs"),
    template: (fx) => ({ estimate: ESTIMATE(fx), lines: [{ label: "Swimming", quadrant: "individual", cost_type: "per_session", unit_pence: 1250, quantity_hundredths: 100, stream: "adult_social_care" }] }),
    who: ["anonymous"],
    weight: 2,
  },
  {
    route: "POST /api/suggestions",
    method: "POST",
    path: fixed("/api/suggestions"),
    template: (fx) => ({ name: "Fuzz corner", postcode: "M33 7XX", message: "A new group", when: "Mondays", contact_email: "a@example.org", website_url: "", asset_id: fx.assetIds[0] }),
    who: ["anonymous", "member"],
    weight: 2,
  },
];

/** Read-only API paths, for methods they do not take. */
const READ_PATHS = ["/api/search", "/api/clusters", "/api/geocode", "/api/budget/questionnaire", "/api/profiles", "/api/hsds/services", "/api/hsds/", "/api/hsds/export.ndjson", "/api/nowhere", "/api/assets"];

function writeCase(fx: Fixtures, r: WriteRoute): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      path: r.path(fx),
      who: whoFor(r.who),
      body: jsonBody(r.template(fx)),
      ct: contentType("application/json"),
      origin: fc.constantFrom(...ORIGINS),
      chunked: fc.boolean(),
    })
    .map(({ path, who, body, ct, origin, chunked }) => ({
      route: r.route,
      input: `${body.kind} ct:${ctClass(ct)} as:${who}`,
      req: {
        method: r.method,
        path,
        headers: headers({ "Content-Type": ct, Cookie: sessionCookie(fx, who), Origin: originHeader(origin, fx.baseUrl), Accept: "application/json" }),
        body: body.body,
        // Big bodies go chunked half the time: a limit must hold without a Content-Length too.
        chunked: chunked && body.body.length > 100_000,
      },
    }));
}

const wrongMethod = (fx: Fixtures): fc.Arbitrary<FuzzCase> =>
  fc.record({ method: fc.constantFrom("PUT", "DELETE", "PATCH", "POST", "OPTIONS", "TRACE"), path: fc.constantFrom(...READ_PATHS), who: whoFor(["connector", "anonymous"]) }).map(({ method, path, who }) => ({
    route: `${method} ${path}`,
    input: `wrong-method as:${who}`,
    req: { method, path, headers: headers({ "Content-Type": "application/json", Cookie: sessionCookie(fx, who) }), body: method === "TRACE" || method === "OPTIONS" ? undefined : '{"a":1}' },
  }));

/** Every JSON write, and methods the read API does not take. */
export function apiWriteCase(fx: Fixtures): fc.Arbitrary<FuzzCase> {
  return fc.oneof(...WRITES.map((r) => ({ weight: r.weight, arbitrary: writeCase(fx, r) })), { weight: 2, arbitrary: wrongMethod(fx) });
}

// ------------------------------------------------------------------ reads

const SEARCH = ["q", "postcode", "near", "lat", "lng", "radius_km", "bbox", "kind", "category", "access", "free", "time_credits", "age", "open_now", "open_at", "limit", "page"];
const SEARCH_GOOD: Record<string, string[]> = {
  q: ["library"],
  postcode: ["M33 7XX"],
  lat: ["53.42"],
  lng: ["-2.32"],
  radius_km: ["5"],
  bbox: ["-2.5,53.3,-2.1,53.6"],
  zoom: ["12"],
  kind: [KINDS[0]],
  access: [ACCESS_FEATURES[0]],
  limit: ["10"],
  page: ["2"],
  open_at: ["2025-01-06T10:00"],
};
const HSDS_SERVICES = ["search", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after", "minimum_age", "maximum_age", "day", "start_time", "end_time", "postcode", "proximity", "page", "per_page", "full"];
const HSDS_GOOD: Record<string, string[]> = { postcode: ["M33 7XX"], proximity: ["5000"], page: ["1"], per_page: ["10"], day: ["monday"], start_time: ["09:00"], end_time: ["17:00"], modified_after: ["2020-01-01"] };

interface ReadRoute {
  route: string;
  path: (fx: Fixtures) => fc.Arbitrary<string>;
  who: Who[];
  weight: number;
  headersOnly?: boolean;
}

const withQuery = (base: string, params: string[], good: Record<string, string[]> = {}) => () => queryString(params, good).map((q) => (q ? `${base}?${q}` : base));
const withId = (prefix: string, ids: (fx: Fixtures) => string[], suffix = "", params: string[] = []) => (fx: Fixtures) =>
  fc.tuple(idSegment(ids(fx)), queryString(params)).map(([id, q]) => `${prefix}${id}${suffix}${q ? `?${q}` : ""}`);

const READS: ReadRoute[] = [
  { route: "GET /api/search", path: withQuery("/api/search", SEARCH, SEARCH_GOOD), who: ["anonymous"], weight: 5 },
  { route: "GET /api/clusters", path: withQuery("/api/clusters", [...SEARCH, "zoom", "zoom", "bbox"], SEARCH_GOOD), who: ["anonymous"], weight: 4 },
  { route: "GET /api/geocode", path: withQuery("/api/geocode", ["postcode"], { postcode: ["M33 7XX"] }), who: ["anonymous"], weight: 2 },
  { route: "GET /api/assets/:id", path: withId("/api/assets/", (fx) => fx.assetIds), who: ["anonymous"], weight: 2 },
  { route: "GET /api/assets/:id/revisions", path: withId("/api/assets/", (fx) => fx.assetIds, "/revisions", ["page"]), who: ["connector"], weight: 2 },
  { route: "GET /api/budget/questionnaire", path: withQuery("/api/budget/questionnaire", ["type", "version"], { type: ["adult", "child"], version: ["1"] }), who: ["anonymous"], weight: 1 },
  { route: "GET /api/session", path: () => fc.constant("/api/session"), who: ["member", "bogus"], weight: 1 },
  { route: "GET /api/profiles", path: withQuery("/api/profiles", ["page"]), who: ["member", "connector", "admin"], weight: 1 },
  { route: "GET /api/profiles/:id", path: withId("/api/profiles/", (fx) => fx.profileIds), who: ["member", "connector", "admin"], weight: 1 },
  { route: "GET /api/plans/:id", path: withId("/api/plans/", (fx) => fx.planIds, "", ["suggestions"]), who: ["member", "admin"], weight: 2 },
  { route: "GET /api/plans/:id/costs", path: withId("/api/plans/", (fx) => fx.planIds, "/costs"), who: ["member", "admin"], weight: 1 },
  { route: "GET /api/hsds/", path: withQuery("/api/hsds/", ["page"]), who: ["anonymous"], weight: 1 },
  { route: "GET /api/hsds/services", path: withQuery("/api/hsds/services", HSDS_SERVICES, HSDS_GOOD), who: ["anonymous"], weight: 4 },
  { route: "GET /api/hsds/service_at_locations", path: withQuery("/api/hsds/service_at_locations", HSDS_SERVICES, HSDS_GOOD), who: ["anonymous"], weight: 3 },
  { route: "GET /api/hsds/organizations", path: withQuery("/api/hsds/organizations", ["search", "full", "page", "per_page"], HSDS_GOOD), who: ["anonymous"], weight: 2 },
  { route: "GET /api/hsds/taxonomies", path: withQuery("/api/hsds/taxonomies", ["page", "per_page"], HSDS_GOOD), who: ["anonymous"], weight: 1 },
  { route: "GET /api/hsds/taxonomy_terms", path: withQuery("/api/hsds/taxonomy_terms", ["taxonomy_id", "parent_id", "page", "per_page"], HSDS_GOOD), who: ["anonymous"], weight: 1 },
  {
    route: "GET /api/hsds/:collection/:id",
    path: (fx) => fc.tuple(fc.constantFrom("services", "service_at_locations", "organizations", "taxonomies", "taxonomy_terms"), idSegment(fx.assetIds)).map(([c, id]) => `/api/hsds/${c}/${id}`),
    who: ["anonymous"],
    weight: 2,
  },
  { route: "GET /api/hsds/datapackage.json", path: withQuery("/api/hsds/datapackage.json", ["download"]), who: ["anonymous"], weight: 1 },
  { route: "GET /api/hsds/datapackage/:file", path: (fx) => fc.constantFrom("services.csv", "locations.csv", "nope.csv", "..%2fpackage.json", "%00.csv").map((f) => `/api/hsds/datapackage/${f}`), who: ["anonymous"], weight: 1, headersOnly: true },
  { route: "GET /api/hsds/export.ndjson", path: withQuery("/api/hsds/export.ndjson", ["download", "page"]), who: ["anonymous"], weight: 1, headersOnly: true },
  { route: "GET /api/*", path: () => fc.constantFrom("/api/", "/api/x", "/api/assets/", "/api/hsds/nope", "/api/%2e%2e/", "/api/search/extra"), who: ["anonymous"], weight: 1 },
  { route: "GET /", path: withQuery("/", SEARCH, SEARCH_GOOD), who: ["anonymous", "member"], weight: 1 },
  { route: "GET /signin", path: withQuery("/signin", ["next", "reset"], { next: ["/profiles"] }), who: ["anonymous", "member"], weight: 1 },
  { route: "GET /assets/:id", path: withId("/assets/", (fx) => fx.assetIds), who: ["anonymous", "connector"], weight: 1 },
];

const ODD_HEADERS: Record<string, string>[] = [{}, {}, {}, { "If-None-Match": '"x", W/"y", *' }, { Accept: "text/html" }, { Accept: "*/*;q=0" }, { "Accept-Encoding": "gzip, br, zstd" }, { Range: "bytes=0-10" }, { Cookie: "rw_session=; rw_csrf=%zz" }];

/** Every GET under /api (and a few pages) with odd query strings, ids, methods and headers. */
export function apiReadCase(fx: Fixtures): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    ...READS.map((r) => ({
      weight: r.weight,
      arbitrary: fc
        .record({ path: r.path(fx), who: whoFor(r.who), method: fc.constantFrom("GET", "GET", "GET", "GET", "GET", "GET", "HEAD", "OPTIONS"), extra: fc.constantFrom(...ODD_HEADERS) })
        .map(({ path, who, method, extra }): FuzzCase => ({
          route: r.route,
          input: `query as:${who}${method === "GET" ? "" : ` method:${method}`}${Object.keys(extra).length ? ` header:${Object.keys(extra)[0]}` : ""}`,
          req: { method, path, headers: headers({ Cookie: sessionCookie(fx, who), ...extra }), headersOnly: r.headersOnly },
        })),
    })),
  );
}
