// The JSON API over real HTTP, against the built site serving a copy of the demo data
// (tests/helpers/server.ts). The assertions follow ../shared/CONTRACTS.md; they look the data up
// through the API rather than hard-coding ids, so they hold as the demo data grows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { categoryWithDescendants } from "../../app/core/taxonomy";
import { runServe, startTestServer, type HttpResult, type TestServer } from "../helpers/server";

// ------------------------------------------------------------------ helpers

interface Hit {
  id: string;
  kind: string;
  name: string;
  summary: string;
  lat: number;
  lng: number;
  distance_km?: number;
  categories: string[];
  access: string[];
  open_now?: boolean;
  url: string;
}
interface SearchBody {
  total: number;
  page: number;
  results: Hit[];
  facets: { kind: Record<string, number>; category: Record<string, number> };
  corrections?: Record<string, string>;
  origin?: { lat: number; lng: number };
}
interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}
type Params = Record<string, string | number | (string | number)[]>;

/** Our own haversine (mean Earth radius), independent of the app's. */
function haversineKm(aLat: number, aLng: number, bLat: number, bLng: number): number {
  const R = 6371.0088;
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(bLat - aLat);
  const dLng = rad(bLng - aLng);
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(rad(aLat)) * Math.cos(rad(bLat)) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(s)));
}

function qs(params: Params): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of Array.isArray(v) ? v : [v]) u.append(k, String(x));
  return u.toString();
}

let server: TestServer;

async function search(params: Params): Promise<SearchBody> {
  const res = await server.get<SearchBody>(`/api/search?${qs(params)}`);
  expect(res.status, `GET /api/search?${qs(params)} → ${res.text.slice(0, 300)}`).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  return res.body;
}

/** Every result of a search, page by page (100 at a time). */
async function searchAll(params: Params, max = 2000): Promise<{ total: number; results: Hit[] }> {
  const results: Hit[] = [];
  let total = 0;
  for (let page = 1; ; page++) {
    const body = await search({ ...params, limit: 100, page });
    total = body.total;
    results.push(...body.results);
    if (body.results.length < 100 || results.length >= Math.min(total, max)) break;
  }
  return { total, results };
}

async function asset(id: string): Promise<Record<string, any>> {
  const res = await server.get(`/api/assets/${encodeURIComponent(id)}`);
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  return res.body;
}

/** A 400 (or other) error in the contract's shape, naming `param` in the message and in fields. */
function expectError(res: HttpResult<ErrorBody>, status: number, param?: string): ErrorBody["error"] {
  expect(res.status, res.text.slice(0, 400)).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  expect(res.body?.error, res.text).toBeTruthy();
  const err = res.body.error;
  expect(typeof err.code).toBe("string");
  expect(err.code.length).toBeGreaterThan(0);
  expect(typeof err.message).toBe("string");
  expect(err.message.length).toBeGreaterThan(0);
  if (param) {
    expect(err.message, `the message should name ${param}`).toContain(param);
    expect(err.fields?.[param], `fields.${param} should say what is wrong: ${res.text}`).toEqual(expect.any(String));
  }
  return err;
}

const SALE = { lat: 53.424784, lng: -2.321157 }; // roughly M33 7XX

// ------------------------------------------------------------------ the server

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

// ------------------------------------------------------------------ /api/geocode

