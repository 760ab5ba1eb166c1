// The embedded search index on SQLite: FTS5 for words, an R*Tree for places, exact distance
// re-checked with the haversine formula. Lives in the same database file as the records, so
// index updates are part of the write transaction.
import type Supercluster from "supercluster";
import type { Statement } from "better-sqlite3";
import { sql } from "kysely";
import type { Db, Executor } from "../db/index";
import { bboxAround, distanceKm, roundKm, type BBox } from "../app/core/geo";
import { isOpenAt, ukWallClock } from "../app/core/hours";
import { ACCESS_LABELS, CHANGING_PLACES_NEARBY_KM, KIND_LABELS, categoryLabel, type AccessFeature, type Kind } from "../app/core/taxonomy";
import { Vocabulary, tokenize } from "./text";
import { buildClusterIndex, clusterFeatures } from "./clusters";
import { assetUrl, type ClusterFeature, type SearchHit, type SearchIndex, type SearchQuery, type SearchResult } from "./types";

/** A filter that build() leaves out (for disjunctive facets). */
type Omit_ = "kind" | "category" | null;

interface Built {
  from: string;
  where: string[];
  params: unknown[];
  /** SQL for the distance column, when there is an origin. */
  dist: string | null;
  distParams: unknown[];
  hasText: boolean;
}

interface PageRow {
  seq: number;
  id: string;
  kind: Kind;
  name: string;
  summary: string;
  lat: number;
  lng: number;
  is_example: number;
  opening_hours: string | null;
  d?: number;
}

interface IndexRow {
  seq: number;
  id: string;
  kind: Kind;
  name: string;
  summary: string;
  description: string;
  locality: string | null;
  address: string | null;
  lat: number;
  lng: number;
  status: string;
  time_credits_earn: string | null;
  time_credits_spend: string | null;
  is_free: number | null;
}

/** Values of (asset_id, v) rows by asset id, in row order. */
function group(rows: { asset_id: string; v: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const list = out.get(r.asset_id);
    if (list) list.push(r.v);
    else out.set(r.asset_id, [r.v]);
  }
  return out;
}

const BM25 = "bm25(asset_fts, 10.0, 4.0, 3.0, 1.0, 2.0)";
// Degrees of longitude that surely cover 1 km anywhere in Great Britain (cos 61° ≈ 0.48).
const NEARBY_DLAT = CHANGING_PLACES_NEARBY_KM / 111.0 + 0.0005;
const NEARBY_DLNG = CHANGING_PLACES_NEARBY_KM / (111.0 * 0.45) + 0.0005;

export class SqliteSearchIndex implements SearchIndex {
  readonly name = "sqlite" as const;
  private statements = new Map<string, Statement>();
  private vocabulary: Vocabulary | null = null;
  /** Bumped on every index change; cached clusters are keyed by it. */
  private generation = 0;
  private clusterCache = new Map<string, { gen: number; index: Supercluster; built: number }>();

  constructor(private readonly db: Db) {
    db.sqlite.function("rw_dist", { deterministic: true }, (lat1, lng1, lat2, lng2) =>
      distanceKm(Number(lat1), Number(lng1), Number(lat2), Number(lng2)),
    );
    // Many assets share the same hours text: answer each text once per moment asked about.
    let openMoment = NaN;
    const openByHours = new Map<string, number>();
    db.sqlite.function("rw_open", { deterministic: true }, (hours, wallMs) => {
      if (Number(wallMs) !== openMoment || openByHours.size > 10_000) {
        openMoment = Number(wallMs);
        openByHours.clear();
      }
      const key = String(hours);
      let open = openByHours.get(key);
      if (open === undefined) {
        open = isOpenAt(hours as string | null, new Date(openMoment)) === true ? 1 : 0;
        openByHours.set(key, open);
      }
      return open;
    });
    // The rows that match a search (every filter but the category filter, which is a column),
    // computed once per search; the page, the total and the facets are read from it.
    // Connection-private (TEMP), emptied after each search.
    db.sqlite.exec(`CREATE TEMP TABLE IF NOT EXISTS rw_search_hits (
      seq INTEGER PRIMARY KEY, id TEXT NOT NULL, kind TEXT NOT NULL, rank REAL, d REAL, in_categories INTEGER NOT NULL)`);
  }

