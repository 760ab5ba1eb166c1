// Connectors keep assets current: create, edit (with version checks), verify ("still
// correct"), archive and unarchive, the revision history and restore. Every change goes through
// writeAssetsSync (one transaction with the search index, a revision per change); see
// docs/decisions/0008-revisions-and-conflicts.md.
import crypto from "node:crypto";
import type { Db } from "../../db/index";
import type { AssetsTable, ChangingPlacesTable, OrganisationsTable } from "../../db/schema";
import { assetInputSchema, fieldErrors, type ValidAsset } from "../core/asset";
import { changedFields, describeValue, fieldLabel } from "../core/asset-changes";
import { formErrorFor, formToDraft, type AssetFormValues } from "../core/asset-form";
import {
  CONNECTOR_ATTRIBUTION,
  CONNECTOR_DATASET_TITLE,
  CONNECTOR_LICENCE,
  CONNECTOR_SOURCE,
  mapPublicBody,
  publicFieldErrors,
} from "../core/asset-public";
import { nextReviewDate } from "../core/review";
import type { User } from "./auth.server";
import { getAsset, writeAssetsSync, type PublicAsset, type WriteOutcome } from "./assets.server";
import type { Context } from "./context.server";
import { ApiError, ConflictError, describeFields } from "./errors";
import { geocodePostcode } from "./geocode.server";
import { registerDataset } from "./import/reference.server";
import { LIMITS, enforce } from "./rate-limit.server";

// ------------------------------------------------------------------ reading the write shape

const bool = (v: number | null) => (v === null ? null : v === 1);

/** The record as written by the last revision (when that revision is the current version). */
function lastSnapshot(db: Db, id: string): { version: number; snapshot: Record<string, unknown> } | null {
  const row = db.sqlite
    .prepare("SELECT version, snapshot FROM asset_revisions WHERE asset_id = ? ORDER BY version DESC, id DESC LIMIT 1")
    .get(id) as { version: number; snapshot: string } | undefined;
  return row ? { version: row.version, snapshot: JSON.parse(row.snapshot) as Record<string, unknown> } : null;
}

