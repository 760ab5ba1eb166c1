// The one write path for asset records (imports, connectors, suggestions): create or update
// records, their organisations, categories, access and equipment, a revision per change, and the
// search index, all in the caller's transaction (decisions 0002, 0003, 0011).
import { createHash } from "node:crypto";
import type { Insertable } from "kysely";
import type { Executor } from "../../../db/index";
import type { ChangingPlacesTable } from "../../../db/schema";
import { assetIdFor, organisationIdFor, summaryOrDefault, type ValidAsset } from "../../core/asset";
import { categoryWithAncestors, type Kind } from "../../core/taxonomy";
import type { SearchIndex } from "../../../search/types";
import type { Context } from "../../server/context.server";
import { ConflictError } from "../../server/errors";
import * as assets from "./assets.data.server";
import { findOrganisationIds, upsertOrganisations, type NewOrganisationRow } from "./organisations.data.server";
import { getAsset } from "./public-asset.server";
import { findLastSnapshots, insertRevisions, type NewRevisionRow } from "./revisions.data.server";

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

/**
 * Thrown inside a transaction when a record's version is not the one the writer saw. The
 * transaction's owner turns it into a ConflictError carrying the current record once the
 * transaction has rolled back (see inAssetTransaction).
 */
export class StaleVersion extends ConflictError {
  constructor(readonly assetId: string) {
    super(null);
  }
}

/**
 * Run `work` in one transaction; a StaleVersion becomes a ConflictError with the current record
 * (read after the rollback, so it is what is stored).
 */
export async function inAssetTransaction<T>(ctx: Context, work: (tx: Executor) => Promise<T>): Promise<T> {
  try {
    return await ctx.db.kysely.transaction().execute(work);
  } catch (e) {
    if (e instanceof StaleVersion) throw new ConflictError(await getAsset(ctx.db, e.assetId));
    throw e;
  }
}

/**
 * Create or update assets (matched by id, else by source + source_id) in one transaction, with
 * the search index updated inside it. Input must already be validated.
 */
export async function writeAssets(ctx: Context, inputs: ValidAsset[], now: Date = new Date(), opts: WriteOptions = {}): Promise<WriteOutcome[]> {
  const outcomes = await inAssetTransaction(ctx, (tx) => writeAssetsIn(tx, ctx.index, inputs, now, opts));
  const changed = outcomes.filter((o) => o.status !== "unchanged").map((o) => o.id);
  if (changed.length) await ctx.index.afterCommit(changed);
  return outcomes;
}

/**
 * writeAssets inside a transaction the caller started (the caller calls index.afterCommit after
 * it commits). Records are written a batch at a time: a few statements per batch, not per record.
 */
