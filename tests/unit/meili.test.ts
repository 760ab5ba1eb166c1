// The Meilisearch adapter against a FAKE Meilisearch: a small HTTP server on 127.0.0.1 that
// records every request the `meilisearch` client makes and answers with canned,
// Meilisearch-shaped responses. This checks what the adapter sends (documents, settings,
// filters, sort, facets, pagination) and how it reads the answers back; it does not prove that a
// real Meilisearch accepts and evaluates them the same way.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, migrate, type Db } from "../../db/index";
import { seedReferenceData } from "../../app/features/directory/reference.server";
import { writeAssets } from "../../app/features/assets/write-assets.server";
import { assetInputSchema, type AssetInput } from "../../app/core/asset";
import { parseOpenAt } from "../../app/core/hours";
import { CLUSTER_CAP, MEILI_SETTINGS, MeiliSearchIndex, OPEN_WINDOW, type AssetDocument } from "../../search/meili";
import type { SearchQuery } from "../../search/types";

// ------------------------------------------------------------------ the fake server

interface Recorded {
  method: string;
  path: string;
  query: string;
  body: any;
  auth: string | undefined;
}

class FakeMeili {
  requests: Recorded[] = [];
  /** The documents the fake "holds" (answers /documents/fetch from them). */
  docs = new Map<string, AssetDocument>();
  /** Canned answers for /multi-search and /indexes/:uid/search. */
  multiSearch: (body: any) => any = (body) => ({ results: body.queries.map(() => emptySearch()) });
  search: (body: any) => any = () => emptySearch();
  failNextTask = false;
  private taskUid = 0;
  private tasks = new Map<number, any>();
  private server = http.createServer((req, res) => this.handle(req, res));
  url = "";

  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as import("node:net").AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
  }
  async stop() {
    await new Promise((resolve) => this.server.close(resolve));
  }
  of(method: string, pathname: string): Recorded[] {
    return this.requests.filter((r) => r.method === method && r.path === pathname);
  }

  private enqueue(type: string, res: http.ServerResponse) {
    const uid = ++this.taskUid;
    const failed = this.failNextTask;
    this.failNextTask = false;
    this.tasks.set(uid, {
      uid,
      batchUid: uid,
      indexUid: "assets",
      status: failed ? "failed" : "succeeded",
      type,
      canceledBy: null,
      details: {},
      error: failed ? { message: "boom", code: "internal", type: "internal", link: "" } : null,
      duration: "PT0.001S",
      enqueuedAt: new Date().toISOString(),
      startedAt: new Date().toISOString(),
      finishedAt: new Date().toISOString(),
    });
    send(res, 202, { taskUid: uid, indexUid: "assets", status: "enqueued", type, enqueuedAt: new Date().toISOString() });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const body = raw ? JSON.parse(raw) : undefined;
      const rec = { method: req.method ?? "", path: url.pathname, query: url.search, body, auth: req.headers.authorization };
      this.requests.push(rec);
      const p = url.pathname;
      if (req.method === "POST" && p === "/indexes") return this.enqueue("indexCreation", res);
      if (req.method === "PATCH" && p === "/indexes/assets/settings") return this.enqueue("settingsUpdate", res);
      if (req.method === "POST" && p === "/indexes/assets/documents") {
        for (const d of body as AssetDocument[]) this.docs.set(d.id, d);
        return this.enqueue("documentAdditionOrUpdate", res);
      }
      if (req.method === "POST" && p === "/indexes/assets/documents/delete-batch") {
        for (const id of body as string[]) this.docs.delete(id);
        return this.enqueue("documentDeletion", res);
      }
      if (req.method === "DELETE" && p === "/indexes/assets/documents") {
        this.docs.clear();
        return this.enqueue("documentDeletion", res);
      }
      if (req.method === "POST" && p === "/indexes/assets/documents/fetch") {
        // Understands exactly the filter the adapter sends: [`id IN [...]`, `access = "changing_places"`].
        const ids = JSON.parse((body.filter[0] as string).replace(/^id IN /, "")) as string[];
        const results = ids
          .map((id) => this.docs.get(id))
          .filter((d): d is AssetDocument => !!d && d.access.includes("changing_places"))
          .map((d) => ({ id: d.id, _geo: d._geo }));
        return send(res, 200, { results, offset: 0, limit: body.limit, total: results.length });
      }
      const task = /^\/tasks\/(\d+)$/.exec(p);
      if (req.method === "GET" && task) return send(res, 200, this.tasks.get(Number(task[1])));
      if (req.method === "POST" && p === "/multi-search") return send(res, 200, this.multiSearch(body));
      if (req.method === "POST" && p === "/indexes/assets/search") return send(res, 200, this.search(body));
      send(res, 404, { message: `fake: no route ${req.method} ${p}`, code: "not_found", type: "invalid_request", link: "" });
    });
  }
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

