// A connector's decision on a suggestion. Approving a correction writes the asset through
// writeAssets (action "suggestion", the connector as actor); approving a new asset creates it
// from the connector's completed review form; rejecting needs a reason and leaves the directory
// alone. Every decision keeps who, when and why.
//
// The decision is recorded inside the asset write's Kysely transaction: the record, its
// revision, the search index and the decision commit together or not at all.
import type { AssetInput } from "../../core/asset";
import { SUGGESTION_DATASET, SUGGESTION_SOURCE, rejectReasonSchema } from "../../core/suggestion";
import { modifyAsset } from "../assets/change-asset.server";
import { writeAssetsIn } from "../assets/write-assets.server";
import type { User } from "../accounts/users.data.server";
import type { Context } from "../../server/context.server";
import { ApiError } from "../../server/errors";
import { registerDataset } from "../directory/datasets.data.server";
import { LIMITS, enforce } from "../../server/rate-limit.server";
import { findAssetName } from "../directory/asset-names.data.server";
import { getSuggestion, requirePending, type Suggestion } from "./queue.server";
import { applyEdits, editsFromPayload, validate, type ReviewFields } from "./review-edits.server";
import { markDecided, type DecisionRow } from "./suggestions.data.server";

export interface Decision {
  suggestion: Suggestion;
  asset_id: string | null;
  /** "updated", "unchanged" (approved with nothing to change) or "created". */
  outcome: "created" | "updated" | "unchanged" | "rejected";
}

const ALREADY_DECIDED = () => new ApiError(409, "already_decided", "Someone else decided this suggestion a moment ago.");

function decision(id: string, status: DecisionRow["status"], reviewer: User, reason: string | null, now: Date): DecisionRow {
  return { id, status, reason, reviewed_by: reviewer.id, reviewed_at: now.toISOString() };
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
  const s = await requirePending(ctx.db, id);
  if (!s.asset_id) throw new ApiError(400, "needs_review", "A suggested new listing must be completed in the review form before it is added.");
  if (!(await findAssetName(ctx.db.kysely, s.asset_id))) {
    throw new ApiError(404, "not_found", "The listing this suggestion is about no longer exists.");
  }
  // modifyAsset runs `change` inside its write transaction: the decision is recorded in the
  // same transaction as the record, its revision and the search index, or not at all.
  const { outcome } = await modifyAsset(
    ctx,
    reviewer,
    s.asset_id,
    { action: "suggestion", note: `Suggestion from the public: ${s.message.slice(0, 500)}`, expectedVersion: opts.expectedVersion, now },
    async (current, _stored, tx) => {
      const input = { ...current } as AssetInput;
      const errors: Record<string, string> = {};
      await applyEdits(tx, input, opts.edits ?? editsFromPayload(s.payload), errors);
      const valid = validate(input, errors);
      if (!(await markDecided(tx, decision(id, "approved", reviewer, null, now)))) throw ALREADY_DECIDED();
      return valid;
    },
  );
  return { suggestion: (await getSuggestion(ctx.db, id))!, asset_id: s.asset_id, outcome: outcome.status };
}

/**
 * Approve a suggested new listing: the connector has completed the review form (kind,
 * categories, location...). The asset is created with source "suggestion" and the suggestion's
 * id as its source id, so approving twice can never make two listings.
 */
export async function approveNewAsset(ctx: Context, reviewer: User, id: string, fields: ReviewFields, now = new Date()): Promise<Decision> {
  enforce(`writes:user:${reviewer.id}`, LIMITS.writesPerUser, "changes in a short time");
  const s = await requirePending(ctx.db, id);
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
  await applyEdits(ctx.db, input, fields, errors);
  const valid = validate(input, errors);
  let assetId = "";
  await ctx.db.kysely.transaction().execute(async (tx) => {
    const [o] = await writeAssetsIn(tx, ctx.index, [valid], now, {
      actor: reviewer.id,
      action: "suggestion",
      note: `New listing suggested by the public: ${s.message.slice(0, 500)}`,
    });
    assetId = o.id;
    if (!(await markDecided(tx, decision(id, "approved", reviewer, null, now)))) throw ALREADY_DECIDED();
  });
  await registerDataset(ctx.db.kysely, SUGGESTION_DATASET, now);
  await ctx.index.afterCommit([assetId]);
  return { suggestion: (await getSuggestion(ctx.db, id))!, asset_id: assetId, outcome: "created" };
}

/** Reject with a reason (required); the directory is not touched. */
export async function rejectSuggestion(ctx: Context, reviewer: User, id: string, reason: unknown, now = new Date()): Promise<Decision> {
  enforce(`writes:user:${reviewer.id}`, LIMITS.writesPerUser, "changes in a short time");
  const r = rejectReasonSchema.safeParse(typeof reason === "string" ? reason : "");
  if (!r.success) throw new ApiError(400, "invalid_input", `Please check: reason ${r.error.issues[0].message}.`, { reason: r.error.issues[0].message });
  const s = await requirePending(ctx.db, id);
  if (!(await markDecided(ctx.db.kysely, decision(id, "rejected", reviewer, r.data, now)))) throw ALREADY_DECIDED();
  return { suggestion: (await getSuggestion(ctx.db, id))!, asset_id: s.asset_id, outcome: "rejected" };
}
