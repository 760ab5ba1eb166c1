// The history of a plan (issue 5): every change in plain English — who and when are kept beside
// it (plan_events). These build the "what". Pure, no I/O.
import { formatPence } from "./budget/labels";
import type { Tier } from "./budget/types";
import { DOMAIN_TITLES, ITEM_STATUS_LABELS, type ItemStatus } from "./profile";
import type { OutcomeDomain } from "./taxonomy";

export const PLAN_ACTIONS = [
  "plan_started",
  "member_added",
  "outcome_added",
  "outcome_removed",
  "item_added",
  "item_removed",
  "item_status",
  "item_cost",
  "budget_chosen",
] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

export function planStartedText(title: string): string {
  return `Started the plan “${title}”.`;
}

export function memberAddedText(m: { name: string; relationship?: string | null; age?: number | null }): string {
  const about = [m.relationship || null, m.age === null || m.age === undefined ? null : `${m.age}`].filter(Boolean).join(", ");
  return `Added ${m.name}${about ? ` (${about})` : ""} to the household.`;
}

export function outcomeAddedText(o: { statement: string; domain: OutcomeDomain; priority: number; member: string }): string {
  return `Added the outcome “${o.statement}” for ${o.member} (${DOMAIN_TITLES[o.domain]}, priority ${o.priority}).`;
}

export function outcomeRemovedText(statement: string): string {
  return `Removed the outcome “${statement}”.`;
}

export function itemAddedText(i: { name: string; outcome?: string | null; own?: boolean; who?: string | null; when_text?: string | null; cost_text?: string | null; cost?: string | null }): string {
  const details = [i.who ? `who: ${i.who}` : null, i.when_text ? `when: ${i.when_text}` : null, i.cost_text ? `how much: ${i.cost_text}` : null, i.cost ? `cost: ${i.cost}` : null].filter(Boolean);
  return `Added ${i.name}${i.own ? " (not a directory listing)" : ""} to the plan${i.outcome ? ` for “${i.outcome}”` : ""}${details.length ? `; ${details.join("; ")}` : ""}.`;
}

export function itemRemovedText(name: string): string {
  return `Removed ${name} from the plan.`;
}

export function itemStatusText(name: string, before: ItemStatus, after: ItemStatus): string | null {
  if (before === after) return null;
  return `${name}: “${ITEM_STATUS_LABELS[before]}” → “${ITEM_STATUS_LABELS[after]}”.`;
}

interface BudgetRef {
  name: string;
  tier: Tier;
  per_year_pence: number | null;
  ras_version: string;
}

const budgetMoney = (b: BudgetRef) => (b.per_year_pence === null || b.tier === "panel_review" ? "a panel review, no number" : `${formatPence(b.per_year_pence)} a year`);

/** The service records this only when the chosen budget really changes (by id). */
export function budgetChosenText(before: BudgetRef | null, after: BudgetRef | null): string | null {
  if (!before && !after) return null;
  if (!after) return `Stopped measuring the plan against the budget “${before!.name}”.`;
  return `Chose the budget “${after.name}” (${budgetMoney(after)}, ${after.ras_version}) to measure the plan against${before ? ` instead of “${before.name}”` : ""}.`;
}
