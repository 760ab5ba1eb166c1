// The Open Referral HSDS 3.0 read API over real HTTP: every answer validates against the HSDS 3.0
// and UK profile schemas (tests/helpers/hsds-schemas.ts), the first, a middle and the last page of
// each list are checked, every id from a list resolves, bad input is a 400 naming the parameter,
// CORS and ETags.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hsdsValidators, type SchemaKind } from "../helpers/hsds-schemas";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
const v = hsdsValidators();

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

interface PageBody {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: { id: string; [k: string]: unknown }[];
}

async function getJson<T = unknown>(path: string): Promise<T> {
  const res = await server.get(path);
  expect(res.status, `${path}: ${res.text.slice(0, 300)}`).toBe(200);
  expect(res.headers.get("access-control-allow-origin")).toBe("*");
  return res.body as T;
}

function expectValid(kind: SchemaKind, data: unknown, where: string) {
  const errors = v.check(kind, data);
  expect(errors, `${where}\n${errors.slice(0, 10).join("\n")}`).toEqual([]);
}

async function checkPage(path: string, page: number, perPage: number, itemKind: SchemaKind): Promise<PageBody> {
  const sep = path.includes("?") ? "&" : "?";
  const url = `${path}${sep}page=${page}&per_page=${perPage}`;
  const body = await getJson<PageBody>(url);
  expectValid("page", body, url);
  expect(body.page_number).toBe(page);
  expect(body.size).toBe(body.contents.length);
  expect(body.first_page).toBe(page === 1);
  expect(body.last_page).toBe(page >= body.total_pages);
  expect(body.empty).toBe(body.contents.length === 0);
  for (const item of body.contents) expectValid(itemKind, item, `${url} item ${item.id}`);
  return body;
}

/** First, middle and last pages; returns the ids seen. */
async function walkList(path: string, perPage: number, itemKind: SchemaKind): Promise<{ first: PageBody; ids: string[] }> {
  const first = await checkPage(path, 1, perPage, itemKind);
  expect(first.total_items).toBeGreaterThan(0);
  const pages = [...new Set([Math.max(1, Math.ceil(first.total_pages / 2)), first.total_pages])].filter((p) => p !== 1);
  const ids = first.contents.map((c) => c.id);
  for (const p of pages) {
    const body = await checkPage(path, p, perPage, itemKind);
    expect(body.total_items).toBe(first.total_items);
    if (p === first.total_pages) expect(body.size).toBe(first.total_items - (first.total_pages - 1) * perPage);
    ids.push(...body.contents.map((c) => c.id));
  }
  expect(new Set(ids).size).toBe(ids.length);
  return { first, ids };
}

