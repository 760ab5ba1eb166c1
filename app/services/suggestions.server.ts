// Suggestions from the public and their moderation. A suggestion lives only in the
// `suggestions` table until a connector approves it: nothing from the public reaches the
// directory (or the search index) unreviewed. Approving a correction writes the asset through
// writeAssets (action "suggestion", the connector as actor); approving a new asset creates it
// from the connector's completed review form. Every decision keeps who, when and why.
import crypto from "node:crypto";
import type { Db } from "../../db/index";
import { assetInputSchema, fieldErrors, type AssetInput, type ValidAsset } from "../core/asset";
import { KINDS, isCategory, isKind } from "../core/taxonomy";
import {
  hoursFromText,
  payloadOf,
  proposedChanges,
  readPayload,
  rejectReasonSchema,
  suggestionInputSchema,
  type ProposedChange,
  type SuggestionPayload,
} from "../core/suggestion";
import { modifyAsset } from "../features/assets/change-asset.server";
import { loadAssetInput } from "../features/assets/stored-asset.server";
import { writeAssetsIn } from "../features/assets/write-assets.server";
import type { User } from "./auth.server";
import type { Context } from "./context.server";
import { ApiError, describeFields } from "./errors";
import { geocodePostcode } from "./geocode.server";
import { registerDataset } from "./import/reference.server";
import { withPostcodeLine } from "./import/sources";
import { LIMITS, enforce } from "./rate-limit.server";

/** Where assets made from approved new-asset suggestions come from (decision 0003). */
export const SUGGESTION_SOURCE = "suggestion";
export const SUGGESTION_DATASET = {
  source: SUGGESTION_SOURCE,
  title: "Suggestions from the public, checked by a connector",
  licence: "Contributed to Real Wealth",
  attribution: "Suggested by a member of the public and checked by a Real Wealth connector",
  url: null,
};

export type SuggestionStatus = "pending" | "approved" | "rejected";

export interface Suggestion {
  id: string;
  asset_id: string | null;
  /** The listing's name now (corrections), or null. */
  asset_name: string | null;
  payload: SuggestionPayload;
  message: string;
  contact_email: string | null;
  submitted_by: string | null;
  status: SuggestionStatus;
  reason: string | null;
  reviewed_by: string | null;
  reviewer_name: string | null;
  reviewed_at: string | null;
  created_at: string;
  /** For an approved new-asset suggestion: the listing it became. */
  created_asset_id: string | null;
}

interface Row {
  id: string;
  asset_id: string | null;
  asset_name: string | null;
  payload: string;
  message: string | null;
  contact_email: string | null;
  submitted_by: string | null;
  status: SuggestionStatus;
  reason: string | null;
  reviewed_by: string | null;
  reviewer_name: string | null;
  reviewed_at: string | null;
  created_at: string;
  created_asset_id: string | null;
}

const SELECT = `SELECT s.id, s.asset_id, a.name AS asset_name, s.payload, s.message, s.contact_email, s.submitted_by, s.status, s.reason,
  s.reviewed_by, COALESCE(NULLIF(u.name, ''), u.email) AS reviewer_name, s.reviewed_at, s.created_at,
  (SELECT c.id FROM assets c WHERE c.source = '${SUGGESTION_SOURCE}' AND c.source_id = s.id) AS created_asset_id
  FROM suggestions s LEFT JOIN assets a ON a.id = s.asset_id LEFT JOIN users u ON u.id = s.reviewed_by`;

function fromRow(r: Row): Suggestion {
  return { ...r, payload: readPayload(r.payload), message: r.message ?? "" };
}

// ------------------------------------------------------------------ the public side

export interface Submitter {
  user: User | null;
  ip: string;
}

/**
 * Store a suggestion (web form or API). `raw` may carry the honeypot field `website_url`,
 * which people never fill in. Rate-limited per address (and per account when signed in).
 */