function emptySearch(extra: Record<string, unknown> = {}) {
  return { hits: [], query: "", processingTimeMs: 0, hitsPerPage: 20, page: 1, totalPages: 0, totalHits: 0, facetDistribution: {}, facetStats: {}, ...extra };
}

// ------------------------------------------------------------------ fixtures

const SALE = { lat: 53.4246, lng: -2.3226 };
const base = { source: "test", licence: "Test licence", attribution: "Test data" };
function asset(id: string, extra: Partial<AssetInput>) {
  return assetInputSchema.parse({ ...base, source_id: id, kind: "community_group", name: `Asset ${id}`, lat: SALE.lat, lng: SALE.lng, ...extra });
}
function q(extra: Partial<SearchQuery> = {}): SearchQuery {
  return { radiusKm: 5, kinds: [], categories: [], access: [], free: false, limit: 20, page: 1, ...extra };
}

let dir: string;
let db: Db;
let fake: FakeMeili;
let index: MeiliSearchIndex;
let ctx: { db: Db; index: MeiliSearchIndex };
const ids: Record<string, string> = {};
let setupCalls: string[] = [];

beforeAll(async () => {
  fake = new FakeMeili();
  await fake.start();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-meili-"));
  db = openDatabase(path.join(dir, "test.db"));
  await migrate(db);
  await seedReferenceData(db);
  index = new MeiliSearchIndex(db, { host: fake.url, apiKey: "test-key", taskTimeoutMs: 5000 });
  ctx = { db, index };
  const out = await writeAssets(ctx, [
    // About 500 m north of a Changing Places toilet.
    asset("cafe", {
      name: "Waterside Café",
      categories: ["cafe"],
      access: ["step_free"],
      cost: { free: true },
      age: { min: 16, max: null },
      opening_hours: "Mo-Fr 09:00-17:00",
      time_credits: { spend: "One credit buys a lunch" },
      lat: SALE.lat + 0.0045,
    }),
    asset("cp", {
      kind: "changing_places_toilet",
      name: "Changing Places at the Waterside",
      categories: ["changing_places"],
      changing_places: { hoist: "ceiling_track", adult_bench: true, room_size_m2: 12 },
    }),
    // Far away (Manchester city centre, about 8 km).
    asset("far", { name: "City Choir", categories: ["arts_music"], lat: 53.4808, lng: -2.2426 }),
  ]);
  for (const [i, key] of ["cafe", "cp", "far"].entries()) ids[key] = out[i].id;
  setupCalls = fake.requests.map((r) => `${r.method} ${r.path}`);
});

afterAll(async () => {
  await db.kysely.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
  await fake.stop();
});

beforeEach(() => {
  fake.requests = [];
});

// ------------------------------------------------------------------ tests