/** The stored record rebuilt from its tables, in the write shape. */
function inputFromRow(db: Db, a: AssetsTable): Record<string, unknown> {
  const s = db.sqlite;
  const org = a.organisation_id ? (s.prepare("SELECT * FROM organisations WHERE id = ?").get(a.organisation_id) as OrganisationsTable | undefined) : undefined;
  const cp = s.prepare("SELECT * FROM changing_places WHERE asset_id = ?").get(a.id) as ChangingPlacesTable | undefined;
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
    cost: { free: bool(a.is_free), details: a.cost_text },
    age: { min: a.min_age, max: a.max_age },
    time_credits: { earn: a.time_credits_earn, spend: a.time_credits_spend },
    categories: s.prepare("SELECT category FROM asset_categories WHERE asset_id = ? AND direct = 1 ORDER BY category").pluck().all(a.id),
    access: s.prepare("SELECT feature FROM asset_access WHERE asset_id = ? ORDER BY feature").pluck().all(a.id),
    access_notes: a.access_notes,
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

export interface StoredAsset {
  input: ValidAsset;
  version: number;
  /** True when a revision holds this version (false for rows written before revisions were kept). */
  hasRevision: boolean;
}

/**
 * The current record in the write shape: the last revision's snapshot when it is the current
 * version (exactly what was written), else rebuilt from the tables. Verification and status
 * always come from the row.
 */
export function loadAssetInput(db: Db, id: string): StoredAsset | null {
  const row = db.sqlite.prepare("SELECT * FROM assets WHERE id = ?").get(id) as AssetsTable | undefined;
  if (!row) return null;
  const last = lastSnapshot(db, id);
  const raw = last && last.version === row.version ? { ...last.snapshot } : inputFromRow(db, row);
  Object.assign(raw, { id: row.id, verified_at: row.verified_at, review_due: row.review_due, status: row.status });
  return { input: parseStored(raw), version: row.version, hasRevision: !!last && last.version === row.version };
}

/** The record as it was at `version`, from the revision history (null when not kept). */
export function snapshotAt(db: Db, id: string, version: number): ValidAsset | null {
  const raw = db.sqlite
    .prepare("SELECT snapshot FROM asset_revisions WHERE asset_id = ? AND version = ? ORDER BY id DESC LIMIT 1")
    .pluck()
    .get(id, version) as string | undefined;
  return raw ? parseStored(JSON.parse(raw) as Record<string, unknown>) : null;
}

// ------------------------------------------------------------------ writing

/** Rows written before revisions were kept get one "baseline" revision first, so the diff and restore work. */
function ensureBaseline(db: Db, id: string, stored: StoredAsset): void {
  if (stored.hasRevision) return;
  const any = db.sqlite.prepare("SELECT 1 FROM asset_revisions WHERE asset_id = ? AND version = ?").get(id, stored.version);
  if (any) return;
  const updated = db.sqlite.prepare("SELECT updated_at FROM assets WHERE id = ?").pluck().get(id) as string;
  db.sqlite
    .prepare("INSERT INTO asset_revisions (asset_id, version, user_id, action, changes, snapshot, note, created_at) VALUES (?, ?, NULL, 'baseline', '[]', ?, NULL, ?)")
    .run(id, stored.version, JSON.stringify({ ...stored.input, id }), updated);
}

/** A 400 whose fields use the write shape's keys (callers rename them for the API or the form). */
export class InvalidAsset extends ApiError {
  constructor(fields: Record<string, string>) {
    super(400, "invalid_input", `Please check: ${describeFields(fields)}.`, fields);
  }
}

export function validate(candidate: unknown): ValidAsset {
  const parsed = assetInputSchema.safeParse(candidate);
  if (!parsed.success) throw new InvalidAsset(fieldErrors(parsed.error));
  return parsed.data;
}

function limitWrites(user: User): void {
  enforce(`writes:user:${user.id}`, LIMITS.writesPerUser, "changes in a short time");
}

function notFound(): ApiError {
  return new ApiError(404, "not_found", "There is no asset with that id.");
}

interface ModifyOptions {
  /** For the revision: a fixed action, or one chosen from the current record. */
  action: string | ((current: ValidAsset) => string);
  note?: string | null;
  /** The version the writer last saw; a different current version is a conflict (409). */
  expectedVersion?: number;
  now?: Date;
}

/**
 * Change one asset: inside one transaction, read the current record, check the version, build
 * the new record, validate it and write it (with the index and a revision). Nothing is written
 * when anything fails.
 */
export async function modifyAsset(
  ctx: Context,
  user: User,
  id: string,
  opts: ModifyOptions,
  change: (current: ValidAsset, stored: StoredAsset) => unknown,
): Promise<{ record: PublicAsset; outcome: WriteOutcome }> {
  limitWrites(user);
  const now = opts.now ?? new Date();
  let outcome!: WriteOutcome;
  ctx.db.sqlite.transaction(() => {
    const stored = loadAssetInput(ctx.db, id);
    if (!stored) throw notFound();
    if (opts.expectedVersion !== undefined && opts.expectedVersion !== stored.version) throw new ConflictError(getAsset(ctx.db, id));
    const valid = validate(change(stored.input, stored));
    ensureBaseline(ctx.db, id, stored);
    [outcome] = writeAssetsSync(ctx, [{ ...valid, id }], now, {
      actor: user.id,
      action: typeof opts.action === "function" ? opts.action(stored.input) : opts.action,
      note: opts.note ?? null,
      expectedVersion: stored.version,
    });
  })();
  if (outcome.status !== "unchanged") await ctx.index.afterCommit([id]);
  return { record: getAsset(ctx.db, id)!, outcome };
}

/** Defaults for a record a connector makes (decision 0003): its own source and a random source id. */
export function connectorDefaults(now: Date): Record<string, unknown> {
  return {
    source: CONNECTOR_SOURCE,
    source_id: crypto.randomUUID(),
    licence: CONNECTOR_LICENCE,
    attribution: CONNECTOR_ATTRIBUTION,
    is_example: false,
    status: "active",
    categories: [],
    access: [],
    // The connector has just checked it.
    verified_at: now.toISOString(),
    review_due: nextReviewDate(now),
  };
}

/** Make sure the datasets table knows the "connector" source (for the source title, /about and attribution). */
function ensureConnectorDataset(db: Db, now: Date): void {
  registerDataset(db, { source: CONNECTOR_SOURCE, title: CONNECTOR_DATASET_TITLE, licence: CONNECTOR_LICENCE, attribution: CONNECTOR_ATTRIBUTION }, now);
}

/** Create a new asset from a validated candidate. */
export async function createAsset(ctx: Context, user: User, candidate: unknown, now = new Date()): Promise<PublicAsset> {
  limitWrites(user);
  let id = "";
  ctx.db.sqlite.transaction(() => {
    const valid = validate(candidate);
    [{ id }] = writeAssetsSync(ctx, [valid], now, { actor: user.id, action: "create" });
    ensureConnectorDataset(ctx.db, now);
  })();
  await ctx.index.afterCommit([id]);
  return getAsset(ctx.db, id)!;
}

// ------------------------------------------------------------------ location by postcode

export type PostcodePlace = { lat: number; lng: number; location_precision: "postcode_unit" | "postcode_district"; postcode: string };

/** Geocode a postcode for a record: its point and how exact it is, or why not. */
export function placeByPostcode(db: Db, postcode: string): PostcodePlace | { error: "malformed" | "unknown" } {
  const g = geocodePostcode(db, postcode);
  if (g === null) return { error: "malformed" };
  if (g === undefined) return { error: "unknown" };
  return { lat: g.lat, lng: g.lng, location_precision: g.precision === "unit" ? "postcode_unit" : "postcode_district", postcode: g.postcode };
}

function apiPostcodeError(kind: "malformed" | "unknown"): string {
  return kind === "malformed" ? "is not a valid UK postcode (like M33 7XX)" : "is not a postcode we know: send lat and lng instead";
}

// ------------------------------------------------------------------ the JSON API

function apiInvalid(fields: Record<string, string>): ApiError {
  return new ApiError(400, "invalid_input", `Please check: ${describeFields(fields)}.`, fields);
}

function publicise<T>(fn: () => Promise<T>): Promise<T> {
  return fn().catch((e) => {
    if (e instanceof InvalidAsset) throw apiInvalid(publicFieldErrors(e.fields ?? {}));
    throw e;
  });
}

/** Mapping errors plus whatever the schema finds in the rest, so one answer names every bad field. */
function withSchemaErrors(errors: Record<string, string>, input: Record<string, unknown>): Record<string, string> {
  const parsed = assetInputSchema.safeParse(input);
  return parsed.success ? errors : { ...publicFieldErrors(fieldErrors(parsed.error)), ...errors };
}

/** POST /api/assets: a body in the public record's shape. */
export async function apiCreateAsset(ctx: Context, user: User, body: unknown, now = new Date()): Promise<PublicAsset> {
  return publicise(async () => {
    const m = mapPublicBody(body, connectorDefaults(now), { creating: true });
    if (m.lookup) {
      const place = placeByPostcode(ctx.db, m.lookup);
      if ("error" in place) m.errors["location.postcode"] = apiPostcodeError(place.error);
      else {
        const precision = m.touched.includes("location_precision") ? m.input.location_precision : place.location_precision;
        Object.assign(m.input, { lat: place.lat, lng: place.lng, postcode: place.postcode, location_precision: precision });
      }
    }
    if (Object.keys(m.errors).length) throw apiInvalid(withSchemaErrors(m.errors, m.input));
    return createAsset(ctx, user, m.input, now);
  });
}

function versionOf(body: unknown, required: boolean): number | undefined {
  const v = (body as { version?: unknown } | null)?.version;
  if (v === undefined || v === null) {
    if (required) throw apiInvalid({ version: "is required: send the version you last read, so that nobody's change is lost" });
    return undefined;
  }
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw apiInvalid({ version: "must be a whole number (the record's version)" });
  return v;
}

/** PATCH /api/assets/:id with {version, ...changed fields}. */
export async function apiPatchAsset(ctx: Context, user: User, id: string, body: unknown, now = new Date()): Promise<PublicAsset> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw apiInvalid({ _: "The body must be a JSON object." });
  const expectedVersion = versionOf(body, true);
  const status = (body as { status?: unknown }).status;
  // A change of status through PATCH is recorded as an archive or unarchive.
  const action = (current: ValidAsset) =>
    status === "archived" && current.status !== "archived" ? "archive" : status === "active" && current.status === "archived" ? "unarchive" : "update";
  return publicise(async () => {
    const { record } = await modifyAsset(ctx, user, id, { action, expectedVersion, now }, (current) => {
      const m = mapPublicBody(body, current, { creating: false });
      if (m.lookup) {
        const place = placeByPostcode(ctx.db, m.lookup);
        if ("error" in place) m.errors["location.postcode"] = apiPostcodeError(place.error);
        else Object.assign(m.input, { lat: place.lat, lng: place.lng, postcode: place.postcode, location_precision: place.location_precision });
      }
      if (Object.keys(m.errors).length) throw apiInvalid(withSchemaErrors(m.errors, m.input));
      // Changing the hours makes the hours "as published" out of date.
      if (m.touched.includes("opening_hours") && !m.touched.includes("opening_hours_text") && m.input.opening_hours !== current.opening_hours) {
        m.input.opening_hours_text = null;
      }
      return m.input;
    });
    return record;
  });
}

