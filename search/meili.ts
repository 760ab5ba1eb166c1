// The Meilisearch adapter: the same SearchIndex, for deployments that outgrow one machine
// (MEILI_HOST, MEILI_API_KEY). The SQLite database stays the source of truth; the documents in
// Meilisearch are built from it and `npm run reindex` (rebuild()) re-sends them all.
//
// HONESTY NOTE: no Meilisearch server was available where this was written (no network). The
// adapter is tested against a fake HTTP server that records the requests the `meilisearch` client
// makes and answers with canned, Meilisearch-shaped responses (tests/unit/meili.test.ts). The
// filter, sort and facet syntax follows the Meilisearch documentation (v1.x) but has NOT been run
// against a live Meilisearch. Try it against a real server before relying on it.
//
// How it maps the contract, and where it differs from the embedded index
// (docs/decisions/meili-adapter.md has the reasoning):
// - Filters become Meilisearch filter expressions: `_geoRadius(lat, lng, metres)` for the origin,
//   `_geoBoundingBox([n, e], [s, w])` for bbox, `kind IN [...]`, `categories IN [...]` (documents
//   carry every category with its ancestors, so a parent matches its children), `access IN [...]`,
//   `is_free = true`, `time_credits_earn = true`, and the age range with `IS NULL`.
// - `access=changing_places` is met by a venue with one on site or a Changing Places toilet within
//   1 km (CONTRACTS). Meilisearch cannot express "another document nearby", so each document has a
//   precomputed `changing_places_nearby` flag; when a toilet is added, moved or removed, the
//   documents around its old and new places are re-sent.
// - Order: without words, by distance (`_geoPoint(lat, lng):asc`) or by name; with words,
//   Meilisearch's relevance with distance as its `sort` tie-break (the embedded index blends the
//   two into one score instead).
// - Facets are disjunctive: when a kind (or category) filter is set, one more query in the same
//   multi-search request counts that facet without its own filter.
// - `open_at` / `open_now`: Meilisearch cannot evaluate opening hours, so the adapter fetches up to
//   OPEN_WINDOW best hits and keeps the open ones in JS. Past that window the list is cut short,
//   `total` counts only what was fetched, and the facets are not narrowed by the time.
// - clusters() fetches at most CLUSTER_CAP points around the viewport and clusters them with
//   supercluster; past the cap the counts are too low. The embedded index clusters everything.
// - Typo tolerance and prefix matching are Meilisearch's own (prefix on the last word only);
//   there are no `corrections` in the result.
// - rebuild() empties the index and re-sends every document: searches during a rebuild see a
//   partial index. (Zero downtime would need a second index and `swapIndexes`; not done.)
import { buildClusterIndex, clusterFeatures } from "./clusters";
import { Meilisearch, type Filter, type Index, type MultiSearchQuery, type SearchResponse, type Task } from "meilisearch";
import type { Db, Executor } from "../db/index";
import { findAccessRows, findCategoryRows, findDocumentRows, listActiveAssetIds, listActivePoints, listChangingPlacesPoints } from "./documents";
import { distanceKm, roundKm, type BBox } from "../app/core/geo";
import { isOpenAt, ukWallClock } from "../app/core/hours";
import { ACCESS_LABELS, CHANGING_PLACES_NEARBY_KM, KIND_LABELS, categoryLabel, type AccessFeature, type Kind } from "../app/core/taxonomy";
import { assetUrl, type ClusterFeature, type SearchHit, type SearchIndex, type SearchQuery, type SearchResult } from "./types";

/** How many best hits are fetched when results must be filtered by opening time in JS. */
export const OPEN_WINDOW = 1000;
/** How many points clusters() fetches at most. Must not exceed MAX_TOTAL_HITS. */
export const CLUSTER_CAP = 10_000;
/** Meilisearch's pagination.maxTotalHits for this index. */
const MAX_TOTAL_HITS = 10_000;
const BATCH = 1000;

/** One asset as a Meilisearch document. */
export interface AssetDocument {
  id: string;
  seq: number;
  kind: string;
  name: string;
  summary: string;
  description: string;
  locality: string | null;
  address: string | null;
  /** Labels of the kind, categories and access features, and "time credits" / "free": words people search with. */
  keywords: string;
  /** Every category, with its ancestors (for filters and facets). */
  categories: string[];
  /** The categories given on the record (what results show). */
  direct_categories: string[];
  access: string[];
  /** A Changing Places toilet within 1 km (or on site). */
  changing_places_nearby: boolean;
  is_free: boolean | null;
  time_credits_earn: boolean;
  time_credits_spend: boolean;
  min_age: number | null;
  max_age: number | null;
  opening_hours: string | null;
  is_example: boolean;
  _geo: { lat: number; lng: number };
}

