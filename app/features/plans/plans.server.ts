// Plans: reading one with its members, outcomes and support lines (for those who may see its
// profile), a profile's plans, starting a new plan, and the plan as JSON.
//
// Privacy is the profile's: only the person, their linked connectors and admins (getPlanFor;
// 404 for anyone else).
import crypto from "node:crypto";
import type { Db } from "../../../db/index";
import { readItemCost, type ItemCost } from "../../core/budget/plan-costs";
import { planStartedText } from "../../core/plan-history";
import { ITEM_STATUSES, type ItemStatus } from "../../core/profile";
import { KIND_QUADRANT, OUTCOME_DOMAINS, isKind, type OutcomeDomain } from "../../core/taxonomy";
import type { User } from "../accounts/users.data.server";
import { getProfileFor, profileNotFound, type Profile } from "../profiles/profiles.server";
import * as plans from "./plans.data.server";

export type PlanMember = plans.PlanMemberRow;
export type PlanOutcome = Omit<plans.PlanOutcomeRow, "domain"> & { domain: OutcomeDomain };
export type PlanItem = Omit<plans.PlanItemRow, "status" | "cost"> & {
  status: ItemStatus;
  /** The cost of the line (issue 5), or null: not costed yet. */
  cost: ItemCost | null;
};
export type Plan = plans.PlanHeader & {
  members: PlanMember[];
  outcomes: PlanOutcome[];
  items: PlanItem[];
};

function outcomeDomainOf(v: string): OutcomeDomain {
  const d = OUTCOME_DOMAINS.find((x) => x === v);
  if (!d) throw new Error(`unknown outcome domain ${JSON.stringify(v)} in the database`);
  return d;
}

function itemStatusOf(v: string): ItemStatus {
  const s = ITEM_STATUSES.find((x) => x === v);
  if (!s) throw new Error(`unknown item status ${JSON.stringify(v)} in the database`);
  return s;
}

/** A profile's plans (id, title, when last changed), in the order they were made. */
export function plansOf(db: Db, profileId: string) {
  return plans.listPlansOf(db.kysely, profileId);
}

/** A plan with its parts: four queries, whatever its size. */
export async function readPlan(db: Db, id: string): Promise<Plan | null> {
  const plan = await plans.findPlan(db.kysely, id);
  if (!plan) return null;
  const [members, outcomes, items] = await Promise.all([plans.listMembersOf(db.kysely, id), plans.listOutcomesOf(db.kysely, id), plans.listItemsOf(db.kysely, id)]);
  return {
    ...plan,
    members,
    outcomes: outcomes.map((o) => ({ ...o, domain: outcomeDomainOf(o.domain) })),
    items: items.map((i) => ({ ...i, status: itemStatusOf(i.status), cost: readItemCost(i.cost) })),
  };
}

/** The quadrant of support an item belongs to by default: from its listing's kind; paid support otherwise. */
export function defaultQuadrant(item: Pick<PlanItem, "asset_kind">): "community" | "universal" | "individual" | "targeted" {
  return item.asset_kind && isKind(item.asset_kind) ? KIND_QUADRANT[item.asset_kind] : "individual";
}

/** The plan and its profile, or a 404 for anyone who may not see them. */
export async function getPlanFor(db: Db, user: User, id: string): Promise<{ plan: Plan; profile: Profile }> {
  const plan = await readPlan(db, id);
  if (!plan) throw profileNotFound();
  const profile = await getProfileFor(db, user, plan.profile_id);
  return { plan, profile };
}

export async function createPlan(db: Db, user: User, profileId: string, title: string, now = new Date()): Promise<string> {
  await getProfileFor(db, user, profileId);
  const id = crypto.randomUUID();
  const iso = now.toISOString();
  await db.kysely.transaction().execute(async (tx) => {
    await plans.insertPlan(tx, { id, profile_id: profileId, title, created_by: user.id, created_at: iso, updated_at: iso, budget_id: null });
    await plans.addPlanEvent(tx, { plan_id: id, user_id: user.id, action: "plan_started", detail: planStartedText(title), created_at: iso });
  });
  return id;
}

/** GET /api/plans/:id: the plan with its members, outcomes (with whose they are) and items. */
export function planJson(plan: Plan, profile: Profile): Record<string, unknown> {
  const members = new Map(plan.members.map((m) => [m.id, m.name]));
  return {
    ...plan,
    profile: { id: profile.id, name: profile.display_name, url: `/api/profiles/${profile.id}` },
    outcomes: plan.outcomes.map((o) => ({ ...o, member: o.member_id ? (members.get(o.member_id) ?? null) : profile.display_name })),
    items: plan.items.map(({ added_by: _a, ...i }) => i),
  };
}