/** The optional {"version": N} of verify/archive/unarchive bodies. */
export function optionalVersion(body: unknown): number | undefined {
  return versionOf(body, false);
}

// ------------------------------------------------------------------ verify, archive, restore

/** "Still correct": verified now, next review in 12 months. */
export async function verifyAsset(ctx: Context, user: User, id: string, expectedVersion?: number, now = new Date()) {
  return modifyAsset(ctx, user, id, { action: "verify", expectedVersion, now }, (current) => ({
    ...current,
    verified_at: now.toISOString(),
    review_due: nextReviewDate(now),
  }));
}

/** Archive (the place has closed) or bring back. Archived assets leave search at once. */
export async function setArchived(ctx: Context, user: User, id: string, archived: boolean, expectedVersion?: number, now = new Date()) {
  return modifyAsset(ctx, user, id, { action: archived ? "archive" : "unarchive", expectedVersion, now }, (current) => ({
    ...current,
    status: archived ? "archived" : "active",
  }));
}

/**
 * Restore the content of an earlier version as a new version. The current status (archived or
 * not) and verification dates stay as they are: restore brings back what the record said.
 */
export async function restoreVersion(ctx: Context, user: User, id: string, version: number, expectedVersion?: number, now = new Date()) {
  return modifyAsset(ctx, user, id, { action: "restore", note: `Restored version ${version}`, expectedVersion, now }, (current) => {
    const old = snapshotAt(ctx.db, id, version);
    if (!old) throw new ApiError(404, "not_found", `There is no saved version ${version} of this asset.`, { version: "is not in the history" });
    return { ...old, id, status: current.status, verified_at: current.verified_at, review_due: current.review_due };
  });
}