/** The fields a search hit needs. */
const HIT_FIELDS = ["id", "kind", "name", "summary", "_geo", "direct_categories", "access", "opening_hours", "is_example"];

export const MEILI_SETTINGS = {
  searchableAttributes: ["name", "summary", "keywords", "description", "locality", "address"],
  filterableAttributes: [
    "id",
    "kind",
    "categories",
    "access",
    "changing_places_nearby",
    "is_free",
    "time_credits_earn",
    "time_credits_spend",
    "min_age",
    "max_age",
    "is_example",
    "_geo",
  ],
  sortableAttributes: ["_geo", "name"],
  typoTolerance: { enabled: true },
  pagination: { maxTotalHits: MAX_TOTAL_HITS },
  faceting: { maxValuesPerFacet: 200 },
};

export interface MeiliOptions {
  host: string;
  apiKey?: string;
  /** The index name (default "assets"). */
  indexUid?: string;
  /** How long to wait for a Meilisearch task (default 30 s). */
  taskTimeoutMs?: number;
}

type HitDoc = Pick<AssetDocument, "id" | "kind" | "name" | "summary" | "_geo" | "direct_categories" | "access" | "opening_hours" | "is_example"> & {
  _geoDistance?: number;
};

export class MeiliSearchIndex implements SearchIndex {
  readonly name = "meilisearch" as const;
  private readonly client: Meilisearch;
  private readonly index: Index<AssetDocument>;
  private readonly uid: string;
  private readonly taskTimeout: number;
  /** Ids written in transactions whose documents have not been sent yet. */
  private pending = new Set<string>();
  private setup: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    opts: MeiliOptions,
  ) {
    this.client = new Meilisearch({ host: opts.host, apiKey: opts.apiKey });
    this.uid = opts.indexUid ?? "assets";
    this.index = this.client.index<AssetDocument>(this.uid);
    this.taskTimeout = opts.taskTimeoutMs ?? 30_000;
  }

  // ---------------------------------------------------------------- set-up and writing

  /** Create the index (if needed) and apply the settings, once per process. */
  private ready(): Promise<void> {
    if (!this.setup) {
      this.setup = (async () => {
        const created = await this.client.createIndex(this.uid, { primaryKey: "id" }).waitTask({ timeout: this.taskTimeout });
        if (created.status === "failed" && created.error?.code !== "index_already_exists") check(created, "create the index");
        check(await this.index.updateSettings(MEILI_SETTINGS).waitTask({ timeout: this.taskTimeout }), "update the settings");
      })();
      this.setup.catch(() => {
        this.setup = null;
      });
    }
    return this.setup;
  }

  async indexInTransaction(_tx: Executor, ids: string[]): Promise<void> {
    // Nothing to do inside the transaction: remember the ids; afterCommit sends them.
    for (const id of ids) this.pending.add(id);
  }

  /** Send the changed documents and wait until Meilisearch has applied them. */
  async afterCommit(ids: string[]): Promise<void> {
    const all = new Set([...this.pending, ...ids]);
    this.pending.clear();
    if (all.size === 0) return;
    try {
      await this.ready();
      const changed = [...all];
      // Changing Places toilets that were (according to the index) or are (according to the
      // database) among the changed assets: the flags of everything around them may change.
      const toilets = [...(await this.storedToiletPositions(changed))];
      const nearby = await loadChangingPlaces(this.db);
      const { docs, gone } = await this.documents(changed, nearby);
      for (const d of docs) if (d.access.includes("changing_places")) toilets.push(d._geo);
      if (toilets.length) {
        const around = (await assetsNear(this.db, toilets, CHANGING_PLACES_NEARBY_KM)).filter((id) => !all.has(id));
        docs.push(...(await this.documents(around, nearby)).docs);
      }
      for (let i = 0; i < docs.length; i += BATCH) {
        check(await this.index.addDocuments(docs.slice(i, i + BATCH), { primaryKey: "id" }).waitTask({ timeout: this.taskTimeout }), "add documents");
      }
      if (gone.length) check(await this.index.deleteDocuments(gone).waitTask({ timeout: this.taskTimeout }), "delete documents");
    } catch (e) {
      // Keep them for the next write (or a rebuild) and let the caller know.
      for (const id of all) this.pending.add(id);
      throw e;
    }
  }

  async rebuild(): Promise<number> {
    await this.ready();
    check(await this.index.deleteAllDocuments().waitTask({ timeout: this.taskTimeout }), "delete all documents");
    const nearby = await loadChangingPlaces(this.db);
    const ids = await listActiveAssetIds(this.db.kysely);
    let count = 0;
    for (let i = 0; i < ids.length; i += BATCH) {
      const { docs } = await this.documents(ids.slice(i, i + BATCH), nearby);
      check(await this.index.addDocuments(docs, { primaryKey: "id" }).waitTask({ timeout: this.taskTimeout }), "add documents");
      count += docs.length;
    }
    this.pending.clear();
    return count;
  }

  /** Where the index has Changing Places toilets among these ids (before the change is sent). */
  private async storedToiletPositions(ids: string[]): Promise<{ lat: number; lng: number }[]> {
    const out: { lat: number; lng: number }[] = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      const chunk = ids.slice(i, i + BATCH);
      const res = await this.index.getDocuments<Pick<AssetDocument, "id" | "_geo">>({
        filter: [`id IN [${chunk.map(quote).join(", ")}]`, `access = ${quote("changing_places")}`],
        fields: ["id", "_geo"],
        limit: chunk.length,
      });
      for (const d of res.results) if (d._geo) out.push(d._geo);
    }
    return out;
  }

  /** Documents for these ids from the database; ids that are archived or gone are listed apart. */
  async documents(ids: string[], nearby: PointGrid): Promise<{ docs: AssetDocument[]; gone: string[] }> {
    const docs: AssetDocument[] = [];
    const found = new Set<string>();
    const db = this.db.kysely;
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = await findDocumentRows(db, chunk);
      const cats = groupBy(await findCategoryRows(db, chunk));
      const access = groupBy(await findAccessRows(db, chunk));
      for (const a of rows) {
        if (a.status !== "active") continue;
        found.add(a.id);
        const categories = (cats.get(a.id) ?? []).map((c) => c.category);
        const features = (access.get(a.id) ?? []).map((f) => f.feature);
        docs.push({
          id: a.id,
          seq: a.seq,
          kind: a.kind,
          name: a.name,
          summary: a.summary,
          description: a.description,
          locality: a.locality,
          address: a.address,
          keywords: [
            KIND_LABELS[a.kind as Kind] ?? a.kind,
            ...categories.map(categoryLabel),
            ...features.map((f) => ACCESS_LABELS[f as AccessFeature] ?? f),
            a.time_credits_earn || a.time_credits_spend ? "time credits" : "",
            a.is_free === 1 ? "free" : "",
          ]
            .filter(Boolean)
            .join(" "),
          categories,
          direct_categories: (cats.get(a.id) ?? []).filter((c) => c.direct === 1).map((c) => c.category),
          access: features,
          changing_places_nearby: features.includes("changing_places") || nearby.anyWithin(a.lat, a.lng, CHANGING_PLACES_NEARBY_KM),
          is_free: a.is_free === null ? null : a.is_free === 1,
          time_credits_earn: a.time_credits_earn !== null,
          time_credits_spend: a.time_credits_spend !== null,
          min_age: a.min_age,
          max_age: a.max_age,
          opening_hours: a.opening_hours,
          is_example: a.is_example === 1,
          _geo: { lat: a.lat, lng: a.lng },
        });
      }
    }
    return { docs, gone: ids.filter((id) => !found.has(id)) };
  }

  // ---------------------------------------------------------------- reading

  /** The filter expressions (ANDed) for a query; `omit` leaves one out for a disjunctive facet. */
  filters(query: SearchQuery, opts: { omit?: "kind" | "category"; bbox?: BBox | null } = {}): string[] {
    const f: string[] = [];
    if (query.origin) f.push(`_geoRadius(${num(query.origin.lat)}, ${num(query.origin.lng)}, ${Math.round(query.radiusKm * 1000)})`);
    const bbox = opts.bbox === undefined ? query.bbox : opts.bbox;
    if (bbox) f.push(geoBoundingBox(bbox));
    if (opts.omit !== "kind" && query.kinds.length) f.push(`kind IN [${query.kinds.map(quote).join(", ")}]`);
    if (opts.omit !== "category" && query.categories.length) f.push(`categories IN [${query.categories.map(quote).join(", ")}]`);
    if (query.access.length) {
      const onSite = `access IN [${query.access.map(quote).join(", ")}]`;
      f.push(query.access.includes("changing_places") ? `(${onSite} OR changing_places_nearby = true)` : onSite);
    }
    if (query.free) f.push("is_free = true");
    if (query.timeCredits === "earn") f.push("time_credits_earn = true");
    if (query.timeCredits === "spend") f.push("time_credits_spend = true");
    if (query.age !== undefined) f.push(`(min_age IS NULL OR min_age <= ${query.age})`, `(max_age IS NULL OR max_age >= ${query.age})`);
    return f;
  }

  /** The sort: distance from the origin (or the bbox centre) when there is one, else name without words. */
  sort(query: SearchQuery): string[] | undefined {
    if (query.origin) return [`_geoPoint(${num(query.origin.lat)}, ${num(query.origin.lng)}):asc`];
    if (query.q) return undefined;
    if (query.bbox) return [`_geoPoint(${num((query.bbox[1] + query.bbox[3]) / 2)}, ${num((query.bbox[0] + query.bbox[2]) / 2)}):asc`];
    return ["name:asc"];
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    await this.ready();
    const q = query.q ?? "";
    const windowed = query.openAt !== undefined;
    const main: MultiSearchQuery = {
      indexUid: this.uid,
      q,
      filter: this.filters(query) as Filter,
      facets: ["kind", "categories"],
      attributesToRetrieve: HIT_FIELDS,
      page: windowed ? 1 : query.page,
      hitsPerPage: windowed ? OPEN_WINDOW : query.limit,
    };
    const sort = this.sort(query);
    if (sort) main.sort = sort;
    const queries: MultiSearchQuery[] = [main];
    // Disjunctive facets: count a facet without its own filter.
    if (query.kinds.length) queries.push({ indexUid: this.uid, q, filter: this.filters(query, { omit: "kind" }) as Filter, facets: ["kind"], hitsPerPage: 0, page: 1 });
    if (query.categories.length) {
      queries.push({ indexUid: this.uid, q, filter: this.filters(query, { omit: "category" }) as Filter, facets: ["categories"], hitsPerPage: 0, page: 1 });
    }
    const { results } = (await this.client.multiSearch({ queries })) as { results: SearchResponse<HitDoc>[] };
    const [mainRes] = results;
    const kindRes = query.kinds.length ? results[1] : mainRes;
    const catRes = query.categories.length ? results[queries.length - 1] : mainRes;

    const kindFacet: Record<string, number> = { ...(kindRes.facetDistribution?.kind ?? {}) };
    const categoryFacet = Object.fromEntries(
      Object.entries(catRes.facetDistribution?.categories ?? {}).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
    );

    const now = query.openAt ?? ukWallClock();
    let hits = mainRes.hits;
    let total: number;
    if (windowed) {
      // Opening hours are evaluated here, over the best OPEN_WINDOW hits (see the note at the top).
      hits = hits.filter((h) => isOpenAt(h.opening_hours, now) === true);
      total = hits.length;
      hits = hits.slice((query.page - 1) * query.limit, query.page * query.limit);
    } else {
      // The same count as the embedded index: the kind facet over the chosen kinds (exact, and not
      // capped by maxTotalHits like totalHits is).
      total = query.kinds.length ? query.kinds.reduce((s, k) => s + (kindFacet[k] ?? 0), 0) : Object.values(kindFacet).reduce((s, n) => s + n, 0);
    }
    return { total, page: query.page, results: hits.map((h) => toHit(h, query, now)), facets: { kind: kindFacet, category: categoryFacet } };
  }

  async clusters(query: SearchQuery, bbox: BBox, zoom: number): Promise<ClusterFeature[]> {
    await this.ready();
    // Points a little beyond the viewport too, so that clusters at its edges are not cut in half.
    const w = (bbox[2] - bbox[0]) / 4;
    const h = (bbox[3] - bbox[1]) / 4;
    const padded: BBox = [Math.max(-180, bbox[0] - w), Math.max(-90, bbox[1] - h), Math.min(180, bbox[2] + w), Math.min(90, bbox[3] + h)];
    // Like the embedded index, the query's own bbox is not applied: the viewport decides.
    const res = await this.index.search<HitDoc>(query.q ?? "", {
      filter: this.filters(query, { bbox: padded }) as Filter,
      attributesToRetrieve: ["id", "kind", "name", "_geo", "opening_hours"],
      page: 1,
      hitsPerPage: CLUSTER_CAP,
    });
    const now = query.openAt;
    const points = now ? res.hits.filter((p) => isOpenAt(p.opening_hours, now) === true) : res.hits;
    const index = buildClusterIndex(points.map((p) => ({ id: p.id, kind: p.kind as Kind, name: p.name, lat: p._geo.lat, lng: p._geo.lng })));
    return clusterFeatures(index, bbox, zoom);
  }
}

