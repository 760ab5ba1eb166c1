// The few fields of a listing the matcher scores that the search index does not hold, with the
// name of its organisation. A read of the assets table for the matcher; it moves into the assets
// data module once that exists (issue 10).
import type { Executor } from "../../../db/index";

/** At most this many ids in one statement (SQLite's limit on bound parameters is far above). */
const CHUNK = 500;

function detailsQuery(db: Executor) {
  return db
    .selectFrom("assets as a")
    .leftJoin("organisations as o", "o.id", "a.organisation_id")
    .select([
      "a.id",
      "a.description",
      "a.status",
      "a.is_free",
      "a.cost_text",
      "a.min_age",
      "a.max_age",
      "a.time_credits_earn",
      "a.time_credits_spend",
      "a.opening_hours",
      "o.name as organisation",
    ]);
}

export type CandidateDetails = Awaited<ReturnType<ReturnType<typeof detailsQuery>["execute"]>>[number];

/** The details of these listings, by id (ids with no listing are absent). */
export async function findCandidateDetails(db: Executor, ids: readonly string[]): Promise<Map<string, CandidateDetails>> {
  const out = new Map<string, CandidateDetails>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await detailsQuery(db).where("a.id", "in", ids.slice(i, i + CHUNK)).execute();
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}