  private stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.sqlite.prepare(sql);
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(sql, s);
    }
    return s;
  }

  // ---------------------------------------------------------------- writing

  /**
   * Runs its statements on `tx` (Kysely's `sql`, as search/embedded.sqlite.ts is the SQLite dialect file),
   * so they are part of the caller's write transaction. A batch at a time: a few statements per
   * 500 assets, not per asset.
   */
  async indexInTransaction(tx: Executor, ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) await this.indexBatch(tx, ids.slice(i, i + 500));
    this.generation++;
  }

  private async indexBatch(tx: Executor, ids: string[]): Promise<void> {
    const { rows } = await sql<IndexRow>`
      SELECT seq, id, kind, name, summary, description, locality, address, lat, lng, status, time_credits_earn, time_credits_spend, is_free
      FROM assets WHERE id IN (${sql.join(ids)})`.execute(tx);
    if (!rows.length) return;
    const seqs = sql.join(rows.map((a) => a.seq));
    await sql`DELETE FROM asset_fts WHERE rowid IN (${seqs})`.execute(tx);
    await sql`DELETE FROM asset_rtree WHERE seq IN (${seqs})`.execute(tx);
    await sql`DELETE FROM asset_cp_rtree WHERE seq IN (${seqs})`.execute(tx);
    const active = rows.filter((a) => a.status === "active");
    if (!active.length) return;
    const activeIds = sql.join(active.map((a) => a.id));
    const cats = group(
      (await sql<{ asset_id: string; v: string }>`
        SELECT asset_id, category AS v FROM asset_categories WHERE asset_id IN (${activeIds}) ORDER BY asset_id, category`.execute(tx)).rows,
    );
    const access = group(
      (await sql<{ asset_id: string; v: string }>`
        SELECT asset_id, feature AS v FROM asset_access WHERE asset_id IN (${activeIds}) ORDER BY asset_id, feature`.execute(tx)).rows,
    );
    const fts = [];
    const tree = [];
    const cpTree = [];
    const terms = new Set<string>();
    for (const a of active) {
      const features = access.get(a.id) ?? [];
      const keywords = [
        KIND_LABELS[a.kind] ?? a.kind,
        ...(cats.get(a.id) ?? []).map(categoryLabel),
        ...features.map((f) => ACCESS_LABELS[f as AccessFeature] ?? f),
        a.time_credits_earn || a.time_credits_spend ? "time credits" : "",
        a.is_free === 1 ? "free" : "",
      ].join(" ");
      const locality = [a.locality, a.address].filter(Boolean).join(" ");
      fts.push(sql`(${a.seq}, ${a.name}, ${a.summary}, ${keywords}, ${a.description}, ${locality})`);
      const box = sql`(${a.seq}, ${a.lng}, ${a.lng}, ${a.lat}, ${a.lat})`;
      tree.push(box);
      if (features.includes("changing_places")) cpTree.push(box);
      for (const t of tokenize(`${a.name} ${a.summary} ${keywords} ${a.description} ${locality}`)) {
        if (t.length >= 3 && t.length <= 30 && !/^\d+$/.test(t)) terms.add(t);
      }
    }
    await sql`INSERT INTO asset_fts (rowid, name, summary, keywords, description, locality) VALUES ${sql.join(fts)}`.execute(tx);
    await sql`INSERT INTO asset_rtree (seq, min_lng, max_lng, min_lat, max_lat) VALUES ${sql.join(tree)}`.execute(tx);
    if (cpTree.length) await sql`INSERT INTO asset_cp_rtree (seq, min_lng, max_lng, min_lat, max_lat) VALUES ${sql.join(cpTree)}`.execute(tx);
    const list = [...terms];
    for (let i = 0; i < list.length; i += 2000) {
      await sql`INSERT OR IGNORE INTO search_terms (term) VALUES ${sql.join(list.slice(i, i + 2000).map((t) => sql`(${t})`))}`.execute(tx);
    }
    if (this.vocabulary) for (const t of list) this.vocabulary.add(t);
  }

  async afterCommit(): Promise<void> {
    // Nothing to do: the embedded index changed inside the transaction.
  }

  async rebuild(): Promise<number> {
    const count = await this.db.kysely.transaction().execute(async (tx) => {
      await sql`DELETE FROM asset_fts`.execute(tx);
      await sql`DELETE FROM asset_rtree`.execute(tx);
      await sql`DELETE FROM asset_cp_rtree`.execute(tx);
      await sql`DELETE FROM search_terms`.execute(tx);
      this.vocabulary = null;
      const { rows } = await sql<{ id: string }>`SELECT id FROM assets WHERE status = 'active'`.execute(tx);
      const ids = rows.map((r) => r.id);
      for (let i = 0; i < ids.length; i += 500) await this.indexInTransaction(tx, ids.slice(i, i + 500));
      return ids.length;
    });
    await sql`INSERT INTO asset_fts(asset_fts) VALUES ('optimize')`.execute(this.db.kysely);
    this.clusterCache.clear();
    return count;
  }

  // ---------------------------------------------------------------- reading

  private vocab(): Vocabulary {
    if (!this.vocabulary) {
      const v = new Vocabulary();
      for (const t of this.stmt("SELECT term FROM search_terms").pluck().all() as string[]) v.add(t);
      this.vocabulary = v;
    }
    return this.vocabulary;
  }

  /** Turn words into an FTS5 query: every word as a prefix, typos widened to close known words. */
  private ftsQuery(q: string): { match: string | null; corrections: Record<string, string> } {
    const tokens = tokenize(q).slice(0, 12);
    const corrections: Record<string, string> = {};
    if (tokens.length === 0) return { match: null, corrections };
    const vocab = this.vocab();
    const parts = tokens.map((t) => {
      const quoted = `"${t.replace(/"/g, '""')}"`;
      if (vocab.hasPrefix(t) || t.length < 4) return `${quoted}*`;
      const alts = vocab.corrections(t);
      if (alts.length === 0) return `${quoted}*`;
      corrections[t] = alts[0];
      return `(${[`${quoted}*`, ...alts.map((a) => `"${a}"`)].join(" OR ")})`;
    });
    return { match: parts.join(" AND "), corrections };
  }

  private build(query: SearchQuery, omit: Omit_, match: string | null, ignoreBBox = false): Built {
    const where: string[] = ["a.status = 'active'"];
    const params: unknown[] = [];
    let from = "assets a";
    const hasText = match !== null;
    const fromParams: unknown[] = [];
    if (match !== null) {
      from = `(SELECT rowid AS seq, ${BM25} AS rank FROM asset_fts WHERE asset_fts MATCH ?) f JOIN assets a ON a.seq = f.seq`;
      fromParams.push(match);
    }
    // Places: the origin's radius and/or the bbox narrow the R*Tree lookup.
    let box: BBox | null = null;
    if (query.origin) box = bboxAround(query.origin.lat, query.origin.lng, query.radiusKm);
    if (query.bbox && !ignoreBBox) {
      box = box
        ? [Math.max(box[0], query.bbox[0]), Math.max(box[1], query.bbox[1]), Math.min(box[2], query.bbox[2]), Math.min(box[3], query.bbox[3])]
        : query.bbox;
    }
    if (box) {
      // With words, test the FTS row id (`+f.seq`) so that rows outside the box are dropped before
      // the join with assets and before bm25 is computed. The unary `+` keeps SQLite from handing
      // the IN list to FTS5 as row-id lookups (one full FTS query per id: very slow).
      const seq = hasText ? "+f.seq" : "a.seq";
      where.push(`${seq} IN (SELECT seq FROM asset_rtree WHERE max_lng >= ? AND min_lng <= ? AND max_lat >= ? AND min_lat <= ?)`);
      params.push(box[0], box[2], box[1], box[3]);
    }
    let dist: string | null = null;
    const distParams: unknown[] = [];
    if (query.origin) {
      dist = "rw_dist(?, ?, a.lat, a.lng)";
      distParams.push(query.origin.lat, query.origin.lng);
      where.push(`${dist} <= ?`);
      params.push(query.origin.lat, query.origin.lng, query.radiusKm);
    }
    if (omit !== "kind" && query.kinds.length) {
      where.push(`a.kind IN (${query.kinds.map(() => "?").join(",")})`);
      params.push(...query.kinds);
    }
    if (omit !== "category" && query.categories.length) {
      where.push(categoryTest(query.categories));
      params.push(...query.categories);
    }
    if (query.access.length) {
      const alternatives: string[] = [];
      alternatives.push(
        `EXISTS (SELECT 1 FROM asset_access x WHERE x.asset_id = a.id AND x.feature IN (${query.access.map(() => "?").join(",")}))`,
      );
      params.push(...query.access);
      if (query.access.includes("changing_places")) {
        // asset_cp_rtree holds only the indexed assets with a Changing Places toilet.
        alternatives.push(`EXISTS (
          SELECT 1 FROM asset_cp_rtree r CROSS JOIN assets t ON t.seq = r.seq
          WHERE r.max_lng >= a.lng - ${NEARBY_DLNG} AND r.min_lng <= a.lng + ${NEARBY_DLNG}
            AND r.max_lat >= a.lat - ${NEARBY_DLAT} AND r.min_lat <= a.lat + ${NEARBY_DLAT}
            AND rw_dist(a.lat, a.lng, t.lat, t.lng) <= ${CHANGING_PLACES_NEARBY_KM})`);
      }
      where.push(`(${alternatives.join(" OR ")})`);
    }
    if (query.free) where.push("a.is_free = 1");
    if (query.timeCredits === "earn") where.push("a.time_credits_earn IS NOT NULL");
    if (query.timeCredits === "spend") where.push("a.time_credits_spend IS NOT NULL");
    if (query.age !== undefined) {
      where.push("(a.min_age IS NULL OR a.min_age <= ?) AND (a.max_age IS NULL OR a.max_age >= ?)");
      params.push(query.age, query.age);
    }
    if (query.openAt) {
      where.push("a.opening_hours IS NOT NULL AND rw_open(a.opening_hours, ?) = 1");
      params.push(query.openAt.getTime());
    }
    return { from, where, params: [...fromParams, ...params], dist, distParams, hasText };
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const { match, corrections } = query.q ? this.ftsQuery(query.q) : { match: null, corrections: {} };
    if (query.facets === false) return this.searchWithoutFacets(query, match, corrections);

    // 1. Every row that passes all filters but the category filter goes into the hit table, with
    //    what ordering and the facets need. This is the expensive part (words, places, access,
    //    hours), so it is done once, not once for the page and again for each facet.
    const b = this.build(query, "category", match);
    const inCategories = query.categories.length ? categoryTest(query.categories) : "1";
    this.stmt("DELETE FROM temp.rw_search_hits").run();
    this.stmt(
      `INSERT INTO temp.rw_search_hits (seq, id, kind, rank, d, in_categories)
       SELECT a.seq, a.id, a.kind, ${b.hasText ? "f.rank" : "NULL"}, ${b.dist ?? "NULL"}, ${inCategories} FROM ${b.from} WHERE ${b.where.join(" AND ")}`,
    ).run(...(b.dist ? b.distParams : []), ...query.categories, ...b.params);

    // 2. Facets are disjunctive: each ignores its own parameter, so the choices stay visible.
    //    Without a kind filter the kind facet comes from the hit table; with one it needs the rows
    //    of the other kinds too, so it is counted separately.
    //    (CROSS JOIN: the hit table is small and has no statistics; read it first.)
    const kindFacet: Record<string, number> = {};
    let kindRows: { k: string; n: number }[];
    if (query.kinds.length) {
      const kb = this.build(query, "kind", match);
      kindRows = this.stmt(`SELECT a.kind AS k, COUNT(*) AS n FROM ${kb.from} WHERE ${kb.where.join(" AND ")} GROUP BY a.kind`).all(...kb.params) as typeof kindRows;
    } else {
      kindRows = this.stmt("SELECT h.kind AS k, COUNT(*) AS n FROM temp.rw_search_hits h WHERE h.in_categories GROUP BY h.kind").all() as typeof kindRows;
    }
    for (const r of kindRows) kindFacet[r.k] = r.n;
    const categoryFacet: Record<string, number> = {};
    for (const r of this.stmt(
      "SELECT c.category AS k, COUNT(*) AS n FROM temp.rw_search_hits h CROSS JOIN asset_categories c ON c.asset_id = h.id GROUP BY c.category ORDER BY n DESC, c.category",
    ).all() as { k: string; n: number }[]) {
      categoryFacet[r.k] = r.n;
    }
    const total = query.kinds.length
      ? query.kinds.reduce((s, k) => s + (kindFacet[k] ?? 0), 0)
      : Object.values(kindFacet).reduce((s, n) => s + n, 0);

    // 3. The page. Order: relevance blended with distance, relevance, distance, or name.
    //    When the order needs only the hit table, pick the page there and join just its rows.
    const cols = pageColumns(b);
    const offset = (query.page - 1) * query.limit;
    let rows: PageRow[];
    if (b.hasText || b.dist) {
      rows = this.rankedPage(b, query);
    } else {
      const orderParams: unknown[] = [];
      let order = "a.name COLLATE NOCASE ASC, h.seq";
      if (query.bbox) {
        order = "rw_dist(?, ?, a.lat, a.lng) ASC, h.seq";
        orderParams.push((query.bbox[1] + query.bbox[3]) / 2, (query.bbox[0] + query.bbox[2]) / 2);
      }
      rows = this.stmt(
        `SELECT ${cols} FROM temp.rw_search_hits h CROSS JOIN assets a ON a.seq = h.seq WHERE h.in_categories ORDER BY ${order} LIMIT ? OFFSET ?`,
      ).all(...orderParams, query.limit, offset) as PageRow[];
    }
    this.stmt("DELETE FROM temp.rw_search_hits").run();

    const results = this.hydrate(rows, query);
    const out: SearchResult = { total, page: query.page, results, facets: { kind: kindFacet, category: categoryFacet } };
    if (Object.keys(corrections).length) out.corrections = corrections;
    return out;
  }

  /**
   * The page of the hit table for an order the table holds (relevance blended with distance,
   * relevance, or distance): picked there, then only its rows joined.
   */
  private rankedPage(b: Built, query: SearchQuery): PageRow[] {
    const order = b.hasText && b.dist ? "(-h.rank) / (1.0 + h.d / 2.0) DESC, h.seq" : b.hasText ? "h.rank ASC, h.seq" : "h.d ASC, h.seq";
    return this.stmt(
      `SELECT ${pageColumns(b)} FROM (SELECT h.seq, h.rank, h.d FROM temp.rw_search_hits h WHERE h.in_categories ORDER BY ${order} LIMIT ? OFFSET ?) h
       CROSS JOIN assets a ON a.seq = h.seq ORDER BY ${order}`,
    ).all(query.limit, (query.page - 1) * query.limit) as PageRow[];
  }

  /**
   * The same hits without facets (`facets: false`, the matcher's fetches): every filter, the
   * category one too, in one scan, then the exact count and the page. Only for an order that the
   * hit table holds (words or an origin); otherwise the full search.
   */
  private searchWithoutFacets(query: SearchQuery, match: string | null, corrections: Record<string, string>): Promise<SearchResult> | SearchResult {
    const b = this.build(query, null, match);
    if (!b.hasText && !b.dist) return this.search({ ...query, facets: true });
    this.stmt("DELETE FROM temp.rw_search_hits").run();
    this.stmt(
      `INSERT INTO temp.rw_search_hits (seq, id, kind, rank, d, in_categories)
       SELECT a.seq, a.id, a.kind, ${b.hasText ? "f.rank" : "NULL"}, ${b.dist ?? "NULL"}, 1 FROM ${b.from} WHERE ${b.where.join(" AND ")}`,
    ).run(...(b.dist ? b.distParams : []), ...b.params);
    const total = this.stmt("SELECT COUNT(*) FROM temp.rw_search_hits").pluck().get() as number;
    const rows = this.rankedPage(b, query);
    this.stmt("DELETE FROM temp.rw_search_hits").run();
    const out: SearchResult = { total, page: query.page, results: this.hydrate(rows, query), facets: { kind: {}, category: {} } };
    if (Object.keys(corrections).length) out.corrections = corrections;
    return out;
  }

  private hydrate(rows: PageRow[], query: SearchQuery): SearchHit[] {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const marks = ids.map(() => "?").join(",");
    const cats = new Map<string, string[]>();
    for (const r of this.stmt(`SELECT asset_id, category FROM asset_categories WHERE direct = 1 AND asset_id IN (${marks})`).all(...ids) as {
      asset_id: string;
      category: string;
    }[]) {
      const list = cats.get(r.asset_id) ?? [];
      list.push(r.category);
      cats.set(r.asset_id, list);
    }
    const access = new Map<string, string[]>();
    for (const r of this.stmt(`SELECT asset_id, feature FROM asset_access WHERE asset_id IN (${marks})`).all(...ids) as {
      asset_id: string;
      feature: string;
    }[]) {
      const list = access.get(r.asset_id) ?? [];
      list.push(r.feature);
      access.set(r.asset_id, list);
    }
    const now = query.openAt ?? ukWallClock();
    return rows.map((r) => {
      const hit: SearchHit = {
        id: r.id,
        kind: r.kind,
        name: r.name,
        summary: r.summary,
        lat: r.lat,
        lng: r.lng,
        categories: cats.get(r.id) ?? [],
        access: access.get(r.id) ?? [],
        is_example: r.is_example === 1,
        url: assetUrl(r.id),
      };
      if (r.d !== undefined && r.d !== null) hit.distance_km = roundKm(r.d);
      const open = isOpenAt(r.opening_hours, now);
      if (open !== null) hit.open_now = open;
      return hit;
    });
  }

  async clusters(query: SearchQuery, bbox: BBox, zoom: number): Promise<ClusterFeature[]> {
    const { match } = query.q ? this.ftsQuery(query.q) : { match: null };
    const key = JSON.stringify({ ...query, bbox: undefined, limit: 0, page: 0, openAt: query.openAt?.getTime(), match });
    let entry = this.clusterCache.get(key);
    if (!entry || entry.gen !== this.generation) {
      const b = this.build(query, null, match, true);
      const rows = this.stmt(`SELECT a.id, a.kind, a.name, a.lat, a.lng FROM ${b.from} WHERE ${b.where.join(" AND ")}`).all(...b.params) as {
        id: string;
        kind: Kind;
        name: string;
        lat: number;
        lng: number;
      }[];
      const index = buildClusterIndex(rows);
      entry = { gen: this.generation, index, built: Date.now() };
      this.clusterCache.delete(key);
      this.clusterCache.set(key, entry);
      while (this.clusterCache.size > 12) this.clusterCache.delete(this.clusterCache.keys().next().value as string);
    }
    return clusterFeatures(entry.index, bbox, zoom);
  }

  /** Warm the cluster cache for the unfiltered map (called in the background after start-up). */
  warm(): void {
    void this.clusters({ radiusKm: 5, kinds: [], categories: [], access: [], free: false, limit: 20, page: 1 }, [-180, -85, 180, 85], 5);
  }
}

/** The columns of a page of results. */
function pageColumns(b: Pick<Built, "dist">): string {
  return `a.seq, a.id, a.kind, a.name, a.summary, a.lat, a.lng, a.is_example, a.opening_hours${b.dist ? ", h.d AS d" : ""}`;
}

/** SQL that is true when asset `a` is in one of the categories (one `?` per category). */
function categoryTest(categories: string[]): string {
  return `EXISTS (SELECT 1 FROM asset_categories c WHERE c.asset_id = a.id AND c.category IN (${categories.map(() => "?").join(",")}))`;
}
