// The costed plan (issue 5): a cost on each support line of a plan, lines that are not directory
// listings (a personal assistant…), the saved budget the plan is measured against — always one
// of the person's own — and the totals. Every change is kept in the plan's history.
//
// Privacy is the plan's: only the person, their linked connectors and admins (getPlanFor; 404
// for anyone else). The budget chooser offers only the person's own saved budgets, whoever is
// looking, and a budget id that is not theirs is refused (400) without saying whose it is.
import type { Db } from "../../../db/index";
import { describeCost, describeCostChange, parseItemCostForm, summarisePlanCosts, type CostForm, type PlanCostSummary } from "../../core/budget/plan-costs";
import { budgetChosenText } from "../../core/plan-history";
import type { User } from "../accounts/users.data.server";
import { badRequest } from "../../server/errors";
import { budgetOf, budgetsOf, type BudgetChoice, type SavedBudget } from "../budget/budgets.server";
import { canSeeBudget } from "../profiles/people-worked-with.server";
import type { Profile } from "../profiles/profiles.server";
import { addItem } from "./items.server";
import * as plans from "./plans.data.server";
import { defaultQuadrant, getPlanFor, type Plan } from "./plans.server";

/** The plan's chosen budget, when it is still one of the person's own. */
export async function chosenBudget(db: Db, plan: Pick<Plan, "budget_id">, profile: Pick<Profile, "user_id">): Promise<SavedBudget | null> {
  return plan.budget_id ? budgetOf(db, profile.user_id, plan.budget_id) : null;
}

/** The plan's totals against its chosen budget. */
export async function planCosts(db: Db, plan: Plan, profile: Profile): Promise<PlanCostSummary> {
  const b = await chosenBudget(db, plan, profile);
  return summarisePlanCosts(
    plan.items.map((i) => ({ id: i.id, label: i.asset_name, cost: i.cost })),
    b ? { id: b.id, name: b.name, result: b.result } : null,
  );
}

/** The person's saved budgets that this viewer may see, for the chooser on their plan. */
export function budgetChoices(db: Db, user: User, profile: Pick<Profile, "user_id">): Promise<BudgetChoice[]> {
  return budgetsOf(db, profile.user_id, user);
}

/**
 * Set the cost of one support line from its form. Bad input: 400 naming `item.<id>.<field>`,
 * nothing saved. The same cost again changes nothing and records nothing.
 */
export async function setItemCost(db: Db, user: User, planId: string, itemId: string, form: CostForm, now = new Date()): Promise<void> {
  const { plan } = await getPlanFor(db, user, planId);
  const item = plan.items.find((i) => i.id === itemId);
  if (!item) throw badRequest({ item_id: "is not a support in this plan (it may have been removed)" }, "invalid_input");
  const r = parseItemCostForm(form, { label: item.asset_name, defaultQuadrant: defaultQuadrant(item), prefix: `item.${item.id}.` });
  if (!r.ok) throw badRequest(r.fields, "invalid_input");
  const detail = describeCostChange(item.asset_name, item.cost, r.cost);
  if (!detail) return;
  const iso = now.toISOString();
  await db.kysely.transaction().execute(async (tx) => {
    await plans.updateItem(tx, planId, item.id, { cost: JSON.stringify(r.cost), updated_at: iso });
    await plans.updatePlan(tx, planId, { updated_at: iso });
    await plans.addPlanEvent(tx, { plan_id: planId, user_id: user.id, action: "item_cost", detail, created_at: iso });
  });
}

/**
 * Add a support that is not a directory listing, with its cost ("Personal assistant", 10 hours
 * a week at £14). Fields are named `own.<field>` in errors; nothing is saved on a 400.
 */
export async function addOwnItem(
  db: Db,
  user: User,
  planId: string,
  form: CostForm & { outcome_id?: string; who?: string; when_text?: string },
  now = new Date(),
): Promise<string> {
  await getPlanFor(db, user, planId);
  const r = parseItemCostForm(form, { requireLabel: true, defaultQuadrant: "individual", prefix: "own." });
  const fields = r.ok ? {} : { ...r.fields };
  if ((form.who ?? "").length > 200) fields["own.who"] = "must be 200 characters or fewer";
  if ((form.when_text ?? "").length > 200) fields["own.when_text"] = "must be 200 characters or fewer";
  if (!r.ok || Object.keys(fields).length) throw badRequest(fields, "invalid_input");
  return addItem(
    db,
    user,
    planId,
    { asset_id: null, asset_name: r.label, outcome_id: form.outcome_id || undefined, who: form.who?.trim(), when_text: form.when_text?.trim(), cost: r.cost, cost_description: describeCost(r.cost) },
    now,
  );
}

/**
 * Measure the plan against one of the person's saved budgets ("" for none). A budget that is not
 * the person's — another member's, the connector's own — is a 400 naming `budget_id`.
 */
export async function chooseBudget(db: Db, user: User, planId: string, budgetId: string, now = new Date()): Promise<void> {
  const { plan, profile } = await getPlanFor(db, user, planId);
  const found = budgetId ? await budgetOf(db, profile.user_id, budgetId) : null;
  // One the chooser offers this viewer: a connector cannot pick, by its id, a budget saved before
  // they were linked (maySeeBudget).
  const next = found && (await canSeeBudget(db, user, found)) ? found : null;
  if (budgetId && !next) throw badRequest({ budget_id: `must be one of ${profile.display_name}'s own saved budgets` }, "invalid_input");
  const before = await chosenBudget(db, plan, profile);
  if ((plan.budget_id ?? null) === (next?.id ?? null)) return;
  const ref = (b: SavedBudget | null) => b && { name: b.name, tier: b.result.tier, per_year_pence: b.result.indicative_budget.per_year_pence, ras_version: b.result.ras_version };
  const detail = budgetChosenText(ref(before), ref(next));
  const iso = now.toISOString();
  await db.kysely.transaction().execute(async (tx) => {
    await plans.updatePlan(tx, planId, { budget_id: next?.id ?? null, updated_at: iso });
    if (detail) await plans.addPlanEvent(tx, { plan_id: planId, user_id: user.id, action: "budget_chosen", detail, created_at: iso });
  });
}

/** GET /api/plans/:id/costs: the plan's lines and totals against its budget (same privacy as the plan). */
export async function planCostsJson(db: Db, user: User, planId: string) {
  const { plan, profile } = await getPlanFor(db, user, planId);
  const summary = await planCosts(db, plan, profile);
  const byId = new Map(plan.items.map((i) => [i.id, i]));
  return {
    plan_id: plan.id,
    title: plan.title,
    ...summary,
    lines: summary.lines.map((l) => {
      const i = byId.get(l.id)!;
      const { id, ...line } = l;
      return { item_id: id, asset_id: i.asset_id, outcome_id: i.outcome_id, ...line, description: describeCost(l) };
    }),
  };
}