describe("GET /api/geocode", () => {
  it.each(["M33 7XX", "m33 7xx", "M337XX", "m337xx", "  M33   7XX  ", "m33 7XX"])("accepts any spacing and case: %j", async (raw) => {
    const res = await server.get(`/api/geocode?${qs({ postcode: raw })}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ postcode: "M33 7XX", precision: "unit" });
    expect(res.body.lat).toBeCloseTo(SALE.lat, 2);
    expect(res.body.lng).toBeCloseTo(SALE.lng, 2);
  });

  it("geocodes a district (outward code) with district precision", async () => {
    const res = await server.get("/api/geocode?postcode=m33");
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ postcode: "M33", precision: "district" });
    expect(haversineKm(res.body.lat, res.body.lng, SALE.lat, SALE.lng)).toBeLessThan(5);
  });

  it("falls back to the district for a full postcode it does not know as a unit", async () => {
    // M33 9ZZ is well formed; the district M33 is known, the unit is not in the demo data.
    const res = await server.get("/api/geocode?postcode=M33%209ZZ");
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ postcode: "M33 9ZZ", precision: "district" });
  });

  it.each(["hello", "12345", "M33 7XXX", "M", "SW1A 1AAA", "!!!"])("answers 400 invalid_postcode for a malformed postcode: %j", async (raw) => {
    const err = expectError(await server.get(`/api/geocode?${qs({ postcode: raw })}`), 400, "postcode");
    expect(err.code).toBe("invalid_postcode");
  });

  it("answers 400 invalid_postcode when the postcode is missing", async () => {
    const err = expectError(await server.get("/api/geocode"), 400, "postcode");
    expect(err.code).toBe("invalid_postcode");
  });

  it("answers 404 for a well-formed but unknown postcode", async () => {
    const { parse } = await import("postcode");
    expect(parse("ZZ99 9ZZ").valid, "ZZ99 9ZZ should be well formed for the postcode library").toBe(true);
    const res = await server.get("/api/geocode?postcode=ZZ99%209ZZ");
    expectError(res, 404);
  });
});

// ------------------------------------------------------------------ /api/search: origin

describe("GET /api/search: postcode and distance", () => {
  it("searches around a full postcode, nearest first, everything within the default 5 km", async () => {
    const body = await search({ postcode: "M33 7XX", limit: 100 });
    expect(body.total).toBeGreaterThan(0);
    expect(body.page).toBe(1);
    expect(body.results.length).toBe(Math.min(100, body.total));
    let previous = -1;
    for (const r of body.results) {
      const d = haversineKm(SALE.lat, SALE.lng, r.lat, r.lng);
      expect(d, `${r.name} is ${d.toFixed(2)} km away`).toBeLessThanOrEqual(5 + 0.01);
      expect(r.distance_km).toEqual(expect.any(Number));
      expect(Math.abs(r.distance_km! - d), `distance_km of ${r.name}`).toBeLessThan(0.05);
      expect(r.distance_km!, "results ordered by distance").toBeGreaterThanOrEqual(previous);
      previous = r.distance_km!;
    }
  });

  it("gives each result the fields of the contract", async () => {
    const body = await search({ postcode: "M33 7XX", limit: 20 });
    for (const r of body.results) {
      expect(r).toMatchObject({
        id: expect.any(String),
        kind: expect.any(String),
        name: expect.any(String),
        summary: expect.any(String),
        lat: expect.any(Number),
        lng: expect.any(Number),
        distance_km: expect.any(Number),
        categories: expect.any(Array),
        access: expect.any(Array),
        url: `/assets/${r.id}`,
      });
      if ("open_now" in r) expect(typeof r.open_now).toBe("boolean");
    }
  });

  it("treats spacing and case of the postcode alike", async () => {
    const a = await search({ postcode: "M33 7XX", limit: 50 });
    const b = await search({ postcode: "m337xx", limit: 50 });
    const c = await search({ postcode: " m33  7xx ", limit: 50 });
    expect(b.total).toBe(a.total);
    expect(b.results.map((r) => r.id)).toEqual(a.results.map((r) => r.id));
    expect(c.results.map((r) => r.id)).toEqual(a.results.map((r) => r.id));
  });

  it("accepts a district (M33) as the origin", async () => {
    const geo = (await server.get("/api/geocode?postcode=M33")).body;
    const body = await search({ postcode: "M33", limit: 100 });
    expect(body.total).toBeGreaterThan(0);
    for (const r of body.results) expect(haversineKm(geo.lat, geo.lng, r.lat, r.lng)).toBeLessThanOrEqual(5 + 0.01);
  });

  it("keeps every result within radius_km, for small and large radii", async () => {
    const small = await searchAll({ postcode: "M33 7XX", radius_km: 1 });
    const large = await search({ postcode: "M33 7XX", radius_km: 20, limit: 100 });
    expect(small.total).toBeGreaterThan(0);
    expect(large.total).toBeGreaterThan(small.total);
    for (const r of small.results) expect(haversineKm(SALE.lat, SALE.lng, r.lat, r.lng)).toBeLessThanOrEqual(1 + 0.01);
    for (const r of large.results) expect(haversineKm(SALE.lat, SALE.lng, r.lat, r.lng)).toBeLessThanOrEqual(20 + 0.01);
  });

  it("takes lat+lng as the origin", async () => {
    const byPoint = await search({ lat: SALE.lat, lng: SALE.lng, radius_km: 2, limit: 100 });
    expect(byPoint.total).toBeGreaterThan(0);
    for (const r of byPoint.results) expect(haversineKm(SALE.lat, SALE.lng, r.lat, r.lng)).toBeLessThanOrEqual(2 + 0.01);
  });

  it("answers 404 for a well-formed postcode it does not know", async () => {
    expectError(await server.get("/api/search?postcode=ZZ99%209ZZ"), 404);
  });
});

// ------------------------------------------------------------------ /api/search: words

describe("GET /api/search: words (q)", () => {
  const mentions = (r: Hit, re: RegExp) => re.test(`${r.name} ${r.summary} ${r.categories.join(" ")}`);

  it("finds football", async () => {
    const body = await search({ q: "football", limit: 10 });
    expect(body.total).toBeGreaterThan(0);
    expect(mentions(body.results[0], /football/i), JSON.stringify(body.results[0])).toBe(true);
  });

  it("finds libraries", async () => {
    const body = await search({ q: "library", limit: 10 });
    expect(body.total).toBeGreaterThan(0);
    for (const r of body.results.slice(0, 3)) expect(mentions(r, /librar/i), r.name).toBe(true);
  });

  it("finds food banks with two words", async () => {
    const body = await search({ q: "food bank", limit: 10 });
    expect(body.total).toBeGreaterThan(0);
    for (const r of body.results.slice(0, 3)) expect(mentions(r, /food|pantry/i), r.name).toBe(true);
  });

  it("matches word prefixes", async () => {
    const body = await search({ q: "footb", limit: 10 });
    expect(body.total).toBeGreaterThan(0);
    expect(mentions(body.results[0], /football/i)).toBe(true);
  });

  it("tolerates a typo (libary)", async () => {
    const typo = await search({ q: "libary", limit: 20 });
    const right = await search({ q: "library", limit: 20 });
    expect(typo.total).toBeGreaterThan(0);
    expect(mentions(typo.results[0], /librar/i), typo.results[0]?.name).toBe(true);
    // Every real library the correct spelling finds first is found with the typo too.
    const typoIds = new Set((await searchAll({ q: "libary" })).results.map((r) => r.id));
    for (const r of right.results.filter((h) => h.categories.includes("library"))) expect(typoIds.has(r.id), r.name).toBe(true);
  });

  it("with an origin keeps every result within the radius", async () => {
    const body = await search({ q: "football", postcode: "M33 7XX", radius_km: 3, limit: 100 });
    expect(body.total).toBeGreaterThan(0);
    for (const r of body.results) {
      expect(haversineKm(SALE.lat, SALE.lng, r.lat, r.lng)).toBeLessThanOrEqual(3 + 0.01);
      expect(r.distance_km).toEqual(expect.any(Number));
    }
  });

  it("finds nothing (not an error) for words nobody uses", async () => {
    const body = await search({ q: "zqxjkv wvutsr" });
    expect(body.total).toBe(0);
    expect(body.results).toEqual([]);
  });
});

// ------------------------------------------------------------------ /api/search: filters

describe("GET /api/search: filters", () => {
  it("filters by kind, one or several (repeated or comma separated)", async () => {
    const one = await searchAll({ kind: "universal_service" });
    expect(one.total).toBeGreaterThan(0);
    for (const r of one.results) expect(r.kind).toBe("universal_service");

    const both = await search({ kind: ["universal_service", "community_group"], limit: 100 });
    const comma = await search({ kind: "universal_service,community_group", limit: 100 });
    const groups = await search({ kind: "community_group", limit: 1 });
    expect(both.total).toBe(one.total + groups.total);
    expect(comma.total).toBe(both.total);
    for (const r of both.results) expect(["universal_service", "community_group"]).toContain(r.kind);
  });

  it("filters by category; a parent category matches its children", async () => {
    const banks = await searchAll({ category: "food_bank" });
    expect(banks.total).toBeGreaterThan(0);
    for (const r of banks.results) expect(r.categories, r.name).toContain("food_bank");

    const sport = await searchAll({ category: "sport_leisure", postcode: "M33 7XX" });
    expect(sport.total).toBeGreaterThan(0);
    const family = new Set(categoryWithDescendants("sport_leisure"));
    for (const r of sport.results) expect(r.categories.some((c) => family.has(c)), `${r.name}: ${r.categories}`).toBe(true);
  });

  it("combines filters with AND across parameters", async () => {
    const body = await searchAll({ kind: "universal_service", category: "library", postcode: "M33 7XX", radius_km: 10 });
    expect(body.total).toBeGreaterThan(0);
    for (const r of body.results) {
      expect(r.kind).toBe("universal_service");
      expect(r.categories).toContain("library");
      expect(haversineKm(SALE.lat, SALE.lng, r.lat, r.lng)).toBeLessThanOrEqual(10 + 0.01);
    }
    const libraries = await search({ category: "library", postcode: "M33 7XX", radius_km: 10, limit: 1 });
    expect(body.total).toBeLessThanOrEqual(libraries.total);
  });

  it("filters by access feature (OR within the parameter)", async () => {
    const stepFree = await searchAll({ access: "step_free" });
    expect(stepFree.total).toBeGreaterThan(0);
    for (const r of stepFree.results) expect(r.access).toContain("step_free");
    const either = await searchAll({ access: ["step_free", "hearing_loop"] });
    expect(either.total).toBeGreaterThanOrEqual(stepFree.total);
    for (const r of either.results) expect(r.access.some((a) => a === "step_free" || a === "hearing_loop")).toBe(true);
  });

  it("meets access=changing_places on site or with a Changing Places toilet within 1 km", async () => {
    const all = await searchAll({ access: "changing_places" });
    const onSite = all.results.filter((r) => r.access.includes("changing_places"));
    expect(onSite.length, "the demo data should have at least one Changing Places toilet").toBeGreaterThan(0);
    for (const r of all.results) {
      if (r.access.includes("changing_places")) continue;
      const nearest = Math.min(...onSite.map((t) => haversineKm(r.lat, r.lng, t.lat, t.lng)));
      expect(nearest, `${r.name} has no Changing Places toilet within 1 km`).toBeLessThanOrEqual(1 + 0.01);
    }
    // Conversely, everything within (just under) 1 km of a toilet meets the need.
    const toilet = onSite[0];
    const around = { lat: toilet.lat, lng: toilet.lng, radius_km: 0.95 };
    const unfiltered = await searchAll(around);
    const filtered = await searchAll({ ...around, access: "changing_places" });
    expect(filtered.total).toBe(unfiltered.total);
    expect(new Set(filtered.results.map((r) => r.id))).toEqual(new Set(unfiltered.results.map((r) => r.id)));
    // The asset pages agree: a nearby venue names its nearest Changing Places toilet.
    const neighbour = unfiltered.results.find((r) => !r.access.includes("changing_places"));
    if (neighbour) {
      const record = await asset(neighbour.id);
      expect(record.nearest_changing_places).toMatchObject({ id: expect.any(String), distance_km: expect.any(Number) });
      expect(record.nearest_changing_places.distance_km).toBeLessThanOrEqual(1);
    }
  });

  it("free=1 keeps only free assets", async () => {
    const free = await search({ free: 1, limit: 100 });
    const all = await search({ limit: 1 });
    expect(free.total).toBeGreaterThan(0);
    expect(free.total).toBeLessThan(all.total);
    for (const r of free.results.slice(0, 8)) expect((await asset(r.id)).cost.free, r.name).toBe(true);
  });

  it("time_credits=earn keeps only assets where time credits can be earned", async () => {
    const earn = await search({ time_credits: "earn", limit: 100 });
    expect(earn.total).toBeGreaterThan(0);
    for (const r of earn.results.slice(0, 8)) expect((await asset(r.id)).time_credits.earn, r.name).toEqual(expect.any(String));
    const spend = await search({ time_credits: "spend", limit: 100 });
    for (const r of spend.results.slice(0, 8)) expect((await asset(r.id)).time_credits.spend, r.name).toEqual(expect.any(String));
  });

  it("age keeps only assets whose age range includes it", async () => {
    const all = await search({ limit: 1 });
    for (const age of [4, 16, 70]) {
      const body = await search({ age, limit: 100 });
      expect(body.total).toBeGreaterThan(0);
      expect(body.total).toBeLessThanOrEqual(all.total);
      for (const r of body.results.slice(0, 6)) {
        const rec = await asset(r.id);
        if (rec.age.min !== null) expect(rec.age.min, r.name).toBeLessThanOrEqual(age);
        if (rec.age.max !== null) expect(rec.age.max, r.name).toBeGreaterThanOrEqual(age);
      }
    }
  });

  it("open_at keeps only assets open at that UK time", async () => {
    // Monday 7 January 2030, 10:30 (a weekday morning) and Sunday 6 January 2030, 03:00.
    const weekday = await search({ open_at: "2030-01-07T10:30", limit: 100 });
    const night = await search({ open_at: "2030-01-06T03:00", limit: 100 });
    expect(weekday.total).toBeGreaterThan(0);
    expect(night.total).toBeLessThan(weekday.total);
    for (const r of [...weekday.results, ...night.results]) expect(r.open_now, `${r.name} should be open then`).toBe(true);
    // With a UTC offset: 10:30Z is 10:30 in London in January (GMT).
    const utc = await search({ open_at: "2030-01-07T10:30Z", limit: 1 });
    expect(utc.total).toBe(weekday.total);
  });

  it("open_now=1 keeps only assets open now", async () => {
    const body = await search({ open_now: 1, limit: 100 });
    for (const r of body.results) expect(r.open_now, r.name).toBe(true);
    expect(body.total).toBeLessThanOrEqual((await search({ limit: 1 })).total);
  });

  it("bbox keeps only assets inside the box, alone or with an origin", async () => {
    const bbox = [-2.36, 53.4, -2.3, 53.44];
    const inBox = (r: Hit) => r.lng >= bbox[0] && r.lng <= bbox[2] && r.lat >= bbox[1] && r.lat <= bbox[3];
    const boxed = await searchAll({ bbox: bbox.join(",") });
    expect(boxed.total).toBeGreaterThan(0);
    expect(boxed.results.length).toBe(boxed.total);
    for (const r of boxed.results) expect(inBox(r), `${r.name} ${r.lat},${r.lng}`).toBe(true);
    const both = await searchAll({ bbox: bbox.join(","), postcode: "M33 7XX", radius_km: 2 });
    expect(both.total).toBeLessThanOrEqual(boxed.total);
    for (const r of both.results) {
      expect(inBox(r)).toBe(true);
      expect(haversineKm(SALE.lat, SALE.lng, r.lat, r.lng)).toBeLessThanOrEqual(2 + 0.01);
    }
  });
});

// ------------------------------------------------------------------ /api/search: paging and facets

describe("GET /api/search: paging and facets", () => {
  it("pages: limit respected, page 2 differs, total consistent, pages cover the total", async () => {
    const params = { postcode: "M33 7XX", radius_km: 3 };
    const p1 = await search({ ...params, limit: 5, page: 1 });
    const p2 = await search({ ...params, limit: 5, page: 2 });
    expect(p1.total).toBeGreaterThan(10);
    expect(p1.results.length).toBe(5);
    expect(p2.results.length).toBe(5);
    expect(p2.page).toBe(2);
    expect(p2.total).toBe(p1.total);
    const ids1 = new Set(p1.results.map((r) => r.id));
    for (const r of p2.results) expect(ids1.has(r.id)).toBe(false);
    // Page 2 carries on where page 1 stopped (nearest first).
    expect(p2.results[0].distance_km!).toBeGreaterThanOrEqual(p1.results[4].distance_km!);

    const all = await searchAll(params);
    expect(all.results.length).toBe(all.total);
    expect(new Set(all.results.map((r) => r.id)).size).toBe(all.total);
    const ten = await search({ ...params, limit: 10 });
    expect(ten.results.map((r) => r.id)).toEqual([...p1.results, ...p2.results].map((r) => r.id));
  });

  it("defaults to 20 results and allows up to 100", async () => {
    const d = await search({});
    expect(d.total).toBeGreaterThan(100);
    expect(d.results.length).toBe(20);
    expect((await search({ limit: 100 })).results.length).toBe(100);
  });

  it("answers an empty page past the end", async () => {
    const body = await search({ postcode: "M33 7XX", radius_km: 1, limit: 100, page: 500 });
    expect(body.results).toEqual([]);
    expect(body.total).toBeGreaterThan(0);
  });

  it("returns kind and category facets that agree with the total", async () => {
    const body = await search({ postcode: "M33 7XX", radius_km: 5 });
    expect(body.facets.kind).toEqual(expect.any(Object));
    expect(body.facets.category).toEqual(expect.any(Object));
    const sum = Object.values(body.facets.kind).reduce((a, b) => a + b, 0);
    expect(sum).toBe(body.total);
    for (const [kind, n] of Object.entries(body.facets.kind).slice(0, 3)) {
      expect((await search({ postcode: "M33 7XX", radius_km: 5, kind, limit: 1 })).total).toBe(n);
    }
    const [category, count] = Object.entries(body.facets.category)[0];
    expect((await search({ postcode: "M33 7XX", radius_km: 5, category, limit: 1 })).total).toBe(count);
  });

  it("keeps the kind facet's other choices visible when a kind is chosen", async () => {
    const body = await search({ postcode: "M33 7XX", kind: "community_group" });
    expect(Object.keys(body.facets.kind).length).toBeGreaterThan(1);
    expect(body.facets.kind.community_group).toBe(body.total);
  });
});

// ------------------------------------------------------------------ /api/search: bad input

describe("GET /api/search: bad input → 400 naming the parameter", () => {
  const cases: [string, Params][] = [
    ["postcode", { postcode: "not a postcode" }],
    ["postcode", { postcode: "M33 7XXX" }],
    ["lat", { lat: 200, lng: -2.3 }],
    ["lng", { lat: 53.4, lng: -500 }],
    ["lat", { lat: "north", lng: -2.3 }],
    ["lng", { lat: 53.4 }],
    ["radius_km", { radius_km: -1 }],
    ["radius_km", { radius_km: 0 }],
    ["radius_km", { radius_km: 201 }],
    ["radius_km", { radius_km: "far" }],
    ["kind", { kind: "unknown" }],
    ["kind", { kind: ["community_group", "spaceship"] }],
    ["category", { category: "no_such_category" }],
    ["access", { access: "teleporter" }],
    ["limit", { limit: 10000 }],
    ["limit", { limit: 0 }],
    ["limit", { limit: 2.5 }],
    ["page", { page: 0 }],
    ["page", { page: "two" }],
    ["bbox", { bbox: "1,2,3" }],
    ["bbox", { bbox: "a,b,c,d" }],
    ["bbox", { bbox: "-2,54,-3,53" }],
    ["bbox", { bbox: "-2,53,-1,95" }],
    ["open_at", { open_at: "garbage" }],
    ["open_at", { open_at: "2030-13-45T10:00" }],
    ["open_now", { open_now: "maybe" }],
    ["free", { free: "maybe" }],
    ["time_credits", { time_credits: "borrow" }],
    ["age", { age: -3 }],
    ["age", { age: "old" }],
    ["q", { q: "x".repeat(201) }],
  ];
  it.each(cases)("%s: %j", async (param, params) => {
    expectError(await server.get(`/api/search?${qs(params)}`), 400, param);
  });

  it("names every bad parameter at once", async () => {
    const err = expectError(await server.get(`/api/search?${qs({ radius_km: -1, kind: "unknown", limit: 10000 })}`), 400);
    expect(Object.keys(err.fields ?? {}).sort()).toEqual(["kind", "limit", "radius_km"]);
  });
});

// ------------------------------------------------------------------ /api/assets/:id

describe("GET /api/assets/:id", () => {
  const RECORD_FIELDS = [
    "id",
    "kind",
    "name",
    "summary",
    "description",
    "url",
    "lat",
    "lng",
    "categories",
    "access",
    "opening_hours",
    "cost",
    "age",
    "time_credits",
    "changing_places",
    "nearest_changing_places",
    "contact",
    "source",
    "licence",
    "attribution",
    "verified_at",
  ];

  it("returns the whole public record", async () => {
    const lib = (await search({ q: "library", category: "library", limit: 1 })).results[0];
    expect(lib, "a library in the demo data").toBeTruthy();
    const rec = await asset(lib.id);
    for (const f of RECORD_FIELDS) expect(rec, `field ${f}`).toHaveProperty(f);
    expect(rec).toMatchObject({ id: lib.id, name: lib.name, kind: lib.kind, url: `/assets/${lib.id}` });
    expect(rec.lat).toBeCloseTo(lib.lat, 6);
    expect(rec.contact).toEqual({ phone: expect.toBeOneOf([null, expect.any(String)]), email: expect.toBeOneOf([null, expect.any(String)]), website: expect.toBeOneOf([null, expect.any(String)]) });
    expect(rec.cost).toEqual({ free: expect.toBeOneOf([null, true, false]), details: expect.toBeOneOf([null, expect.any(String)]) });
    expect(rec.time_credits).toEqual({ earn: expect.toBeOneOf([null, expect.any(String)]), spend: expect.toBeOneOf([null, expect.any(String)]) });
    expect(rec.age).toEqual({ min: expect.toBeOneOf([null, expect.any(Number)]), max: expect.toBeOneOf([null, expect.any(Number)]) });
    expect(rec.source).toMatchObject({ dataset: expect.any(String), id: expect.any(String) });
    expect(rec.licence).toEqual(expect.any(String));
    expect(rec.licence.length).toBeGreaterThan(0);
    expect(rec.attribution.length).toBeGreaterThan(0);
    expect(rec.verified_at === null || /^\d{4}-\d{2}-\d{2}/.test(rec.verified_at)).toBe(true);
    expect(Array.isArray(rec.categories) && Array.isArray(rec.access)).toBe(true);
  });

  it("includes opening hours, with open_now, when they are known", async () => {
    const open = (await search({ open_at: "2030-01-07T10:30", limit: 1 })).results[0];
    expect(open).toBeTruthy();
    const rec = await asset(open.id);
    expect(rec.opening_hours).toEqual(expect.any(String));
    expect(typeof rec.open_now).toBe("boolean");
  });

  it("includes the Changing Places equipment of a Changing Places toilet", async () => {
    const toilet = (await search({ kind: "changing_places_toilet", limit: 1 })).results[0];
    expect(toilet, "a Changing Places toilet in the demo data").toBeTruthy();
    const rec = await asset(toilet.id);
    expect(rec.kind).toBe("changing_places_toilet");
    expect(rec.access).toContain("changing_places");
    expect(rec.changing_places).toEqual(
      expect.objectContaining({
        hoist: expect.toBeOneOf([null, expect.any(String)]),
        adult_bench: expect.toBeOneOf([null, true, false]),
        room_size_m2: expect.toBeOneOf([null, expect.any(Number)]),
        peninsular_wc: expect.toBeOneOf([null, true, false]),
      }),
    );
    // Its nearest *other* Changing Places toilet, if any, is not itself.
    if (rec.nearest_changing_places) expect(rec.nearest_changing_places.id).not.toBe(rec.id);
  });

  it("names the nearest Changing Places toilet, with a true distance", async () => {
    const toilets = (await searchAll({ kind: "changing_places_toilet" })).results;
    const near = (await search({ lat: toilets[0].lat, lng: toilets[0].lng, radius_km: 3, limit: 20 })).results.find(
      (r) => r.kind !== "changing_places_toilet" && !r.access.includes("changing_places"),
    );
    expect(near, "something near a Changing Places toilet").toBeTruthy();
    const rec = await asset(near!.id);
    const n = rec.nearest_changing_places;
    expect(n).toMatchObject({ id: expect.any(String), name: expect.any(String), distance_km: expect.any(Number), url: `/assets/${n.id}` });
    const target = await asset(n.id);
    expect(target.access).toContain("changing_places");
    expect(Math.abs(haversineKm(rec.lat, rec.lng, target.lat, target.lng) - n.distance_km)).toBeLessThan(0.02);
  });

  it.each(["00000000-0000-5000-8000-000000000000", "nope", "%20", "'; DROP TABLE assets; --"])("answers 404 JSON for an unknown id: %j", async (id) => {
    const err = expectError(await server.get(`/api/assets/${encodeURIComponent(id)}`), 404);
    expect(err.code).toBe("not_found");
  });
});

// ------------------------------------------------------------------ /api/clusters

describe("GET /api/clusters", () => {
  interface Feature {
    type: "cluster" | "asset";
    lat: number;
    lng: number;
    count?: number;
    id: string | number;
    expansion_zoom?: number;
  }
  const countOf = (features: Feature[]) => features.reduce((n, f) => n + (f.type === "cluster" ? f.count! : 1), 0);
  // Great Britain: every demo asset is inside, so at any zoom the clusters hold everything.
  const GB = "-8.7,49.8,1.9,60.9";
  const TRAFFORD = "-2.48,53.35,-2.25,53.48";

  it.each([
    [GB, 5, {}],
    [GB, 9, {}],
    [GB, 11, { kind: "community_group" }],
    [GB, 8, { category: "library" }],
    [GB, 7, { q: "football" }],
    [TRAFFORD, 17, {}],
    [TRAFFORD, 18, { kind: "universal_service" }],
  ] as [string, number, Params][])("bbox %s zoom %i %j: counts add up to the search total", async (bbox, zoom, filters) => {
    const res = await server.get(`/api/clusters?${qs({ bbox, zoom, ...filters })}`);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    const features = res.body.features as Feature[];
    expect(Array.isArray(features)).toBe(true);
    const total = (await search({ bbox, ...filters, limit: 1 })).total;
    expect(total).toBeGreaterThan(0);
    expect(countOf(features)).toBe(total);
    for (const f of features) {
      expect(["cluster", "asset"]).toContain(f.type);
      expect(f.lat).toEqual(expect.any(Number));
      expect(f.lng).toEqual(expect.any(Number));
      if (f.type === "cluster") {
        expect(f.count!).toBeGreaterThan(1);
        expect(f.expansion_zoom!).toBeGreaterThan(0);
      }
    }
  });

  it("clusters at a low zoom and shows single assets at a high one", async () => {
    const low = (await server.get(`/api/clusters?${qs({ bbox: TRAFFORD, zoom: 9 })}`)).body.features as Feature[];
    const high = (await server.get(`/api/clusters?${qs({ bbox: TRAFFORD, zoom: 18 })}`)).body.features as Feature[];
    expect(low.some((f) => f.type === "cluster")).toBe(true);
    expect(high.length).toBeGreaterThan(low.length);
  });

  it.each([
    ["zoom", { bbox: TRAFFORD }],
    ["zoom", { bbox: TRAFFORD, zoom: "near" }],
    ["zoom", { bbox: TRAFFORD, zoom: 99 }],
    ["bbox", { zoom: 10 }],
    ["bbox", { zoom: 10, bbox: "1,2,3" }],
    ["kind", { zoom: 10, bbox: TRAFFORD, kind: "unknown" }],
  ] as [string, Params][])("answers 400 naming %s: %j", async (param, params) => {
    expectError(await server.get(`/api/clusters?${qs(params)}`), 400, param);
  });
});

// ------------------------------------------------------------------ other paths and methods

describe("the API's other paths and methods", () => {
  it.each(["/api/search", "/api/geocode", "/api/clusters"])("answers POST %s with a JSON 405 naming GET", async (p) => {
    const res = await server.request<ErrorBody>(p, { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } });
    expectError(res, 405);
    expect(res.headers.get("allow")).toContain("GET");
  });

  it.each(["/api/no-such-thing", "/api/assets/", "/api/search/extra"])("answers an unknown API path with a JSON 404: %s", async (p) => {
    expectError(await server.get(p), 404);
  });
});

// ------------------------------------------------------------------ configuration

describe("start-up configuration", () => {
  it.each([
    ["PORT", { PORT: "abc" }],
    ["PORT", { PORT: "70000" }],
    ["TILE_URL", { TILE_URL: "nonsense" }],
    ["TILE_URL", { TILE_URL: "http://127.0.0.1:9/tiles/no-placeholders.png" }],
    ["SESSION_SECRET", { SESSION_SECRET: "short" }],
    ["MEILI_HOST", { MEILI_HOST: "not a url" }],
    ["DOWNLOAD_STALL_SECONDS", { DOWNLOAD_STALL_SECONDS: "0" }],
    ["DOWNLOAD_STALL_SECONDS", { DOWNLOAD_STALL_SECONDS: "a minute" }],
  ] as [string, Record<string, string>][])("a bad %s stops start-up with a message naming it (%j)", async (variable, env) => {
    const r = await runServe(env, { timeoutMs: 30_000 });
    expect(r.timedOut, `the server started anyway:\n${r.stdout}${r.stderr}`).toBe(false);
    expect(r.code, `${r.stdout}${r.stderr}`).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain(variable);
  });
});
