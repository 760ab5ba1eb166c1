// A profile as JSON: the API's record of it, and the download of everything held about the
// person (profile, connector links, plans with all their parts, costs and history, budgets).
import type { Db } from "../../../db/index";
import { summarisePlanCosts } from "../../core/budget/plan-costs";
import type { User } from "../accounts/users.data.server";
import { budgetOf, budgetsForExport } from "../budget/budgets.server";
import { planHistory } from "../plans/history.server";
import { plansOf, readPlan } from "../plans/plans.server";
import type { Profile } from "./profiles.server";

/** GET /api/profiles/:id: the profile as the person's own record (no internal ids of others). */
export async function profileJson(db: Db, profile: Profile): Promise<Record<string, unknown>> {
  return {
    id: profile.id,
    name: profile.display_name,
    account_email: profile.owner_email,
    ...profile.data,
    location: profile.lat !== null && profile.lng !== null ? { lat: profile.lat, lng: profile.lng } : null,
    consent: profile.consent_by ? { given_by: profile.consent_by, at: profile.consent_at, how: profile.consent_how } : null,
    connectors: profile.connectors.map((c) => ({ name: c.name, email: c.email, linked_at: c.created_at })),
    plans: (await plansOf(db, profile.id)).map((p) => ({ ...p, url: `/api/plans/${p.id}` })),
    created_at: profile.created_at,
    updated_at: profile.updated_at,
  };
}

/**
 * Everything held about the person, as this viewer may see it (budgets: maySeeBudget). Only call
 * after checking the viewer may see the profile (getProfileFor).
 */
export async function exportProfile(db: Db, profile: Profile, viewer: User): Promise<Record<string, unknown>> {
  const exportedAt = new Date().toISOString();
  const plans = [];
  for (const p of await plansOf(db, profile.id)) {
    const plan = (await readPlan(db, p.id))!;
    const budget = plan.budget_id ? await budgetOf(db, profile.user_id, plan.budget_id) : null;
    const costs = summarisePlanCosts(
      plan.items.map((i) => ({ id: i.id, label: i.asset_name, cost: i.cost })),
      budget ? { id: budget.id, name: budget.name, result: budget.result } : null,
    );
    plans.push({ ...plan, items: plan.items.map(({ added_by: _a, ...i }) => i), costs, history: await planHistory(db, plan.id) });
  }
  return {
    exported_at: exportedAt,
    profile: {
      id: profile.id,
      name: profile.display_name,
      account_email: profile.owner_email,
      ...profile.data,
      consent: profile.consent_by ? { given_by: profile.consent_by, at: profile.consent_at, how: profile.consent_how } : null,
      created_at: profile.created_at,
      updated_at: profile.updated_at,
    },
    connectors: profile.connectors.map((c) => ({ name: c.name, email: c.email, linked_at: c.created_at })),
    plans,
    /** The person's saved budgets (their own or saved for them by a connector), with their history. */
    budgets: await budgetsForExport(db, profile.user_id, viewer),
  };
}