export interface RevisionView {
  version: number;
  action: string;
  note: string | null;
  created_at: string;
  user: { id: string; name: string; email: string } | null;
  changes: { field: string; old: unknown; new: unknown }[];
}

export function listRevisions(db: Db, id: string, opts: { limit?: number; offset?: number } = {}): { total: number; revisions: RevisionView[] } {
  const total = db.sqlite.prepare("SELECT COUNT(*) FROM asset_revisions WHERE asset_id = ?").pluck().get(id) as number;
  const rows = db.sqlite
    .prepare(
      `SELECT r.version, r.action, r.note, r.created_at, r.changes, u.id AS user_id, u.name AS user_name, u.email AS user_email
       FROM asset_revisions r LEFT JOIN users u ON u.id = r.user_id
       WHERE r.asset_id = ? ORDER BY r.version DESC, r.id DESC LIMIT ? OFFSET ?`,
    )
    .all(id, opts.limit ?? 50, opts.offset ?? 0) as {
    version: number;
    action: string;
    note: string | null;
    created_at: string;
    changes: string;
    user_id: string | null;
    user_name: string | null;
    user_email: string | null;
  }[];
  return {
    total,
    revisions: rows.map((r) => ({
      version: r.version,
      action: r.action,
      note: r.note,
      created_at: r.created_at,
      user: r.user_id ? { id: r.user_id, name: r.user_name ?? "", email: r.user_email ?? "" } : null,
      changes: JSON.parse(r.changes) as RevisionView["changes"],
    })),
  };
}

