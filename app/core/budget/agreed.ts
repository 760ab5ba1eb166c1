// Agreed budgets keep the version they were agreed under. A later version changes nothing
// already agreed: what is shown is the stored result, never a recalculation.
import { formatPence } from "./labels";
import type { Estimate, EstimateInput } from "./types";

export interface AgreedBudget {
  version_id: string;
  input: EstimateInput;
  /** The result as agreed, stored whole. */
  result: Estimate;
  agreed_at: string;
}

export function agree(result: Estimate, input: EstimateInput, at: string): AgreedBudget {
  return { version_id: result.ras_version, input: structuredClone(input), result: structuredClone(result), agreed_at: at };
}

/** The money of an agreed budget, whatever versions have been published since. */
export function agreedMoney(b: AgreedBudget): { per_year_pence: number | null; per_week_pence: number | null } {
  return { ...b.result.indicative_budget };
}

const money = (e: Estimate) =>
  e.indicative_budget.per_year_pence === null ? "a panel review (no number)" : `${formatPence(e.indicative_budget.per_year_pence)} a year`;

/** What changed between two results, in plain words, for the history. */
export function describeChange(before: Estimate | null, after: Estimate): string {
  if (!before) return `Saved: ${after.points} points, ${money(after)} (${after.ras_version}).`;
  const changed = after.breakdown
    .filter((l) => {
      const b = before.breakdown.find((x) => x.question === l.question);
      return !b || b.answer !== l.answer || b.informal_support !== l.informal_support;
    })
    .map((l) => l.question);
  return `Changed from ${before.points} points, ${money(before)} (${before.ras_version}) to ${after.points} points, ${money(after)} (${after.ras_version})${changed.length ? `; answers changed: ${changed.join(", ")}` : ""}.`;
}

/** A budget a connector saved for a person they work with, for the history. */
export function describeSavedFor(by: string, forName: string, after: Estimate): string {
  return `Saved by ${by} for ${forName}: ${after.points} points, ${money(after)} (${after.ras_version}).`;
}
