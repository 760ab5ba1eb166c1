// Reading suggestions for moderation: one suggestion, the pending queue (with what each
// correction would change), the latest decisions and the counts.
import type { Db } from "../../../db/index";
import { proposedChanges, readPayload, suggestionStatus, type ProposedChange, type SuggestionPayload, type SuggestionStatus } from "../../core/suggestion";
import { ApiError } from "../../server/errors";
import { countSuggestions, findSuggestion, listDecidedSuggestions, listPendingSuggestions, type SuggestionRecord } from "./suggestions.data.server";

export type { SuggestionStatus } from "../../core/suggestion";

/**
 * A suggestion as the pages and the API see it: `asset_name` is the listing's name now
 * (corrections); `created_asset_id` is the listing an approved new-asset suggestion became.
 */
export type Suggestion = Omit<SuggestionRecord, "payload" | "message" | "status"> & {
  payload: SuggestionPayload;
  message: string;
  status: SuggestionStatus;
};

function fromRecord(r: SuggestionRecord): Suggestion {
  return { ...r, payload: readPayload(r.payload), message: r.message ?? "", status: suggestionStatus(r.status) };
}

export interface SuggestionCounts {
  pending: number;
  pending_new: number;
  pending_corrections: number;
  approved: number;
  rejected: number;
}

export async function suggestionCounts(db: Db): Promise<SuggestionCounts> {
  const r = await countSuggestions(db.kysely);
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
export async function pendingSuggestions(db: Db, limit = 100): Promise<QueueItem[]> {
  const rows = await listPendingSuggestions(db.kysely, limit);
  return rows.map(({ asset_postcode, asset_opening_hours, asset_opening_hours_text, ...r }) => {
    const s = fromRecord(r);
    const current =
      s.asset_id && s.asset_name !== null
        ? { name: s.asset_name, postcode: asset_postcode, opening_hours: asset_opening_hours, opening_hours_text: asset_opening_hours_text }
        : undefined;
    return { ...s, changes: current ? proposedChanges(current, s.payload) : [] };
  });
}

/** The latest decisions, newest first. */
export async function recentDecisions(db: Db, limit = 20): Promise<Suggestion[]> {
  return (await listDecidedSuggestions(db.kysely, limit)).map(fromRecord);
}

export async function getSuggestion(db: Db, id: string): Promise<Suggestion | null> {
  const r = await findSuggestion(db.kysely, id);
  return r ? fromRecord(r) : null;
}

/** The suggestion, if it is still waiting for a decision; else a 404 or 409 ApiError. */
export async function requirePending(db: Db, id: string): Promise<Suggestion> {
  const s = await getSuggestion(db, id);
  if (!s) throw new ApiError(404, "not_found", "There is no suggestion with that id.");
  if (s.status !== "pending") {
    throw new ApiError(409, "already_decided", `This suggestion was already ${s.status}${s.reviewer_name ? ` by ${s.reviewer_name}` : ""}.`);
  }
  return s;
}