// ------------------------------------------------------------------ the browser form

export interface ConflictView {
  /** The current version: the form carries it from now on, so saving again is a deliberate choice. */
  version: number;
  by: string | null;
  at: string | null;
  changes: { field: string; label: string; theirs: string; yours: string }[];
}

export type FormSaveResult =
  | { ok: true; id: string; precision: string; unchanged: boolean }
  | { ok: false; errors: Record<string, string>; conflict?: ConflictView; status: number };

/** Fields of the write shape that the form edits (the rest is kept from the record). */
const FORM_FIELDS = [
  "kind",
  "name",
  "summary",
  "description",
  "categories",
  "access",
  "access_notes",
  "address",
  "locality",
  "postcode",
  "lat",
  "lng",
  "location_precision",
  "opening_hours",
  "opening_hours_text",
  "cost",
  "age",
  "time_credits",
  "changing_places",
  "phone",
  "email",
  "website",
  "how_to_get_there",
] as const;

function conflictView(db: Db, id: string, yourVersion: number, yours: Record<string, unknown>): ConflictView {
  const current = loadAssetInput(db, id)!;
  const before = snapshotAt(db, id, yourVersion);
  const theirs = current.input as unknown as Record<string, unknown>;
  // What they changed since you opened the form (or, without history, where theirs and yours differ).
  const fields = (before ? changedFields(before as unknown as Record<string, unknown>, theirs) : changedFields(yours, theirs)).filter(
    (f) => !["source", "source_id", "source_url", "licence", "attribution", "is_example", "content_hash"].includes(f),
  );
  const last = db.sqlite
    .prepare(
      "SELECT r.created_at, COALESCE(NULLIF(u.name, ''), u.email) AS who FROM asset_revisions r LEFT JOIN users u ON u.id = r.user_id WHERE r.asset_id = ? ORDER BY r.version DESC, r.id DESC LIMIT 1",
    )
    .get(id) as { created_at: string; who: string | null } | undefined;
  return {
    version: current.version,
    by: last?.who ?? null,
    at: last?.created_at ?? null,
    changes: fields.map((f) => ({
      field: f,
      label: fieldLabel(f),
      theirs: describeValue(f, theirs[f]),
      yours: (FORM_FIELDS as readonly string[]).includes(f) ? describeValue(f, yours[f]) : "(not part of this form: theirs is kept)",
    })),
  };
}

/**
 * Save the asset form: new (id null) or an edit of `id` at `expectedVersion`. Field errors are
 * keyed by form field; a stale version returns the conflict (theirs vs yours) and nothing is saved.
 */