export function createSuggestion(ctx: Context, raw: unknown, who: Submitter, now = new Date()): { id: string } {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new ApiError(400, "invalid_input", "Send the suggestion as a JSON object.");
  const { website_url: trap, ...fields } = raw as Record<string, unknown>;
  if (typeof trap === "string" && trap !== "") throw new ApiError(400, "spam", "This suggestion could not be sent.");
  const parsed = suggestionInputSchema.safeParse(fields);
  if (!parsed.success) {
    const f = fieldErrors(parsed.error);
    throw new ApiError(400, "invalid_input", `Please check: ${describeFields(f)}.`, f);
  }
  const s = parsed.data;
  if (s.asset_id && !ctx.db.sqlite.prepare("SELECT 1 FROM assets WHERE id = ?").get(s.asset_id)) {
    throw new ApiError(404, "not_found", "There is no listing with that id.");
  }
  enforce(`suggest:ip:${who.ip}`, LIMITS.publicWritesPerIp, "suggestions from here");
  if (who.user) enforce(`writes:user:${who.user.id}`, LIMITS.writesPerUser, "changes in a short time");
  const id = crypto.randomUUID();
  ctx.db.sqlite
    .prepare(
      "INSERT INTO suggestions (id, asset_id, payload, message, contact_email, submitted_by, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)",
    )
    .run(id, s.asset_id, JSON.stringify(payloadOf(s)), s.message, s.contact_email, who.user?.id ?? null, now.toISOString());
  return { id };
}

// ------------------------------------------------------------------ the queue

export interface SuggestionCounts {
  pending: number;
  pending_new: number;
  pending_corrections: number;
  approved: number;
  rejected: number;
}

export function suggestionCounts(db: Db): SuggestionCounts {
  const r = db.sqlite
    .prepare(
      `SELECT
        SUM(status = 'pending') AS pending,
        SUM(status = 'pending' AND asset_id IS NULL) AS pending_new,
        SUM(status = 'pending' AND asset_id IS NOT NULL) AS pending_corrections,
        SUM(status = 'approved') AS approved,
        SUM(status = 'rejected') AS rejected
       FROM suggestions`,
    )
    .get() as Record<keyof SuggestionCounts, number | null>;
  return {
    pending: r.pending ?? 0,
    pending_new: r.pending_new ?? 0,
    pending_corrections: r.pending_corrections ?? 0,
    approved: r.approved ?? 0,
    rejected: r.rejected ?? 0,
  };
}

export interface QueueItem extends Suggestion {
  /** For corrections: what would change if approved as it is. */
  changes: ProposedChange[];
}

/** Pending suggestions, oldest first. */
export function pendingSuggestions(db: Db, limit = 100): QueueItem[] {
  const rows = db.sqlite.prepare(`${SELECT} WHERE s.status = 'pending' ORDER BY s.created_at, s.id LIMIT ?`).all(limit) as Row[];
  const current = db.sqlite.prepare("SELECT name, postcode, opening_hours, opening_hours_text FROM assets WHERE id = ?");
  return rows.map((r) => {
    const s = fromRow(r);
    const a = s.asset_id
      ? (current.get(s.asset_id) as { name: string; postcode: string | null; opening_hours: string | null; opening_hours_text: string | null } | undefined)
      : undefined;
    return { ...s, changes: a ? proposedChanges(a, s.payload) : [] };
  });
}

/** The latest decisions, newest first. */
export function recentDecisions(db: Db, limit = 20): Suggestion[] {
  return (db.sqlite.prepare(`${SELECT} WHERE s.status != 'pending' ORDER BY s.reviewed_at DESC, s.id LIMIT ?`).all(limit) as Row[]).map(fromRow);
}

export function getSuggestion(db: Db, id: string): Suggestion | null {
  const r = db.sqlite.prepare(`${SELECT} WHERE s.id = ?`).get(id) as Row | undefined;
  return r ? fromRow(r) : null;
}

function requirePending(db: Db, id: string): Suggestion {
  const s = getSuggestion(db, id);
  if (!s) throw new ApiError(404, "not_found", "There is no suggestion with that id.");
  if (s.status !== "pending") {
    throw new ApiError(409, "already_decided", `This suggestion was already ${s.status}${s.reviewer_name ? ` by ${s.reviewer_name}` : ""}.`);
  }
  return s;
}

/** Mark a pending suggestion decided; throws when someone else decided it first. */
function decide(db: Db, id: string, status: "approved" | "rejected", reviewer: User, reason: string | null, now: Date): void {
  const changed = db.sqlite
    .prepare("UPDATE suggestions SET status = ?, reason = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ? AND status = 'pending'")
    .run(status, reason, reviewer.id, now.toISOString(), id).changes;
  if (!changed) throw new ApiError(409, "already_decided", "Someone else decided this suggestion a moment ago.");
}

// ------------------------------------------------------------------ the record as editable input

/** The current record of an asset as write input (what writeAssets takes) and its version, or null. */
export async function editableInput(db: Db, id: string): Promise<(AssetInput & { version: number }) | null> {
  const stored = await loadAssetInput(db, id);
  return stored ? { ...(stored.input as AssetInput), id, version: stored.version } : null;
}