describe("GET /api/hsds/", () => {
  it("says which version and profile, with CORS", async () => {
    const body = await getJson<{ version: string; profile: string; openapi_url: string }>("/api/hsds/");
    expect(body.version).toBe("3.0");
    expect(body.profile).toMatch(/^https?:\/\//);
    expect(body.openapi_url).toMatch(/^https?:\/\/.*openapi\.json$/);
    const again = await getJson("/api/hsds");
    expect(again).toEqual(body);
  });
});

describe("services", () => {
  it("first, middle and last pages validate and every id resolves to a valid full service", async () => {
    const { first, ids } = await walkList("/api/hsds/services", 50, "service_list");
    expect(first.total_pages).toBeGreaterThan(2);
    const sample = [...ids.slice(0, 10), ...ids.slice(-10)];
    for (const id of sample) {
      const s = await getJson<{ id: string; name: string }>(`/api/hsds/services/${id}`);
      expect(s.id).toBe(id);
      expectValid("service", s, `/api/hsds/services/${id}`);
    }
  });

  it("every id on a page resolves", async () => {
    const body = await getJson<PageBody>("/api/hsds/services?page=2&per_page=100");
    for (const { id } of body.contents) expect((await server.get(`/api/hsds/services/${id}`)).status).toBe(200);
  });

  it("full=true nests the whole service and validates as one", async () => {
    const body = await checkPage("/api/hsds/services?full=true", 1, 20, "service");
    for (const s of body.contents) {
      expect(Array.isArray(s.service_at_locations)).toBe(true);
      expect(Array.isArray(s.attributes)).toBe(true);
    }
  });

  it("minimal=true gives the short form", async () => {
    const body = await checkPage("/api/hsds/services?minimal=true", 1, 20, "service_list");
    for (const s of body.contents) expect(s.organization).toBeUndefined();
  });

  it("a Changing Places toilet carries its equipment, hours as schedules and its kind as a term", async () => {
    const terms = await getJson<PageBody>("/api/hsds/taxonomy_terms?per_page=500");
    const cpTerm = terms.contents.find((t) => t.code === "kind:changing_places_toilet")!;
    expect(cpTerm).toBeTruthy();
    const list = await checkPage(`/api/hsds/services?taxonomy_term_id=${cpTerm.id}`, 1, 50, "service_list");
    expect(list.total_items).toBeGreaterThan(0);
    let withSchedules = 0;
    for (const { id } of list.contents) {
      const s = await getJson<{ attributes: { taxonomy_term_id: string; taxonomy_term: { code: string } }[]; schedules: { byday?: string; opens_at?: string }[]; service_at_locations: { location: { attributes?: { taxonomy_term: { code: string } }[] } }[] }>(
        `/api/hsds/services/${id}`,
      );
      expect(s.attributes.some((a) => a.taxonomy_term_id === cpTerm.id)).toBe(true);
      if (s.schedules.some((x) => x.byday && x.opens_at)) withSchedules++;
    }
    expect(withSchedules).toBeGreaterThan(0);
  });

  it("filters are ANDed: a term and a search give the intersection", async () => {
    const terms = await getJson<PageBody>("/api/hsds/taxonomy_terms?per_page=500");
    const health = terms.contents.find((t) => t.code === "category:health")!.id;
    const ids = async (q: string) => {
      const out = new Set<string>();
      for (let page = 1; ; page++) {
        const body = await getJson<PageBody>(`/api/hsds/services?per_page=500&page=${page}&${q}`);
        for (const c of body.contents) out.add(c.id);
        if (body.last_page) return out;
      }
    };
    const byTerm = await ids(`taxonomy_term_id=${health}`);
    const bySearch = await ids("search=surgery");
    const both = await ids(`taxonomy_term_id=${health}&search=surgery`);
    expect(byTerm.size).toBeGreaterThan(0);
    expect(bySearch.size).toBeGreaterThan(0);
    expect([...both].sort()).toEqual([...byTerm].filter((id) => bySearch.has(id)).sort());
    expect(both.size).toBeGreaterThan(0);
  });

  it("modified_after and the UK age filters", async () => {
    const future = await getJson<PageBody>("/api/hsds/services?modified_after=2999-01-01");
    expect(future.total_items).toBe(0);
    expect(future.empty).toBe(true);
    expectValid("page", future, "empty page");
    const aged = await getJson<PageBody>("/api/hsds/services?minimum_age=10&per_page=100");
    for (const s of aged.contents) expect(s.minimum_age as number).toBeGreaterThanOrEqual(10);
    const day = await checkPage("/api/hsds/services?day=SA&start_time=08:00&end_time=18:00", 1, 20, "service_list");
    for (const { id } of day.contents) {
      const s = await getJson<{ schedules: { byday?: string; opens_at?: string; closes_at?: string }[] }>(`/api/hsds/services/${id}`);
      expect(s.schedules.some((x) => x.byday === "SA" && x.opens_at! >= "08:00:00" && x.closes_at! <= "18:00:00")).toBe(true);
    }
  });

  it("ids are stable between calls", async () => {
    const a = await getJson<PageBody>("/api/hsds/services?per_page=5&full=true");
    const b = await getJson<PageBody>("/api/hsds/services?per_page=5&full=true");
    expect(b).toEqual(a);
  });
});

describe("organizations", () => {
  it("pages validate and every id resolves with its services", async () => {
    const { ids } = await walkList("/api/hsds/organizations", 20, "organization_list");
    for (const id of [...ids.slice(0, 5), ...ids.slice(-5)]) {
      const o = await getJson<{ id: string; services: { id: string; organization_id: string }[] }>(`/api/hsds/organizations/${id}`);
      expect(o.id).toBe(id);
      expectValid("organization", o, `/api/hsds/organizations/${id}`);
      for (const s of o.services) expect(s.organization_id).toBe(id);
      const filtered = await getJson<PageBody>(`/api/hsds/services?organization_id=${id}&per_page=500`);
      expect(filtered.total_items).toBe(o.services.length);
    }
  });
});

describe("service_at_locations", () => {
  it("pages validate and every id resolves", async () => {
    const { ids } = await walkList("/api/hsds/service_at_locations", 50, "service_at_location_list");
    for (const id of [...ids.slice(0, 5), ...ids.slice(-5)]) {
      const s = await getJson<{ id: string }>(`/api/hsds/service_at_locations/${id}`);
      expect(s.id).toBe(id);
      expectValid("service_at_location", s, `/api/hsds/service_at_locations/${id}`);
    }
  });

  it("postcode + proximity keeps results within the distance, nearest first", async () => {
    const body = await checkPage("/api/hsds/service_at_locations?postcode=M33 7XX&proximity=2000", 1, 100, "service_at_location_list");
    expect(body.total_items).toBeGreaterThan(0);
    const geo = (await server.get("/api/geocode?postcode=M33 7XX")).body as { lat: number; lng: number };
    let last = -1;
    for (const s of body.contents) {
      const loc = s.location as { latitude: number; longitude: number };
      const d = haversineM(geo.lat, geo.lng, loc.latitude, loc.longitude);
      expect(d).toBeLessThanOrEqual(2000 * 1.01);
      expect(d).toBeGreaterThanOrEqual(last - 5);
      last = d;
    }
    const wider = await getJson<PageBody>("/api/hsds/service_at_locations?postcode=M33 7XX&proximity=10000&per_page=1");
    expect(wider.total_items).toBeGreaterThan(body.total_items);
  });
});

function haversineM(aLat: number, aLng: number, bLat: number, bLng: number): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(rad(bLat - aLat) / 2) ** 2 + Math.cos(rad(aLat)) * Math.cos(rad(bLat)) * Math.sin(rad(bLng - aLng) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

describe("taxonomies and terms", () => {
  it("validate, and every id resolves", async () => {
    const tax = await getJson<PageBody>("/api/hsds/taxonomies");
    expectValid("page", tax, "taxonomies");
    for (const t of tax.contents) {
      expectValid("taxonomy", t, `taxonomy ${t.id}`);
      expect(await getJson(`/api/hsds/taxonomies/${t.id}`)).toEqual(t);
    }
    const { ids } = await walkList("/api/hsds/taxonomy_terms", 10, "taxonomy_term");
    for (const id of ids) expectValid("taxonomy_term", await getJson(`/api/hsds/taxonomy_terms/${id}`), id);
  });
});

describe("bad input", () => {
  const cases: [string, string][] = [
    ["/api/hsds/services?page=0", "page"],
    ["/api/hsds/services?per_page=10000", "per_page"],
    ["/api/hsds/services?page=abc", "page"],
    ["/api/hsds/services?taxonomy_term_id=not-a-uuid", "taxonomy_term_id"],
    ["/api/hsds/services?modified_after=yesterday", "modified_after"],
    ["/api/hsds/services?day=Funday", "day"],
    ["/api/hsds/services?start_time=25:00", "start_time"],
    ["/api/hsds/services?minimum_age=-1", "minimum_age"],
    ["/api/hsds/service_at_locations?proximity=1000", "postcode"],
    ["/api/hsds/service_at_locations?postcode=NOTAPOSTCODE&proximity=1000", "postcode"],
    ["/api/hsds/organizations?per_page=0", "per_page"],
    ["/api/hsds/taxonomy_terms?page=0", "page"],
  ];
  it.each(cases)("%s → 400 naming %s", async (url, field) => {
    const res = await server.get(url);
    expect(res.status).toBe(400);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const body = res.body as { error: { code: string; message: string; fields: Record<string, string> } };
    expect(body.error.code).toBeTruthy();
    expect(body.error.message).toBeTruthy();
    expect(Object.keys(body.error.fields)).toContain(field);
  });

  it("unknown ids are 404 in the error shape", async () => {
    for (const p of ["services", "organizations", "service_at_locations", "taxonomies", "taxonomy_terms"]) {
      const res = await server.get(`/api/hsds/${p}/00000000-0000-4000-8000-000000000000`);
      expect(res.status).toBe(404);
      expect((res.body as { error: { code: string } }).error.code).toBe("not_found");
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
    }
  });
});

describe("HTTP", () => {
  it("answers a CORS preflight", async () => {
    const res = await server.request("/api/hsds/services", { method: "OPTIONS", headers: { Origin: "https://example.org", "Access-Control-Request-Method": "GET" } });
    expect([200, 204]).toContain(res.status);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("sends a weak ETag and 304 on If-None-Match", async () => {
    const res = await server.get("/api/hsds/services?per_page=5");
    const etag = res.headers.get("etag") as string;
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await server.request("/api/hsds/services?per_page=5", { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(again.text).toBe("");
    const other = await server.request("/api/hsds/services?per_page=6", { headers: { "If-None-Match": etag } });
    expect(other.status).toBe(200);
  });
});
