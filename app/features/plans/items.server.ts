// The supports in a plan: adding one (a directory listing, once per outcome, or a line of one's
// own), removing one, and how it is going (planned, tried, working, not working). Each change
// touches the plan and is kept in its history, in one transaction.
import crypto from "node:crypto";
import type { Db } from "../../../db/index";
import type { ItemCost } from "../../core/budget/plan-costs";
import { itemAddedText, itemRemovedText, itemStatusText } from "../../core/plan-history";
import type { ItemStatus } from "../../core/profile";
import type { User } from "../accounts/users.data.server";
import * as plans from "./plans.data.server";
import { getPlanFor } from "./plans.server";

export interface NewItem {
  asset_id: string | null;
  asset_name: string;
  outcome_id?: string;
  who?: string;
  when_text?: string;
  cost_text?: string;
  cost?: ItemCost | null;
  cost_description?: string;
}

export async function addItem(db: Db, user: User, planId: string, it: NewItem, now = new Date()): Promise<string> {
  const { plan } = await getPlanFor(db, user, planId);
  const outcome = it.outcome_id && plan.outcomes.some((o) => o.id === it.outcome_id) ? it.outcome_id : null;
  // A listing is in the plan once per outcome; lines that are not listings may repeat.
  const existing = it.asset_id !== null ? plan.items.find((i) => i.asset_id === it.asset_id && i.outcome_id === outcome) : undefined;
  if (existing) return existing.id;
  const id = crypto.randomUUID();
  const iso = now.toISOString();
  const detail = itemAddedText({
    name: it.asset_name,
    own: it.asset_id === null,
    outcome: outcome ? plan.outcomes.find((o) => o.id === outcome)!.statement : null,
    who: it.who,
    when_text: it.when_text,
    cost_text: it.cost_text,
    cost: it.cost ? (it.cost_description ?? null) : null,
  });
  await db.kysely.transaction().execute(async (tx) => {
    await plans.insertItem(tx, {
      id,
      plan_id: planId,
      outcome_id: outcome,
      asset_id: it.asset_id,
      asset_name: it.asset_name,
      who: it.who || null,
      when_text: it.when_text || null,
      cost_text: it.cost_text || null,
      status: "planned",
      added_by: user.id,
      added_at: iso,
      updated_at: iso,
      cost: it.cost ? JSON.stringify(it.cost) : null,
    });
    await plans.updatePlan(tx, planId, { updated_at: iso });
    await plans.addPlanEvent(tx, { plan_id: planId, user_id: user.id, action: "item_added", detail, created_at: iso });
  });
  return id;
}

export async function removeItem(db: Db, user: User, planId: string, itemId: string, now = new Date()): Promise<void> {
  const { plan } = await getPlanFor(db, user, planId);
  const item = plan.items.find((i) => i.id === itemId);
  if (!item) return;
  const iso = now.toISOString();
  await db.kysely.transaction().execute(async (tx) => {
    await plans.deleteItem(tx, planId, itemId);
    await plans.updatePlan(tx, planId, { updated_at: iso });
    await plans.addPlanEvent(tx, { plan_id: planId, user_id: user.id, action: "item_removed", detail: itemRemovedText(item.asset_name), created_at: iso });
  });
}

export async function setItemStatus(db: Db, user: User, planId: string, itemId: string, status: ItemStatus, now = new Date()): Promise<void> {
  const { plan } = await getPlanFor(db, user, planId);
  const item = plan.items.find((i) => i.id === itemId);
  if (!item) return;
  const detail = itemStatusText(item.asset_name, item.status, status);
  if (!detail) return;
  const iso = now.toISOString();
  await db.kysely.transaction().execute(async (tx) => {
    await plans.updateItem(tx, planId, itemId, { status, updated_at: iso });
    await plans.updatePlan(tx, planId, { updated_at: iso });
    await plans.addPlanEvent(tx, { plan_id: planId, user_id: user.id, action: "item_status", detail, created_at: iso });
  });
}