export async function writeAssetsIn(
  tx: Executor,
  index: Pick<SearchIndex, "indexInTransaction">,
  inputs: ValidAsset[],
  now: Date = new Date(),
  opts: WriteOptions = {},
): Promise<WriteOutcome[]> {
  const outcomes: WriteOutcome[] = [];
  for (const round of rounds(inputs)) outcomes.push(...(await writeRound(tx, round, now, opts)));
  const changed = outcomes.filter((o) => o.status !== "unchanged").map((o) => o.id);
  if (changed.length) await index.indexInTransaction(tx, changed);
  return outcomes;
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

const sourceKey = (source: string, sourceId: string) => `${source}\u0000${sourceId}`;

/**
 * Split the inputs into runs in which no record is named twice, so each run can be written with
 * one statement per table and still give what writing them one by one would.
 */
function rounds(inputs: ValidAsset[]): ValidAsset[][] {
  const out: ValidAsset[][] = [];
  let current: ValidAsset[] = [];
  let seen = new Set<string>();
  for (const a of inputs) {
    const keys = [`id:${a.id ?? assetIdFor(a.source, a.source_id)}`, `src:${sourceKey(a.source, a.source_id)}`];
    if (keys.some((k) => seen.has(k))) {
      out.push(current);
      current = [];
      seen = new Set();
    }
    current.push(a);
    for (const k of keys) seen.add(k);
  }
  if (current.length) out.push(current);
  return out;
}

const bool = (v: boolean | null) => (v === null ? null : v ? 1 : 0);

async function writeRound(tx: Executor, inputs: ValidAsset[], now: Date, opts: WriteOptions): Promise<WriteOutcome[]> {
  const nowIso = now.toISOString();
  const states = await assets.findWriteStates(
    tx,
    inputs.flatMap((a) => (a.id ? [a.id] : [])),
    inputs.map((a) => ({ source: a.source, source_id: a.source_id })),
  );
  const byId = new Map(states.map((s) => [s.id, s]));
  const bySource = new Map(states.map((s) => [sourceKey(s.source, s.source_id), s]));
  const resolved = inputs.map((a) => {
    const existing = (a.id ? byId.get(a.id) : undefined) ?? bySource.get(sourceKey(a.source, a.source_id));
    return { a, existing, id: existing?.id ?? a.id ?? assetIdFor(a.source, a.source_id) };
  });
  // Two inputs that turn out to be one record are written one after the other.
  if (inputs.length > 1 && new Set(resolved.map((r) => r.id)).size < resolved.length) {
    const out: WriteOutcome[] = [];
    for (const a of inputs) out.push(...(await writeRound(tx, [a], now, opts)));
    return out;
  }

  const outcomes: WriteOutcome[] = [];
  const writes: (typeof resolved[number] & { hash: string })[] = [];
  for (const r of resolved) {
    if (opts.expectedVersion !== undefined && r.existing && r.existing.version !== opts.expectedVersion) throw new StaleVersion(r.id);
    const hash = hashOf(r.a);
    if (r.existing && r.existing.content_hash === hash && (r.a.verified_at ?? null) === r.existing.verified_at) {
      outcomes.push({ id: r.id, status: "unchanged", version: r.existing.version });
    } else {
      writes.push({ ...r, hash });
      outcomes.push({ id: r.id, status: r.existing ? "updated" : "created", version: r.existing ? r.existing.version + 1 : 1 });
    }
  }
  if (!writes.length) return outcomes;

  const orgIds = await organisationsFor(tx, writes.map((w) => w.a), nowIso);
  const keepRevisions = opts.revisions !== false;
  const before = keepRevisions ? await findLastSnapshots(tx, writes.filter((w) => w.existing).map((w) => w.id)) : new Map<string, string>();
  const rows: assets.NewAssetRow[] = [];
  const categories: assets.CategoryRow[] = [];
  const access: assets.AccessRow[] = [];
  const equipment: Insertable<ChangingPlacesTable>[] = [];
  const revisions: NewRevisionRow[] = [];
  writes.forEach(({ a, existing, id, hash }, i) => {
    const kind = a.kind as Kind;
    const verified = a.verified_at ?? existing?.verified_at ?? null;
    const version = existing ? existing.version + 1 : 1;
    const reviewDue = a.review_due ?? addDays(verified ?? nowIso.slice(0, 10), REVIEW_AFTER_DAYS);
    rows.push({
      id,
      kind,
      name: a.name,
      summary: summaryOrDefault(a),
      description: a.description,
      organisation_id: orgIds[i],
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
    const direct = new Set(a.categories);
    const added = new Set<string>();
    for (const c of a.categories) {
      for (const anc of categoryWithAncestors(c)) {
        if (!added.has(anc)) categories.push({ asset_id: id, category: anc, direct: direct.has(anc) ? 1 : 0 });
        added.add(anc);
      }
    }
    const features = new Set(a.access);
    if (kind === "changing_places_toilet") features.add("changing_places");
    for (const f of features) access.push({ asset_id: id, feature: f });
    const cp = a.changing_places;
    if (cp) {
      equipment.push({
        asset_id: id,
        hoist: cp.hoist,
        adult_bench: bool(cp.adult_bench),
        room_size_m2: cp.room_size_m2,
        peninsular_wc: bool(cp.peninsular_wc),
        radar_key: bool(cp.radar_key),
        opening_hours: cp.opening_hours,
        notes: cp.notes,
      });
    }
    if (keepRevisions) {
      // The snapshot is what was written, including the review date worked out here.
      const snapshot = { ...a, id, verified_at: verified, review_due: reviewDue };
      const previous = existing ? (JSON.parse(before.get(id) ?? "null") as Record<string, unknown> | null) : null;
      revisions.push({
        asset_id: id,
        version,
        user_id: opts.actor ?? null,
        action: opts.action ?? (existing ? "update" : "create"),
        changes: JSON.stringify(diffSnapshots(previous, snapshot)),
        snapshot: JSON.stringify(snapshot),
        note: opts.note ?? null,
        created_at: nowIso,
      });
    }
  });
  await assets.upsertAssets(tx, rows);
  await assets.replaceAssetDetails(tx, writes.map((w) => w.id), { categories, access, changingPlaces: equipment });
  if (revisions.length) await insertRevisions(tx, revisions);
  return outcomes;
}

/**
 * The organisation id of each input (null without one), with the organisations written. An
 * organisation's own id (HSDS imports), else the one stored for its source id, else one derived
 * from it (decision 0003). Rows for the same organisation are folded in input order, as writing
 * them one by one would.
 */
async function organisationsFor(tx: Executor, inputs: ValidAsset[], nowIso: string): Promise<(string | null)[]> {
  const sourceIdOf = (o: NonNullable<ValidAsset["organisation"]>) => o.source_id ?? o.name.toLowerCase().replace(/\s+/g, " ");
  const wanted = new Map<string, Set<string>>();
  for (const a of inputs) {
    if (!a.organisation) continue;
    const set = wanted.get(a.source) ?? new Set<string>();
    set.add(sourceIdOf(a.organisation));
    wanted.set(a.source, set);
  }
  const known = new Map<string, string>();
  for (const [source, ids] of wanted) {
    for (const [sourceId, id] of await findOrganisationIds(tx, source, [...ids])) known.set(sourceKey(source, sourceId), id);
  }
  const rows = new Map<string, NewOrganisationRow>();
  const out = inputs.map((a) => {
    if (!a.organisation) return null;
    const orgSourceId = sourceIdOf(a.organisation);
    const key = sourceKey(a.source, orgSourceId);
    const id = a.organisation.id ?? known.get(key) ?? organisationIdFor(a.source, orgSourceId);
    if (!known.has(key)) known.set(key, id);
    const { id: _orgId, ...org } = a.organisation;
    const row: NewOrganisationRow = {
      id,
      name: org.name,
      description: org.description ?? null,
      website: org.website ?? null,
      email: org.email ?? null,
      phone: org.phone ?? null,
      charity_number: org.charity_number ?? null,
      company_number: org.company_number ?? null,
      source: a.source,
      source_id: orgSourceId,
      created_at: nowIso,
      updated_at: nowIso,
    };
    const prev = rows.get(id);
    rows.set(
      id,
      prev
        ? {
            ...prev,
            name: row.name,
            description: row.description ?? prev.description,
            website: row.website ?? prev.website,
            email: row.email ?? prev.email,
            phone: row.phone ?? prev.phone,
            charity_number: row.charity_number ?? prev.charity_number,
            company_number: row.company_number ?? prev.company_number,
          }
        : row,
    );
    return id;
  });
  if (rows.size) await upsertOrganisations(tx, [...rows.values()]);
  return out;
}