// ------------------------------------------------------------------ helpers

function toHit(h: HitDoc, query: SearchQuery, now: Date): SearchHit {
  const hit: SearchHit = {
    id: h.id,
    kind: h.kind as Kind,
    name: h.name,
    summary: h.summary,
    lat: h._geo.lat,
    lng: h._geo.lng,
    categories: h.direct_categories ?? [],
    access: h.access ?? [],
    is_example: h.is_example === true,
    url: assetUrl(h.id),
  };
  if (query.origin) {
    // `_geoDistance` (metres) comes with a `_geoPoint` sort; work it out if it is missing.
    const km = typeof h._geoDistance === "number" ? h._geoDistance / 1000 : distanceKm(query.origin.lat, query.origin.lng, h._geo.lat, h._geo.lng);
    hit.distance_km = roundKm(km);
  }
  const open = isOpenAt(h.opening_hours, now);
  if (open !== null) hit.open_now = open;
  return hit;
}

/** A Meilisearch filter string literal. */
function quote(value: string): string {
  return JSON.stringify(value);
}

/** `_geoBoundingBox([top, right], [bottom, left])` from [minLng, minLat, maxLng, maxLat]. */
function geoBoundingBox(b: BBox): string {
  return `_geoBoundingBox([${num(b[3])}, ${num(b[2])}], [${num(b[1])}, ${num(b[0])}])`;
}

