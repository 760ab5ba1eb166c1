// The assets on one page of the connector dashboard: the few columns the list shows.
import type { Selectable } from "kysely";
import type { Executor } from "../../../db/index";
import type { AssetsTable } from "../../../db/schema";

export type ReviewRow = Pick<
  Selectable<AssetsTable>,
  "seq" | "id" | "name" | "kind" | "locality" | "postcode" | "review_due" | "verified_at" | "version" | "is_example"
>;

/** The assets with these sequence numbers (in no particular order). */
export async function findReviewRows(db: Executor, seqs: number[]): Promise<ReviewRow[]> {
  if (seqs.length === 0) return [];
  return db
    .selectFrom("assets")
    .select(["seq", "id", "name", "kind", "locality", "postcode", "review_due", "verified_at", "version", "is_example"])
    .where("seq", "in", seqs)
    .execute();
}
