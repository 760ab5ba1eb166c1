// The current record of an asset in the write shape (what writeAssets takes): for editing,
// conflicts, restore and imports that update a record in place.
import type { Db, Executor } from "../../../db/index";
import { assetInputSchema, type ValidAsset } from "../../core/asset";
import * as assets from "./assets.data.server";
import { findOrganisation } from "./organisations.data.server";
import { equipmentOf, flag } from "./public-asset.server";
import * as revisions from "./revisions.data.server";

export interface StoredAsset {
  input: ValidAsset;
  version: number;
  /** True when a revision holds this version (false for rows written before revisions were kept). */
  hasRevision: boolean;
}

/** The stored record rebuilt from its tables, in the write shape. */
async function inputFromRow(db: Executor, a: assets.AssetRow): Promise<Record<string, unknown>> {
  const org = a.organisation_id ? await findOrganisation(db, a.organisation_id) : undefined;
  const cp = await assets.findChangingPlaces(db, a.id);
  return {
    id: a.id,
    kind: a.kind,
    name: a.name,
    summary: a.summary,
    description: a.description,
    organisation: org
      ? {
          name: org.name,
          source_id: org.source_id,
          description: org.description,
          website: org.website,
          email: org.email,
          phone: org.phone,
          charity_number: org.charity_number,
          company_number: org.company_number,
        }
      : null,
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
    cost: { free: flag(a.is_free), details: a.cost_text },
    age: { min: a.min_age, max: a.max_age },
    time_credits: { earn: a.time_credits_earn, spend: a.time_credits_spend },
    categories: await assets.findDirectCategories(db, a.id),
    access: await assets.findAccessFeatures(db, a.id),
    access_notes: a.access_notes,
    changing_places: equipmentOf(cp),
    how_to_get_there: a.how_to_get_there,
    is_example: a.is_example === 1,
    status: a.status,
    source: a.source,
    source_id: a.source_id,
    source_url: a.source_url,
    licence: a.licence,
    attribution: a.attribution,
    verified_at: a.verified_at,
    review_due: a.review_due,
  };
}

function parseStored(raw: Record<string, unknown>): ValidAsset {
  const parsed = assetInputSchema.safeParse(raw);
  // Older rows that today's rules would refuse are returned as they are; saving them shows why.
  return parsed.success ? parsed.data : (raw as unknown as ValidAsset);
}

/**
 * The current record in the write shape: the last revision's snapshot when it is the current
 * version (exactly what was written), else rebuilt from the tables. Verification and status
 * always come from the row.
 */
export async function readStoredAsset(db: Executor, id: string): Promise<StoredAsset | null> {
  const row = await assets.findAsset(db, id);
  if (!row) return null;
  const last = await revisions.findLastRevision(db, id);
  const current = last && last.version === row.version;
  const raw = current ? (JSON.parse(last.snapshot) as Record<string, unknown>) : await inputFromRow(db, row);
  Object.assign(raw, { id: row.id, verified_at: row.verified_at, review_due: row.review_due, status: row.status });
  return { input: parseStored(raw), version: row.version, hasRevision: !!current };
}

/** readStoredAsset outside a transaction. */
export function loadAssetInput(db: Db, id: string): Promise<StoredAsset | null> {
  return readStoredAsset(db.kysely, id);
}

/** The record as it was at `version`, from the revision history (null when not kept). */
export async function snapshotAt(db: Executor, id: string, version: number): Promise<ValidAsset | null> {
  const raw = await revisions.findSnapshotAt(db, id, version);
  return raw ? parseStored(JSON.parse(raw) as Record<string, unknown>) : null;
}

/** Rows written before revisions were kept get one "baseline" revision first, so the diff and restore work. */
export async function ensureBaseline(db: Executor, id: string, stored: StoredAsset): Promise<void> {
  if (stored.hasRevision) return;
  if (await revisions.hasRevisionAt(db, id, stored.version)) return;
  const row = await assets.findAsset(db, id);
  if (!row) return;
  await revisions.insertRevisions(db, [
    { asset_id: id, version: stored.version, user_id: null, action: "baseline", changes: "[]", snapshot: JSON.stringify({ ...stored.input, id }), note: null, created_at: row.updated_at },
  ]);
}