/** The fields a connector can edit when reviewing a suggestion (all text, as typed in the form). */
export interface ReviewFields {
  name?: string;
  kind?: string;
  categories?: string[];
  summary?: string;
  description?: string;
  address?: string;
  postcode?: string;
  opening_hours?: string;
  phone?: string;
  email?: string;
  website?: string;
}

/** Move a record to a postcode: its centre, the precision, and the postcode data's attribution. */
function placeByPostcode(db: Db, input: AssetInput, postcode: string, errors: Record<string, string>): void {
  const g = geocodePostcode(db, postcode);
  if (g === null) {
    errors.postcode = "must be a UK postcode such as M33 7XX";
    return;
  }
  if (!g) {
    errors.postcode = "is not a postcode we can place on the map; check it, or ask the person for the exact address";
    return;
  }
  input.postcode = g.postcode;
  input.lat = g.lat;
  input.lng = g.lng;
  input.location_precision = g.precision === "unit" ? "postcode_unit" : "postcode_district";
  input.attribution = withPostcodeLine(String(input.attribution ?? ""));
}

const blankToNull = (v: string | undefined) => (v === undefined ? undefined : v.trim() === "" ? null : v.trim());

/** Apply a connector's edits to an input record; problems go into `errors` by field. */
function applyEdits(db: Db, input: AssetInput, edits: ReviewFields, errors: Record<string, string>): void {
  if (edits.name !== undefined) input.name = edits.name.trim();
  if (edits.kind !== undefined) {
    if (isKind(edits.kind)) input.kind = edits.kind;
    else errors.kind = edits.kind ? `must be one of: ${KINDS.join(", ")}` : "is required: choose what kind of place or service it is";
  }
  if (edits.categories !== undefined) {
    const bad = edits.categories.filter((c) => !isCategory(c));
    if (bad.length) errors.categories = `unknown category "${bad[0]}"`;
    input.categories = edits.categories.filter(isCategory);
  }
  if (edits.summary !== undefined) input.summary = edits.summary.trim();
  if (edits.description !== undefined) input.description = edits.description.trim();
  if (edits.address !== undefined) input.address = blankToNull(edits.address);
  if (edits.phone !== undefined) input.phone = blankToNull(edits.phone);
  if (edits.email !== undefined) input.email = blankToNull(edits.email);
  if (edits.website !== undefined) input.website = blankToNull(edits.website);
  if (edits.opening_hours !== undefined) {
    const now = input.opening_hours_text ?? input.opening_hours ?? "";
    if (edits.opening_hours.trim() !== now.trim() && edits.opening_hours.trim() !== (input.opening_hours ?? "")) {
      Object.assign(input, hoursFromText(edits.opening_hours));
    }
  }
  if (edits.postcode !== undefined) {
    const pc = edits.postcode.trim();
    if (!pc) {
      if (input.lat === undefined || input.lat === null) errors.postcode = "is required, so the listing can be placed on the map";
    } else if (pc.replace(/\s+/g, "").toUpperCase() !== String(input.postcode ?? "").replace(/\s+/g, "").toUpperCase()) {
      placeByPostcode(db, input, pc, errors);
    }
  }
}

function validate(input: AssetInput, errors: Record<string, string>): ValidAsset {
  const parsed = assetInputSchema.safeParse(input);
  if (!parsed.success) {
    for (const [k, v] of Object.entries(fieldErrors(parsed.error))) {
      const key = k.replace(/\.\d+$/, "");
      // A listing that could not be placed has no coordinates: the postcode message says why.
      if ((key === "lat" || key === "lng") && errors.postcode) continue;
      if (!(key in errors)) errors[key] = v;
    }
  }
  if (Object.keys(errors).length || !parsed.success) throw new ApiError(400, "invalid_input", `Please check: ${describeFields(errors)}.`, errors);
  return parsed.data;
}

/** The edits a correction proposes as it stands (what "Approve" applies without editing). */
export function editsFromPayload(payload: SuggestionPayload): ReviewFields {
  const edits: ReviewFields = {};
  if (payload.name) edits.name = payload.name;
  if (payload.postcode) edits.postcode = payload.postcode;
  if (payload.when) edits.opening_hours = payload.when;
  return edits;
}

// ------------------------------------------------------------------ decisions

export interface Decision {
  suggestion: Suggestion;
  asset_id: string | null;
  /** "updated", "unchanged" (approved with nothing to change) or "created". */
  outcome: "created" | "updated" | "unchanged" | "rejected";
}

