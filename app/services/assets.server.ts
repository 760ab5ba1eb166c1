// Use cases around asset records: write (with the index in the same transaction), read the
// whole public record, find the nearest Changing Places toilet.
import { createHash } from "node:crypto";
import type { Db } from "../../db/index";
import { assetIdFor, organisationIdFor, summaryOrDefault, type ValidAsset } from "../core/asset";
import { bboxAround, distanceKm, roundKm } from "../core/geo";
import { describeNow, isOpenAt, ukWallClock, weeklyHours } from "../core/hours";
import { categoryWithAncestors, type Kind } from "../core/taxonomy";
import { assetUrl } from "../../search/types";
import type { Context } from "./context.server";
import { ConflictError } from "./errors";
import { listPhotosSync, type PublicPhoto } from "../features/photos/photos.server";

export interface WriteOutcome {
  id: string;
  status: "created" | "updated" | "unchanged";
  version: number;
}

export interface WriteOptions {
  /** Who made the change (a user id), null for imports and the system. */
  actor?: string | null;
  /** What kind of change, for the revision history: create/update (default), import, restore, archive, unarchive, verify, suggestion. */
  action?: string;
  note?: string | null;
  /** Optimistic concurrency: the version the writer last saw; a different current version throws ConflictError. */
  expectedVersion?: number;
  /** Keep a revision for each change (default true; the benchmark's bulk load turns it off). */
  revisions?: boolean;
}

export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

/** Top-level fields that differ between two snapshots of a record. */
export function diffSnapshots(before: Record<string, unknown> | null, after: Record<string, unknown>): FieldChange[] {
  const out: FieldChange[] = [];
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  for (const k of keys) {
    if (k === "id") continue;
    const o = before?.[k] ?? null;
    const n = after[k] ?? null;
    if (JSON.stringify(o) !== JSON.stringify(n)) out.push({ field: k, old: o, new: n });
  }
  return out;
}

const REVIEW_AFTER_DAYS = 365;

function addDays(iso: string, days: number): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function hashOf(a: ValidAsset): string {
  // The id is identity, not content: a record written with and without its id hashes the same
  // (and so does its organisation with and without the organisation's id).
  const { verified_at: _v, review_due: _r, id: _i, ...rest } = a;
  if (rest.organisation?.id !== undefined) {
    const { id: _o, ...organisation } = rest.organisation;
    return createHash("sha1").update(JSON.stringify({ ...rest, organisation })).digest("hex");
  }
  return createHash("sha1").update(JSON.stringify(rest)).digest("hex");
}

/**
 * Create or update assets (matched by id, else by source + source_id) in one transaction,
 * with the search index updated inside it. Input must already be validated.
 */
export async function writeAssets(ctx: Context, inputs: ValidAsset[], now: Date = new Date(), opts: WriteOptions = {}): Promise<WriteOutcome[]> {
  const outcomes = writeAssetsSync(ctx, inputs, now, opts);
  const changed = outcomes.filter((o) => o.status !== "unchanged").map((o) => o.id);
  if (changed.length) await ctx.index.afterCommit(changed);
  return outcomes;
}

