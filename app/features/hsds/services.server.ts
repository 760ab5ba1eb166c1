// GET /api/hsds/services and /api/hsds/service_at_locations (lists and one by id): filters and
// paging in SQL (never a whole-table load), the page's rows mapped to HSDS objects by
// app/core/hsds/mapping.ts. One asset is one service at one location (decision 0040).
import type { Db, Executor } from "../../../db/index";
import { mapOrganization, mapService, mapServiceAtLocation, mapServiceMinimal, serviceAtLocationIdFor } from "../../core/hsds/mapping";
import { extrasFor } from "./extras.server";
import * as hsds from "./hsds.data.server";
import { UUID, boolParam, offsetOf, pageOf, readPaging, type Paging } from "./params.server";
import { matchesSchedule, readServiceFilters, type ServiceQuery } from "./service-filters.server";

/** Candidates read at a time when the schedule filters read the opening hours in code. */
const SCHEDULE_BATCH = 2000;

/** A page of asset rows matching the filters: COUNT + LIMIT/OFFSET in SQL (schedule filters read the hours of the candidates). */
async function findRows(db: Executor, q: ServiceQuery, p: Paging): Promise<{ rows: hsds.ServiceRow[]; total: number }> {
  if (!q.schedule) {
    const total = await hsds.countServices(db, q.filter);
    // A deferred join: page through the narrow index first, then read only the page's rows.
    const ids = await hsds.pageOfServiceIds(db, q.filter, p.perPage, offsetOf(p));
    return { rows: await inOrder(db, ids), total };
  }
  // Opening hours are OSM text: read the candidates' hours a batch at a time, keeping only what matches.
  const from = offsetOf(p);
  const pageIds: string[] = [];
  const near: { id: string; distance: number }[] = [];
  let total = 0;
  let after = "";
  for (;;) {
    const batch = await hsds.hoursBatch(db, q.filter, after, SCHEDULE_BATCH);
    for (const r of batch) {
      if (!matchesSchedule(r, q.schedule)) continue;
      if (q.filter.near) near.push({ id: r.id, distance: Number(r.distance) });
      else if (total >= from && pageIds.length < p.perPage) pageIds.push(r.id);
      total++;
    }
    if (batch.length < SCHEDULE_BATCH) break;
    after = batch[batch.length - 1]!.id;
  }
  if (q.filter.near) {
    // The order SQL gives without the schedule filters: by distance, then id.
    near.sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    pageIds.push(...near.slice(from, from + p.perPage).map((x) => x.id));
  }
  return { rows: await inOrder(db, pageIds), total };
}

/** The rows of these ids, in the ids' order. */
async function inOrder(db: Executor, ids: string[]): Promise<hsds.ServiceRow[]> {
  const byId = new Map((await hsds.servicesByIds(db, ids)).map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is hsds.ServiceRow => r !== undefined);
}

export async function listServices(db: Db, sp: URLSearchParams) {
  const p = readPaging(sp);
  const minimal = boolParam(sp, "minimal");
  const full = boolParam(sp, "full");
  const q = await readServiceFilters(db, sp, { location: false });
  const { rows, total } = await findRows(db.kysely, q, p);
  const extras = await extrasFor(db.kysely, rows, { revisions: full });
  const contents = rows.map((r) => {
    const e = extras.get(r.id)!;
    if (full) return mapService(r, e);
    const base = mapServiceMinimal(r, e);
    if (minimal) return base;
    return e.organisation ? { ...base, organization: mapOrganization(e.organisation) } : base;
  });
  return pageOf(contents, total, p);
}

async function rowById(db: Executor, id: string): Promise<hsds.ServiceRow | null> {
  if (!UUID.test(id)) return null;
  return (await hsds.findService(db, id.toLowerCase())) ?? null;
}

export async function getService(db: Db, id: string) {
  const r = await rowById(db.kysely, id);
  if (!r) return null;
  return mapService(r, (await extrasFor(db.kysely, [r], { revisions: true })).get(r.id)!);
}

export async function listServiceAtLocations(db: Db, sp: URLSearchParams) {
  const p = readPaging(sp);
  const full = boolParam(sp, "full");
  boolParam(sp, "minimal");
  const q = await readServiceFilters(db, sp, { location: true });
  const { rows, total } = await findRows(db.kysely, q, p);
  const extras = await extrasFor(db.kysely, rows, { revisions: full });
  const contents = rows.map((r) => {
    const e = extras.get(r.id)!;
    const sal = mapServiceAtLocation(r, e, true);
    return full ? { ...sal, service: mapService(r, e) } : sal;
  });
  return pageOf(contents, total, p);
}

/** service_at_location ids are derived from asset ids; to find one, look up by the derived id. */
export async function getServiceAtLocation(db: Db, id: string) {
  if (!UUID.test(id)) return null;
  const want = id.toLowerCase();
  // The id is a hash of the asset id: look it up through a cache built once per database state.
  const assetId = (await salIndex(db.kysely)).get(want);
  if (!assetId) return null;
  const r = await rowById(db.kysely, assetId);
  if (!r) return null;
  const e = (await extrasFor(db.kysely, [r], { revisions: true })).get(r.id)!;
  return { ...mapServiceAtLocation(r, e, true), service: mapService(r, e) };
}

let salCache: { key: string; map: Map<string, string> } | null = null;
async function salIndex(db: Executor): Promise<Map<string, string>> {
  const key = await hsds.assetsStamp(db);
  if (salCache?.key === key) return salCache.map;
  const map = new Map<string, string>();
  for (const id of await hsds.allAssetIds(db)) map.set(serviceAtLocationIdFor(id), id);
  salCache = { key, map };
  return map;
}