/**
 * Approve a correction: apply `edits` (default: the suggested fields as they are) to the asset
 * through writeAssets, with action "suggestion" and the connector as actor, and record the
 * decision, all in one transaction. `expectedVersion` guards against a change made meanwhile.
 */
export async function approveCorrection(
  ctx: Context,
  reviewer: User,
  id: string,
  opts: { edits?: ReviewFields; expectedVersion?: number } = {},
  now = new Date(),
): Promise<Decision> {
  const s = requirePending(ctx.db, id);
  if (!s.asset_id) throw new ApiError(400, "needs_review", "A suggested new listing must be completed in the review form before it is added.");
  if (!ctx.db.sqlite.prepare("SELECT 1 FROM assets WHERE id = ?").get(s.asset_id)) {
    throw new ApiError(404, "not_found", "The listing this suggestion is about no longer exists.");
  }
  // modifyAsset runs `change` inside its write transaction: the decision is recorded in the
  // same transaction as the record, its revision and the search index, or not at all.
  const { outcome } = await modifyAsset(
    ctx,
    reviewer,
    s.asset_id,
    { action: "suggestion", note: `Suggestion from the public: ${s.message.slice(0, 500)}`, expectedVersion: opts.expectedVersion, now },
    (current) => {
      const input = { ...current } as AssetInput;
      const errors: Record<string, string> = {};
      applyEdits(ctx.db, input, opts.edits ?? editsFromPayload(s.payload), errors);
      const valid = validate(input, errors);
      decide(ctx.db, id, "approved", reviewer, null, now);
      return valid;
    },
  );
  return { suggestion: getSuggestion(ctx.db, id)!, asset_id: s.asset_id, outcome: outcome.status };
}

/**
 * Approve a suggested new listing: the connector has completed the review form (kind,
 * categories, location...). The asset is created with source "suggestion" and the suggestion's
 * id as its source id, so approving twice can never make two listings.
 */
export async function approveNewAsset(ctx: Context, reviewer: User, id: string, fields: ReviewFields, now = new Date()): Promise<Decision> {
  enforce(`writes:user:${reviewer.id}`, LIMITS.writesPerUser, "changes in a short time");
  const s = requirePending(ctx.db, id);
  if (s.asset_id) throw new ApiError(400, "not_new", "This suggestion is a correction to an existing listing.");
  const input: AssetInput = {
    kind: "community_group",
    name: "",
    lat: undefined as unknown as number,
    lng: undefined as unknown as number,
    source: SUGGESTION_SOURCE,
    source_id: s.id,
    licence: SUGGESTION_DATASET.licence,
    attribution: SUGGESTION_DATASET.attribution,
    verified_at: now.toISOString().slice(0, 10),
  };
  const errors: Record<string, string> = {};
  if (!fields.kind) errors.kind = "is required: choose what kind of place or service it is";
  if (!fields.postcode?.trim()) errors.postcode = "is required, so the listing can be placed on the map";
  applyEdits(ctx.db, input, fields, errors);
  const valid = validate(input, errors);
  let assetId = "";
  // One transaction: the listing, its revision, the index and the decision. `decide` runs
  // synchronously on the same connection, so it is part of it.
  await ctx.db.kysely.transaction().execute(async (tx) => {
    const [o] = await writeAssetsIn(tx, ctx.index, [valid], now, {
      actor: reviewer.id,
      action: "suggestion",
      note: `New listing suggested by the public: ${s.message.slice(0, 500)}`,
    });
    assetId = o.id;
    decide(ctx.db, id, "approved", reviewer, null, now);
  });
  registerDataset(ctx.db, SUGGESTION_DATASET, now);
  await ctx.index.afterCommit([assetId]);
  return { suggestion: getSuggestion(ctx.db, id)!, asset_id: assetId, outcome: "created" };
}

/** Reject with a reason (required); the directory is not touched. */
export function rejectSuggestion(ctx: Context, reviewer: User, id: string, reason: unknown, now = new Date()): Decision {
  enforce(`writes:user:${reviewer.id}`, LIMITS.writesPerUser, "changes in a short time");
  const r = rejectReasonSchema.safeParse(typeof reason === "string" ? reason : "");
  if (!r.success) throw new ApiError(400, "invalid_input", `Please check: reason ${r.error.issues[0].message}.`, { reason: r.error.issues[0].message });
  const s = requirePending(ctx.db, id);
  decide(ctx.db, id, "rejected", reviewer, r.data, now);
  return { suggestion: getSuggestion(ctx.db, id)!, asset_id: s.asset_id, outcome: "rejected" };
}
