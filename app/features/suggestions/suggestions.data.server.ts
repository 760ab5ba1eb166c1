// The suggestions table: the only code that reads or writes it. A suggestion is read with the
// name of the listing it is about, who decided it, and (for an approved new listing) the asset
// it became.
import type { Insertable, InferResult, Selectable } from "kysely";
import type { Executor } from "../../../db/index";
import type { SuggestionsTable } from "../../../db/schema";
import { SUGGESTION_SOURCE } from "../../core/suggestion";

export type SuggestionRow = Selectable<SuggestionsTable>;
export type NewSuggestion = Insertable<SuggestionsTable>;

export function insertSuggestion(db: Executor, row: NewSuggestion): Promise<unknown> {
  return db.insertInto("suggestions").values(row).execute();
}

function suggestionQuery(db: Executor) {
  return db
    .selectFrom("suggestions as s")
    .leftJoin("assets as a", "a.id", "s.asset_id")
    .leftJoin("users as u", "u.id", "s.reviewed_by")
    .select((eb) => [
      "s.id",
      "s.asset_id",
      "a.name as asset_name",
      "s.payload",
      "s.message",
      "s.contact_email",
      "s.submitted_by",
      "s.status",
      "s.reason",
      "s.reviewed_by",
      eb.fn.coalesce(eb.fn<string | null>("nullif", ["u.name", eb.val("")]), "u.email").as("reviewer_name"),
      "s.reviewed_at",
      "s.created_at",
      eb
        .selectFrom("assets as c")
        .select("c.id")
        .where("c.source", "=", SUGGESTION_SOURCE)
        .whereRef("c.source_id", "=", "s.id")
        .as("created_asset_id"),
    ]);
}

/** A suggestion as the moderation pages read it. */
export type SuggestionRecord = InferResult<ReturnType<typeof suggestionQuery>>[number];

export function findSuggestion(db: Executor, id: string): Promise<SuggestionRecord | undefined> {
  return suggestionQuery(db).where("s.id", "=", id).executeTakeFirst();
}

/** Pending suggestions, oldest first, each with the fields of its listing a correction may change. */
export function listPendingSuggestions(db: Executor, limit: number) {
  return suggestionQuery(db)
    .select(["a.postcode as asset_postcode", "a.opening_hours as asset_opening_hours", "a.opening_hours_text as asset_opening_hours_text"])
    .where("s.status", "=", "pending")
    .orderBy("s.created_at")
    .orderBy("s.id")
    .limit(limit)
    .execute();
}

/** Decided suggestions, the latest decision first. */
export function listDecidedSuggestions(db: Executor, limit: number): Promise<SuggestionRecord[]> {
  return suggestionQuery(db).where("s.status", "!=", "pending").orderBy("s.reviewed_at", "desc").orderBy("s.id").limit(limit).execute();
}

/** How many suggestions wait (new listings, corrections) and how many were approved or rejected. */
export function countSuggestions(db: Executor) {
  return db
    .selectFrom("suggestions")
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere("status", "=", "pending").as("pending"),
      eb.fn.countAll<number>().filterWhere((f) => f.and([f("status", "=", "pending"), f("asset_id", "is", null)])).as("pending_new"),
      eb.fn.countAll<number>().filterWhere((f) => f.and([f("status", "=", "pending"), f("asset_id", "is not", null)])).as("pending_corrections"),
      eb.fn.countAll<number>().filterWhere("status", "=", "approved").as("approved"),
      eb.fn.countAll<number>().filterWhere("status", "=", "rejected").as("rejected"),
    ])
    .executeTakeFirstOrThrow();
}

export type DecisionRow = Pick<SuggestionRow, "id" | "reason" | "reviewed_by" | "reviewed_at"> & { status: "approved" | "rejected" };

function decideQuery(db: Executor, d: DecisionRow) {
  return db
    .updateTable("suggestions")
    .set({ status: d.status, reason: d.reason, reviewed_by: d.reviewed_by, reviewed_at: d.reviewed_at })
    .where("id", "=", d.id)
    .where("status", "=", "pending");
}

/** Mark a pending suggestion decided; false when it was not pending (someone decided it first). */
export async function markDecided(db: Executor, d: DecisionRow): Promise<boolean> {
  const r = await decideQuery(db, d).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}