export async function saveAssetForm(
  ctx: Context,
  user: User,
  id: string | null,
  values: AssetFormValues,
  expectedVersion: number | null,
  now = new Date(),
): Promise<FormSaveResult> {
  const db = ctx.db;
  const stored = id ? loadAssetInput(db, id) : null;
  if (id && !stored) throw notFound();
  const base: ValidAsset | null = stored?.input ?? null;
  const { draft, errors, lookup } = formToDraft(values, {
    baseHours: base?.opening_hours ?? null,
    baseContact: base ? { phone: base.phone, email: base.email, website: base.website } : undefined,
  });
  const candidate: Record<string, unknown> = { ...(base ?? connectorDefaults(now)) };
  for (const k of FORM_FIELDS) if (k in draft) candidate[k] = (draft as unknown as Record<string, unknown>)[k];
  if (lookup) {
    const place = placeByPostcode(db, lookup);
    if ("error" in place) {
      errors.postcode =
        place.error === "malformed"
          ? "Enter a real postcode, like M33 7XX"
          : `We do not know the postcode ${lookup.trim().toUpperCase()}. Check it, or place it with a pin on the map`;
    } else Object.assign(candidate, place);
  }
  if (base) {
    // The same codes in another order are no change.
    const same = (x: string[], y: string[]) => x.length === y.length && x.every((c) => y.includes(c));
    if (same(draft.categories, base.categories)) candidate.categories = base.categories;
    if (same(draft.access, base.access)) candidate.access = base.access;
    // Equipment all "not known" is the same as no equipment recorded.
    const blank = (cp: unknown) => cp === null || (typeof cp === "object" && Object.values(cp as object).every((x) => x === null));
    if (blank(draft.changing_places) && blank(base.changing_places)) candidate.changing_places = base.changing_places;
    // An exact point that did not move keeps how exact it was said to be ("building", say).
    if (draft.lat === base.lat && draft.lng === base.lng) candidate.location_precision = base.location_precision;
    candidate.opening_hours_text = draft.opening_hours === base.opening_hours ? base.opening_hours_text : null;
    // An asset placed by its postcode keeps its point when the postcode did not change.
    if (lookup && base.location_precision.startsWith("postcode") && (base.postcode ?? "").replace(/\s+/g, "").toUpperCase() === lookup.replace(/\s+/g, "").toUpperCase()) {
      Object.assign(candidate, { lat: base.lat, lng: base.lng, location_precision: base.location_precision, postcode: base.postcode });
    }
  }
  if (stored && expectedVersion !== null && expectedVersion !== stored.version) {
    return { ok: false, status: 409, errors: { _: "Someone else saved a change to this record while you were editing it." }, conflict: conflictView(db, id!, expectedVersion, candidate) };
  }
  if (Object.keys(errors).length) return { ok: false, status: 400, errors };
  const parsed = assetInputSchema.safeParse(candidate);
  if (!parsed.success) {
    const out: Record<string, string> = {};
    for (const [k, msg] of Object.entries(fieldErrors(parsed.error))) {
      const [key, sentence] = formErrorFor(k, msg, values);
      out[key] ??= sentence;
    }
    return { ok: false, status: 400, errors: out };
  }
  try {
    if (!id) {
      const record = await createAsset(ctx, user, parsed.data, now);
      return { ok: true, id: record.id, precision: record.location.precision, unchanged: false };
    }
    const { record, outcome } = await modifyAsset(ctx, user, id, { action: "update", expectedVersion: expectedVersion ?? undefined, now }, () => parsed.data);
    return { ok: true, id, precision: record.location.precision, unchanged: outcome.status === "unchanged" };
  } catch (e) {
    if (e instanceof ConflictError && id) {
      return { ok: false, status: 409, errors: { _: e.message }, conflict: conflictView(db, id, expectedVersion ?? 0, candidate) };
    }
    if (e instanceof InvalidAsset) {
      const out: Record<string, string> = {};
      for (const [k, msg] of Object.entries(e.fields ?? {})) {
        const [key, sentence] = formErrorFor(k, msg, values);
        out[key] ??= sentence;
      }
      return { ok: false, status: 400, errors: out };
    }
    throw e;
  }
}

// ------------------------------------------------------------------ the connector's area

export function setUserArea(db: Db, user: User, postcode: string, now = new Date()): { ok: true; label: string } | { ok: false; error: string } {
  const trimmed = postcode.trim();
  if (!trimmed) {
    db.sqlite.prepare("UPDATE users SET area_postcode = NULL, area_lat = NULL, area_lng = NULL, updated_at = ? WHERE id = ?").run(now.toISOString(), user.id);
    return { ok: true, label: "" };
  }
  const g = geocodePostcode(db, trimmed);
  if (g === null) return { ok: false, error: "Enter a real postcode, like M33 7XX or M33" };
  if (g === undefined) return { ok: false, error: `${trimmed.toUpperCase()} is not a postcode we know. Check it and try again` };
  db.sqlite
    .prepare("UPDATE users SET area_postcode = ?, area_lat = ?, area_lng = ?, updated_at = ? WHERE id = ?")
    .run(g.postcode, g.lat, g.lng, now.toISOString(), user.id);
  return { ok: true, label: g.postcode };
}