export function writeAssetsSync(ctx: Context, inputs: ValidAsset[], now: Date = new Date(), opts: WriteOptions = {}): WriteOutcome[] {
  const { db } = ctx;
  const s = db.sqlite;
  const nowIso = now.toISOString();
  const findById = s.prepare("SELECT id, version, content_hash, verified_at, review_due, created_at FROM assets WHERE id = ?");
  const findBySource = s.prepare("SELECT id, version, content_hash, verified_at, review_due, created_at FROM assets WHERE source = ? AND source_id = ?");
  const findOrgBySource = s.prepare("SELECT id FROM organisations WHERE source = ? AND source_id = ?").pluck();
  const upsertOrg = s.prepare(`
    INSERT INTO organisations (id, name, description, website, email, phone, charity_number, company_number, source, source_id, created_at, updated_at)
    VALUES (@id, @name, @description, @website, @email, @phone, @charity_number, @company_number, @source, @source_id, @now, @now)
    ON CONFLICT(id) DO UPDATE SET name = excluded.name, description = COALESCE(excluded.description, description),
      website = COALESCE(excluded.website, website), email = COALESCE(excluded.email, email), phone = COALESCE(excluded.phone, phone),
      charity_number = COALESCE(excluded.charity_number, charity_number), company_number = COALESCE(excluded.company_number, company_number),
      updated_at = excluded.updated_at`);
  const insert = s.prepare(`
    INSERT INTO assets (id, kind, name, summary, description, organisation_id, lat, lng, address, locality, postcode, location_precision,
      phone, email, website, opening_hours, opening_hours_text, is_free, cost_text, min_age, max_age, time_credits_earn, time_credits_spend,
      how_to_get_there, access_notes, is_example, status, source, source_id, source_url, licence, attribution, verified_at, review_due,
      version, content_hash, created_at, updated_at)
    VALUES (@id, @kind, @name, @summary, @description, @organisation_id, @lat, @lng, @address, @locality, @postcode, @location_precision,
      @phone, @email, @website, @opening_hours, @opening_hours_text, @is_free, @cost_text, @min_age, @max_age, @time_credits_earn, @time_credits_spend,
      @how_to_get_there, @access_notes, @is_example, @status, @source, @source_id, @source_url, @licence, @attribution, @verified_at, @review_due,
      @version, @content_hash, @created_at, @updated_at)
    ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, name = excluded.name, summary = excluded.summary, description = excluded.description,
      organisation_id = excluded.organisation_id, lat = excluded.lat, lng = excluded.lng, address = excluded.address, locality = excluded.locality,
      postcode = excluded.postcode, location_precision = excluded.location_precision, phone = excluded.phone, email = excluded.email,
      website = excluded.website, opening_hours = excluded.opening_hours, opening_hours_text = excluded.opening_hours_text, is_free = excluded.is_free,
      cost_text = excluded.cost_text, min_age = excluded.min_age, max_age = excluded.max_age, time_credits_earn = excluded.time_credits_earn,
      time_credits_spend = excluded.time_credits_spend, how_to_get_there = excluded.how_to_get_there, access_notes = excluded.access_notes,
      is_example = excluded.is_example, status = excluded.status, source = excluded.source, source_id = excluded.source_id,
      source_url = excluded.source_url, licence = excluded.licence, attribution = excluded.attribution, verified_at = excluded.verified_at,
      review_due = excluded.review_due, version = excluded.version, content_hash = excluded.content_hash, updated_at = excluded.updated_at`);
  const delCats = s.prepare("DELETE FROM asset_categories WHERE asset_id = ?");
  const insCat = s.prepare("INSERT OR IGNORE INTO asset_categories (asset_id, category, direct) VALUES (?, ?, ?)");
  const delAccess = s.prepare("DELETE FROM asset_access WHERE asset_id = ?");
  const insAccess = s.prepare("INSERT OR IGNORE INTO asset_access (asset_id, feature) VALUES (?, ?)");
  const delCp = s.prepare("DELETE FROM changing_places WHERE asset_id = ?");
  const insCp = s.prepare(`INSERT INTO changing_places (asset_id, hoist, adult_bench, room_size_m2, peninsular_wc, radar_key, opening_hours, notes)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const lastSnapshot = s.prepare("SELECT snapshot FROM asset_revisions WHERE asset_id = ? ORDER BY version DESC, id DESC LIMIT 1").pluck();
  const insRevision = s.prepare(
    "INSERT INTO asset_revisions (asset_id, version, user_id, action, changes, snapshot, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const bool = (v: boolean | null) => (v === null ? null : v ? 1 : 0);
  const keepRevisions = opts.revisions !== false;

  const outcomes: WriteOutcome[] = [];
  s.transaction(() => {
    const changed: string[] = [];
    for (const a of inputs) {
      type Existing = { id: string; version: number; content_hash: string; verified_at: string | null; review_due: string | null; created_at: string };
      const existing = ((a.id ? findById.get(a.id) : undefined) ?? findBySource.get(a.source, a.source_id)) as Existing | undefined;
      const id = existing?.id ?? a.id ?? assetIdFor(a.source, a.source_id);
      if (opts.expectedVersion !== undefined && existing && existing.version !== opts.expectedVersion) {
        throw new ConflictError(getAsset(ctx.db, id));
      }
      const hash = hashOf(a);
      if (existing && existing.content_hash === hash && (a.verified_at ?? null) === existing.verified_at) {
        outcomes.push({ id, status: "unchanged", version: existing.version });
        continue;
      }
      let organisationId: string | null = null;
      if (a.organisation) {
        const orgSourceId = a.organisation.source_id ?? a.organisation.name.toLowerCase().replace(/\s+/g, " ");
        // Its own id (HSDS imports), else the one already stored for this source id, else derived (decision 0003).
        organisationId = a.organisation.id ?? (findOrgBySource.get(a.source, orgSourceId) as string | undefined) ?? organisationIdFor(a.source, orgSourceId);
        const { id: _orgId, ...org } = a.organisation;
        upsertOrg.run({ id: organisationId, ...org, source: a.source, source_id: orgSourceId, now: nowIso });
      }
      const kind = a.kind as Kind;
      const access = new Set(a.access);
      if (kind === "changing_places_toilet") access.add("changing_places");
      const verified = a.verified_at ?? existing?.verified_at ?? null;
      const version = existing ? existing.version + 1 : 1;
      const reviewDue = a.review_due ?? addDays(verified ?? nowIso.slice(0, 10), REVIEW_AFTER_DAYS);
      insert.run({
        id,
        kind,
        name: a.name,
        summary: summaryOrDefault(a),
        description: a.description,
        organisation_id: organisationId,
        lat: a.lat,
        lng: a.lng,
        address: a.address,
        locality: a.locality,
        postcode: a.postcode,
        location_precision: a.location_precision,
        phone: a.phone,
        email: a.email,
        website: a.website,
        opening_hours: a.opening_hours,
        opening_hours_text: a.opening_hours_text,
        is_free: bool(a.cost.free),
        cost_text: a.cost.details,
        min_age: a.age.min,
        max_age: a.age.max,
        time_credits_earn: a.time_credits.earn,
        time_credits_spend: a.time_credits.spend,
        how_to_get_there: a.how_to_get_there,
        access_notes: a.access_notes,
        is_example: a.is_example ? 1 : 0,
        status: a.status,
        source: a.source,
        source_id: a.source_id,
        source_url: a.source_url,
        licence: a.licence,
        attribution: a.attribution,
        verified_at: verified,
        review_due: reviewDue,
        version,
        content_hash: hash,
        created_at: existing?.created_at ?? nowIso,
        updated_at: nowIso,
      });
      delCats.run(id);
      const direct = new Set(a.categories);
      for (const c of a.categories) for (const anc of categoryWithAncestors(c)) insCat.run(id, anc, direct.has(anc) ? 1 : 0);
      delAccess.run(id);
      for (const f of access) insAccess.run(id, f);
      delCp.run(id);
      const cp = a.changing_places;
      if (cp) {
        insCp.run(id, cp.hoist, bool(cp.adult_bench), cp.room_size_m2, bool(cp.peninsular_wc), bool(cp.radar_key), cp.opening_hours, cp.notes);
      }
      if (keepRevisions) {
        // The snapshot is what was written, including the review date worked out here.
        const snapshot = { ...a, id, verified_at: verified, review_due: reviewDue };
        const before = existing ? (JSON.parse((lastSnapshot.get(id) as string | undefined) ?? "null") as Record<string, unknown> | null) : null;
        const action = opts.action ?? (existing ? "update" : "create");
        insRevision.run(id, version, opts.actor ?? null, action, JSON.stringify(diffSnapshots(before, snapshot)), JSON.stringify(snapshot), opts.note ?? null, nowIso);
      }
      changed.push(id);
      outcomes.push({ id, status: existing ? "updated" : "created", version });
    }
    if (changed.length) ctx.index.indexInTransaction(changed);
  })();
  return outcomes;
}

export interface NearbyToilet {
  id: string;
  name: string;
  distance_km: number;
  is_example: boolean;
  url: string;
}

/**
 * The nearest asset with a Changing Places toilet on site (other than `excludeId`), within 50 km.
 * Reads the search index's small R*Tree of such assets (asset_cp_rtree, migration 003).
 */
export function nearestChangingPlaces(db: Db, lat: number, lng: number, excludeId?: string): NearbyToilet | null {
  const stmt = db.sqlite.prepare(`
    SELECT a.id, a.name, a.lat, a.lng, a.is_example FROM asset_cp_rtree r
    JOIN assets a ON a.seq = r.seq
    WHERE r.max_lng >= ? AND r.min_lng <= ? AND r.max_lat >= ? AND r.min_lat <= ? AND a.status = 'active'`);
  for (const radius of [2, 10, 50]) {
    const b = bboxAround(lat, lng, radius);
    const rows = (stmt.all(b[0], b[2], b[1], b[3]) as { id: string; name: string; lat: number; lng: number; is_example: number }[])
      .filter((r) => r.id !== excludeId)
      .map((r) => ({ ...r, d: distanceKm(lat, lng, r.lat, r.lng) }))
      .filter((r) => r.d <= radius)
      .sort((x, y) => x.d - y.d);
    if (rows.length) {
      const r = rows[0];
      return { id: r.id, name: r.name, distance_km: roundKm(r.d), is_example: r.is_example === 1, url: assetUrl(r.id) };
    }
  }
  return null;
}

export interface PublicAsset {
  id: string;
  kind: Kind;
  name: string;
  summary: string;
  description: string;
  url: string;
  status: string;
  is_example: boolean;
  lat: number;
  lng: number;
  location: { address: string | null; locality: string | null; postcode: string | null; precision: string };
  organisation: { id: string; name: string; website: string | null; charity_number: string | null } | null;
  categories: string[];
  access: string[];
  access_notes: string | null;
  opening_hours: string | null;
  opening_hours_text: string | null;
  open_now?: boolean;
  open_now_text?: string;
  weekly_hours?: { day: string; times: string[] }[];
  cost: { free: boolean | null; details: string | null };
  age: { min: number | null; max: number | null };
  time_credits: { earn: string | null; spend: string | null };
  changing_places: {
    hoist: string | null;
    adult_bench: boolean | null;
    room_size_m2: number | null;
    peninsular_wc: boolean | null;
    radar_key: boolean | null;
    opening_hours: string | null;
    notes: string | null;
  } | null;
  nearest_changing_places: NearbyToilet | null;
  /** Optional photos, each with its description (alt text). */
  photos: PublicPhoto[];
  contact: { phone: string | null; email: string | null; website: string | null };
  how_to_get_there: string | null;
  source: { dataset: string; id: string; url: string | null; title: string | null };
  licence: string;
  attribution: string;
  verified_at: string | null;
  review_due: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

const bool = (v: number | null) => (v === null ? null : v === 1);

export function getAsset(db: Db, id: string, now: Date = ukWallClock()): PublicAsset | null {
  const a = db.sqlite.prepare("SELECT * FROM assets WHERE id = ?").get(id) as import("../../db/schema").AssetsTable | undefined;
  if (!a) return null;
  const categories = db.sqlite.prepare("SELECT category FROM asset_categories WHERE asset_id = ? AND direct = 1 ORDER BY category").pluck().all(id) as string[];
  const access = db.sqlite.prepare("SELECT feature FROM asset_access WHERE asset_id = ? ORDER BY feature").pluck().all(id) as string[];
  const cp = db.sqlite.prepare("SELECT * FROM changing_places WHERE asset_id = ?").get(id) as import("../../db/schema").ChangingPlacesTable | undefined;
  const org = a.organisation_id
    ? (db.sqlite.prepare("SELECT id, name, website, charity_number FROM organisations WHERE id = ?").get(a.organisation_id) as PublicAsset["organisation"])
    : null;
  const dataset = db.sqlite.prepare("SELECT title FROM datasets WHERE source = ?").pluck().get(a.source) as string | undefined;
  const open = isOpenAt(a.opening_hours, now);
  const out: PublicAsset = {
    id: a.id,
    kind: a.kind as Kind,
    name: a.name,
    summary: a.summary,
    description: a.description,
    url: assetUrl(a.id),
    status: a.status,
    is_example: a.is_example === 1,
    lat: a.lat,
    lng: a.lng,
    location: { address: a.address, locality: a.locality, postcode: a.postcode, precision: a.location_precision },
    organisation: org ?? null,
    categories,
    access,
    access_notes: a.access_notes,
    opening_hours: a.opening_hours,
    opening_hours_text: a.opening_hours_text,
    cost: { free: bool(a.is_free), details: a.cost_text },
    age: { min: a.min_age, max: a.max_age },
    time_credits: { earn: a.time_credits_earn, spend: a.time_credits_spend },
    changing_places: cp
      ? {
          hoist: cp.hoist,
          adult_bench: bool(cp.adult_bench),
          room_size_m2: cp.room_size_m2,
          peninsular_wc: bool(cp.peninsular_wc),
          radar_key: bool(cp.radar_key),
          opening_hours: cp.opening_hours,
          notes: cp.notes,
        }
      : null,
    nearest_changing_places: nearestChangingPlaces(db, a.lat, a.lng, a.id),
    photos: listPhotosSync(db, a.id),
    contact: { phone: a.phone, email: a.email, website: a.website },
    how_to_get_there: a.how_to_get_there,
    source: { dataset: a.source, id: a.source_id, url: a.source_url, title: dataset ?? null },
    licence: a.licence,
    attribution: a.attribution,
    verified_at: a.verified_at,
    review_due: a.review_due,
    version: a.version,
    created_at: a.created_at,
    updated_at: a.updated_at,
  };
  if (open !== null) out.open_now = open;
  const nowText = describeNow(a.opening_hours, now);
  if (nowText) out.open_now_text = nowText;
  const week = weeklyHours(a.opening_hours, now);
  if (week) out.weekly_hours = week;
  return out;
}

export interface DatasetInfo {
  source: string;
  title: string;
  licence: string;
  attribution: string;
  url: string | null;
}

/** Attribution lines for the given datasets (or all of them). */
export function datasetsFor(db: Db, sources?: string[]): DatasetInfo[] {
  if (sources && sources.length === 0) return [];
  if (!sources) return db.sqlite.prepare("SELECT source, title, licence, attribution, url FROM datasets ORDER BY title").all() as DatasetInfo[];
  const uniq = [...new Set(sources)];
  return db.sqlite
    .prepare(`SELECT source, title, licence, attribution, url FROM datasets WHERE source IN (${uniq.map(() => "?").join(",")}) ORDER BY title`)
    .all(...uniq) as DatasetInfo[];
}