describe("Meilisearch adapter (against a fake server)", () => {
  it("creates the index and applies the settings before the first documents", () => {
    const create = setupCalls.indexOf("POST /indexes");
    const settings = setupCalls.indexOf("PATCH /indexes/assets/settings");
    const docs = setupCalls.indexOf("POST /indexes/assets/documents");
    expect(create).toBeGreaterThanOrEqual(0);
    expect(create).toBeLessThan(settings);
    expect(settings).toBeLessThan(docs);
    expect(fake.docs.size).toBe(3);
  });

  it("sets up the index: primary key, searchable, filterable and sortable attributes, typo tolerance", async () => {
    const fresh = new MeiliSearchIndex(db, { host: fake.url, apiKey: "test-key" });
    fake.multiSearch = (body) => ({ results: body.queries.map(() => emptySearch()) });
    await fresh.search(q());
    const [create] = fake.of("POST", "/indexes");
    expect(create.body).toEqual({ uid: "assets", primaryKey: "id" });
    expect(create.auth).toBe("Bearer test-key");
    const [settings] = fake.of("PATCH", "/indexes/assets/settings");
    expect(settings.body).toEqual(MEILI_SETTINGS);
    expect(settings.body.filterableAttributes).toEqual(expect.arrayContaining(["_geo", "kind", "categories", "access", "changing_places_nearby", "is_free", "min_age", "max_age"]));
    expect(settings.body.sortableAttributes).toEqual(["_geo", "name"]);
    expect(settings.body.typoTolerance).toEqual({ enabled: true });
    // Settings are applied before searching.
    const order = fake.requests.map((r) => `${r.method} ${r.path}`);
    expect(order.indexOf("PATCH /indexes/assets/settings")).toBeLessThan(order.indexOf("POST /multi-search"));
  });

  it("builds documents from the database, with ancestor categories and the Changing Places flag", () => {
    const cafe = fake.docs.get(ids.cafe)!;
    expect(cafe).toMatchObject({
      id: ids.cafe,
      kind: "community_group",
      name: "Waterside Café",
      categories: ["cafe", "food"],
      direct_categories: ["cafe"],
      access: ["step_free"],
      changing_places_nearby: true,
      is_free: true,
      time_credits_earn: false,
      time_credits_spend: true,
      min_age: 16,
      max_age: null,
      opening_hours: "Mo-Fr 09:00-17:00",
      is_example: false,
      _geo: { lat: SALE.lat + 0.0045, lng: SALE.lng },
    });
    expect(typeof cafe.seq).toBe("number");
    expect(cafe.keywords).toContain("Café or community meal");
    expect(cafe.keywords).toContain("time credits");
    expect(fake.docs.get(ids.cp)).toMatchObject({ access: ["changing_places"], changing_places_nearby: true, categories: ["changing_places", "toilets"] });
    expect(fake.docs.get(ids.far)).toMatchObject({ changing_places_nearby: false, is_free: null, min_age: null });
  });

  it("sends a write and waits for its task before the write returns", async () => {
    await writeAssets(ctx, [asset("far", { name: "City Choir and Orchestra", categories: ["arts_music"], lat: 53.4808, lng: -2.2426 })]);
    const calls = fake.requests.map((r) => `${r.method} ${r.path}`);
    const add = calls.indexOf("POST /indexes/assets/documents");
    expect(add).toBeGreaterThanOrEqual(0);
    expect(calls.slice(add + 1).some((c) => /^GET \/tasks\/\d+$/.test(c))).toBe(true);
    const [sent] = fake.of("POST", "/indexes/assets/documents");
    expect(sent.query).toBe("?primaryKey=id");
    expect(sent.body.map((d: AssetDocument) => d.name)).toEqual(["City Choir and Orchestra"]);
  });

  it("re-sends the neighbours when a Changing Places toilet moves away, and deletes archived assets", async () => {
    // Move the toilet to Manchester: the café loses its flag, the choir (now within 1 km) gains one.
    await writeAssets(ctx, [
      asset("cp", {
        kind: "changing_places_toilet",
        name: "Changing Places at the Waterside",
        categories: ["changing_places"],
        lat: 53.4838,
        lng: -2.2426,
      }),
    ]);
    const [fetch] = fake.of("POST", "/indexes/assets/documents/fetch");
    expect(fetch.body.filter).toEqual([`id IN ["${ids.cp}"]`, 'access = "changing_places"']);
    const sent = fake.of("POST", "/indexes/assets/documents").flatMap((r) => r.body as AssetDocument[]);
    expect(sent.map((d) => d.id).sort()).toEqual([ids.cafe, ids.cp, ids.far].sort());
    expect(sent.find((d) => d.id === ids.cafe)!.changing_places_nearby).toBe(false);
    expect(sent.find((d) => d.id === ids.far)!.changing_places_nearby).toBe(true);

    fake.requests = [];
    await writeAssets(ctx, [asset("gone", { name: "Short-lived group", status: "archived" })]);
    const [del] = fake.of("POST", "/indexes/assets/documents/delete-batch");
    expect(del.body).toHaveLength(1);
  });

  it("maps a full query to filters, sort, pagination and disjunctive facet queries", async () => {
    fake.multiSearch = (body) => ({
      results: [
        emptySearch({
          hits: [
            {
              id: ids.cafe,
              kind: "community_group",
              name: "Waterside Café",
              summary: "Lunch",
              _geo: { lat: SALE.lat + 0.0045, lng: SALE.lng },
              _geoDistance: 501,
              direct_categories: ["cafe"],
              access: ["step_free"],
              opening_hours: null,
              is_example: false,
            },
          ],
          totalHits: 1,
          facetDistribution: { kind: { community_group: 1 }, categories: { cafe: 1, food: 1 } },
        }),
        emptySearch({ facetDistribution: { kind: { community_group: 1, universal_service: 4 } } }),
        emptySearch({ facetDistribution: { categories: { food: 3, cafe: 1, library: 4 } } }),
      ].slice(0, body.queries.length),
    });
    const result = await index.search(
      q({
        q: "lunch",
        origin: SALE,
        radiusKm: 2.5,
        kinds: ["community_group"],
        categories: ["food"],
        access: ["changing_places", "step_free"],
        free: true,
        timeCredits: "spend",
        age: 16,
        limit: 10,
        page: 2,
      }),
    );
    const [ms] = fake.of("POST", "/multi-search");
    const [main, kindQ, catQ] = ms.body.queries;
    const common = [
      `_geoRadius(${SALE.lat}, ${SALE.lng}, 2500)`,
      '(access IN ["changing_places", "step_free"] OR changing_places_nearby = true)',
      "is_free = true",
      "time_credits_spend = true",
      "(min_age IS NULL OR min_age <= 16)",
      "(max_age IS NULL OR max_age >= 16)",
    ];
    expect(main).toMatchObject({
      indexUid: "assets",
      q: "lunch",
      sort: [`_geoPoint(${SALE.lat}, ${SALE.lng}):asc`],
      facets: ["kind", "categories"],
      page: 2,
      hitsPerPage: 10,
    });
    expect(main.filter).toEqual([common[0], 'kind IN ["community_group"]', 'categories IN ["food"]', ...common.slice(1)]);
    // The kind facet ignores the kind filter, the category facet the category filter.
    expect(kindQ).toMatchObject({ q: "lunch", facets: ["kind"], hitsPerPage: 0 });
    expect(kindQ.filter).toEqual([common[0], 'categories IN ["food"]', ...common.slice(1)]);
    expect(catQ).toMatchObject({ q: "lunch", facets: ["categories"], hitsPerPage: 0 });
    expect(catQ.filter).toEqual([common[0], 'kind IN ["community_group"]', ...common.slice(1)]);

    expect(result.total).toBe(1);
    expect(result.page).toBe(2);
    expect(result.facets.kind).toEqual({ community_group: 1, universal_service: 4 });
    expect(Object.entries(result.facets.category)).toEqual([
      ["library", 4],
      ["food", 3],
      ["cafe", 1],
    ]);
    expect(result.results).toEqual([
      {
        id: ids.cafe,
        kind: "community_group",
        name: "Waterside Café",
        summary: "Lunch",
        lat: SALE.lat + 0.0045,
        lng: SALE.lng,
        distance_km: 0.5,
        categories: ["cafe"],
        access: ["step_free"],
        is_example: false,
        url: `/assets/${ids.cafe}`,
      },
    ]);
  });

  it("sorts by distance without words, by the bbox centre, or by name; one query when no facet filter", async () => {
    fake.multiSearch = (body) => ({ results: body.queries.map(() => emptySearch({ facetDistribution: { kind: { place: 2, community_group: 3 } } })) });
    const r1 = await index.search(q({ origin: SALE }));
    let [main] = fake.of("POST", "/multi-search")[0].body.queries;
    expect(fake.of("POST", "/multi-search")[0].body.queries).toHaveLength(1);
    expect(main.q).toBe("");
    expect(main.sort).toEqual([`_geoPoint(${SALE.lat}, ${SALE.lng}):asc`]);
    expect(main.filter).toEqual([`_geoRadius(${SALE.lat}, ${SALE.lng}, 5000)`]);
    expect(r1.total).toBe(5);

    fake.requests = [];
    await index.search(q({ bbox: [-2.4, 53.4, -2.2, 53.5] }));
    [main] = fake.of("POST", "/multi-search")[0].body.queries;
    expect(main.filter).toEqual(["_geoBoundingBox([53.5, -2.2], [53.4, -2.4])"]);
    expect(main.sort).toEqual(["_geoPoint(53.45, -2.3):asc"]);

    fake.requests = [];
    await index.search(q());
    [main] = fake.of("POST", "/multi-search")[0].body.queries;
    expect(main.sort).toEqual(["name:asc"]);
    expect(main.filter).toEqual([]);

    fake.requests = [];
    await index.search(q({ q: "choir" }));
    [main] = fake.of("POST", "/multi-search")[0].body.queries;
    expect(main.sort).toBeUndefined();

    // Coordinates are written as plain decimals (no 1e-7 near the Greenwich meridian).
    fake.requests = [];
    await index.search(q({ origin: { lat: 51.4779, lng: -0.0000001 } }));
    [main] = fake.of("POST", "/multi-search")[0].body.queries;
    expect(main.filter).toEqual(["_geoRadius(51.4779, -0.0000001, 5000)"]);
  });

  it("works out the distance when Meilisearch sends no _geoDistance", async () => {
    fake.multiSearch = () => ({
      results: [
        emptySearch({
          hits: [{ id: "x", kind: "place", name: "Park", summary: "", _geo: { lat: SALE.lat + 0.009, lng: SALE.lng }, direct_categories: [], access: [], opening_hours: null, is_example: true }],
          facetDistribution: { kind: { place: 1 } },
        }),
      ],
    });
    const r = await index.search(q({ origin: SALE }));
    expect(r.results[0].distance_km).toBe(1);
    expect(r.results[0].is_example).toBe(true);
  });

  it("filters by opening time in JS over a window of hits", async () => {
    const hit = (id: string, hours: string | null) => ({
      id,
      kind: "community_group",
      name: id,
      summary: "",
      _geo: SALE,
      direct_categories: [],
      access: [],
      opening_hours: hours,
      is_example: false,
    });
    fake.multiSearch = () => ({
      results: [
        emptySearch({
          hits: [hit("weekday", "Mo-Fr 09:00-17:00"), hit("weekend", "Sa,Su 10:00-16:00"), hit("unknown", null), hit("evening", "Mo-Su 18:00-22:00")],
          facetDistribution: { kind: { community_group: 4 } },
        }),
      ],
    });
    // Wednesday 6 May 2026, 10:00 UK time.
    const r = await index.search(q({ openAt: parseOpenAt("2026-05-06T10:00")!, limit: 20, page: 1 }));
    const [main] = fake.of("POST", "/multi-search")[0].body.queries;
    expect(main).toMatchObject({ page: 1, hitsPerPage: OPEN_WINDOW });
    expect(r.results.map((h) => h.id)).toEqual(["weekday"]);
    expect(r.results[0].open_now).toBe(true);
    expect(r.total).toBe(1);
  });

  it("clusters the points of the viewport (padded) with supercluster", async () => {
    const points = Array.from({ length: 30 }, (_, i) => ({
      id: `p${i}`,
      kind: "place",
      name: `Point ${i}`,
      _geo: { lat: SALE.lat + (i % 5) * 0.001, lng: SALE.lng + Math.floor(i / 5) * 0.001 },
      opening_hours: null,
    }));
    points.push({ id: "lonely", kind: "community_group", name: "Lonely", _geo: { lat: 53.6, lng: -2.0 }, opening_hours: null });
    fake.search = () => emptySearch({ hits: points, totalHits: points.length });
    const features = await index.clusters(q({ kinds: ["place", "community_group"] }), [-2.6, 53.3, -1.9, 53.7], 10);
    const [req] = fake.of("POST", "/indexes/assets/search");
    expect(req.body).toMatchObject({ q: "", page: 1, hitsPerPage: CLUSTER_CAP });
    // The viewport [-2.6, 53.3, -1.9, 53.7] padded by a quarter of its size on each side.
    const box = /^_geoBoundingBox\(\[(.+), (.+)\], \[(.+), (.+)\]\)$/.exec(req.body.filter[0])!.slice(1).map(Number);
    [53.8, -1.725, 53.2, -2.775].forEach((v, i) => expect(box[i]).toBeCloseTo(v, 6));
    expect(req.body.filter[1]).toBe('kind IN ["place", "community_group"]');
    const cluster = features.find((f) => f.type === "cluster");
    expect(cluster).toMatchObject({ type: "cluster", count: 30 });
    expect(features.find((f) => f.type === "asset")).toMatchObject({ id: "lonely", url: "/assets/lonely", kind: "community_group" });
  });

  it("rebuilds: deletes everything and re-sends every active asset", async () => {
    const n = await index.rebuild();
    expect(n).toBe(3);
    const calls = fake.requests.map((r) => `${r.method} ${r.path}`);
    expect(calls.indexOf("DELETE /indexes/assets/documents")).toBeLessThan(calls.indexOf("POST /indexes/assets/documents"));
    expect(fake.docs.size).toBe(3);
  });

  it("reports a failed task and keeps the ids for the next write", async () => {
    fake.failNextTask = true;
    await expect(writeAssets(ctx, [asset("cafe2", { name: "Second café" })])).rejects.toThrow(/could not add documents.*boom/);
    fake.requests = [];
    await writeAssets(ctx, [asset("cafe3", { name: "Third café" })]);
    const sent = fake.of("POST", "/indexes/assets/documents").flatMap((r) => r.body as AssetDocument[]);
    expect(sent.map((d) => d.name).sort()).toEqual(["Second café", "Third café"]);
  });
});