/** A coordinate as the filter parser reads it: plain decimals, never `1e-7` (Greenwich is at 0°). */
function num(v: number): string {
  const s = v.toFixed(7);
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

function check(task: Task, what: string): Task {
  if (task.status !== "succeeded") {
    throw new Error(`Meilisearch could not ${what}: task ${task.uid} ${task.status}${task.error ? ` (${task.error.code}: ${task.error.message})` : ""}`);
  }
  return task;
}

function groupBy<T extends { asset_id: string }>(rows: T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const list = m.get(r.asset_id);
    if (list) list.push(r);
    else m.set(r.asset_id, [r]);
  }
  return m;
}

/** Points in a coarse grid, to answer "is one of them within d km?" quickly. */
export class PointGrid {
  private cells = new Map<string, { lat: number; lng: number }[]>();
  // 0.02° of latitude is about 2.2 km; 0.04° of longitude is at least that in Great Britain.
  private static readonly DLAT = 0.02;
  private static readonly DLNG = 0.04;

  constructor(points: { lat: number; lng: number }[]) {
    for (const p of points) {
      const key = PointGrid.key(Math.floor(p.lat / PointGrid.DLAT), Math.floor(p.lng / PointGrid.DLNG));
      const list = this.cells.get(key);
      if (list) list.push(p);
      else this.cells.set(key, [p]);
    }
  }

