// The people in a plan's household and the outcomes they want, in their own words. Each change
// touches the plan and is kept in its history, in one transaction.
import crypto from "node:crypto";
import type { Db } from "../../../db/index";
import { memberAddedText, outcomeAddedText, outcomeRemovedText } from "../../core/plan-history";
import type { OutcomeDomain } from "../../core/taxonomy";
import type { User } from "../accounts/users.data.server";
import * as plans from "./plans.data.server";
import { getPlanFor } from "./plans.server";

export async function addMember(db: Db, user: User, planId: string, m: { name: string; relationship?: string; age?: number | null }, now = new Date()): Promise<string> {
  await getPlanFor(db, user, planId);
  const id = crypto.randomUUID();
  const iso = now.toISOString();
  await db.kysely.transaction().execute(async (tx) => {
    await plans.insertMember(tx, { id, plan_id: planId, name: m.name, relationship: m.relationship || null, age: m.age ?? null, created_at: iso });
    await plans.updatePlan(tx, planId, { updated_at: iso });
    await plans.addPlanEvent(tx, { plan_id: planId, user_id: user.id, action: "member_added", detail: memberAddedText(m), created_at: iso });
  });
  return id;
}

export async function addOutcome(
  db: Db,
  user: User,
  planId: string,
  o: { statement: string; domain: OutcomeDomain; priority: number; member_id?: string },
  now = new Date(),
): Promise<string> {
  const { plan, profile } = await getPlanFor(db, user, planId);
  const member = o.member_id && plan.members.some((m) => m.id === o.member_id) ? o.member_id : null;
  const id = crypto.randomUUID();
  const iso = now.toISOString();
  const memberName = (member && plan.members.find((m) => m.id === member)?.name) || profile.display_name;
  await db.kysely.transaction().execute(async (tx) => {
    await plans.insertOutcome(tx, { id, plan_id: planId, member_id: member, statement: o.statement, domain: o.domain, priority: o.priority, created_at: iso });
    await plans.updatePlan(tx, planId, { updated_at: iso });
    await plans.addPlanEvent(tx, { plan_id: planId, user_id: user.id, action: "outcome_added", detail: outcomeAddedText({ ...o, member: memberName }), created_at: iso });
  });
  return id;
}

export async function removeOutcome(db: Db, user: User, planId: string, outcomeId: string, now = new Date()): Promise<void> {
  const { plan } = await getPlanFor(db, user, planId);
  const outcome = plan.outcomes.find((o) => o.id === outcomeId);
  if (!outcome) return;
  const iso = now.toISOString();
  await db.kysely.transaction().execute(async (tx) => {
    await plans.deleteOutcome(tx, planId, outcomeId);
    await plans.updatePlan(tx, planId, { updated_at: iso });
    await plans.addPlanEvent(tx, { plan_id: planId, user_id: user.id, action: "outcome_removed", detail: outcomeRemovedText(outcome.statement), created_at: iso });
  });
}