  private static key(i: number, j: number): string {
    return `${i}:${j}`;
  }

  get size(): number {
    let n = 0;
    for (const l of this.cells.values()) n += l.length;
    return n;
  }

  /** True when a point lies within `km` (at most about 2 km: the neighbouring cells are searched). */
  anyWithin(lat: number, lng: number, km: number): boolean {
    const i = Math.floor(lat / PointGrid.DLAT);
    const j = Math.floor(lng / PointGrid.DLNG);
    for (let di = -1; di <= 1; di++) {
      for (let dj = -1; dj <= 1; dj++) {
        for (const p of this.cells.get(PointGrid.key(i + di, j + dj)) ?? []) if (distanceKm(lat, lng, p.lat, p.lng) <= km) return true;
      }
    }
    return false;
  }
}

/** Active assets with a Changing Places toilet, as a grid. */
export async function loadChangingPlaces(db: Db): Promise<PointGrid> {
  return new PointGrid(await listChangingPlacesPoints(db.kysely));
}

/** Ids of active assets within `km` of any of the points (one pass over the assets table). */
export async function assetsNear(db: Db, points: { lat: number; lng: number }[], km: number): Promise<string[]> {
  const grid = new PointGrid(points);
  const out: string[] = [];
  for (const a of await listActivePoints(db.kysely)) {
    if (grid.anyWithin(a.lat, a.lng, km)) out.push(a.id);
  }
  return out;
}
