// The history of a plan (issue 5): every change, who made it and when (plan_events). The words
// are built by app/core/plan-history.ts; each change records its event in its own transaction.
import type { Db } from "../../../db/index";
import { PLAN_ACTIONS, type PlanAction } from "../../core/plan-history";
import * as plans from "./plans.data.server";

export interface PlanEvent {
  action: PlanAction;
  detail: string;
  created_at: string;
  /** The name (or email) of who made the change; "someone whose account was deleted" when gone. */
  who: string;
}

function planActionOf(v: string): PlanAction {
  const a = PLAN_ACTIONS.find((x) => x === v);
  if (!a) throw new Error(`unknown plan action ${JSON.stringify(v)} in the database`);
  return a;
}

/** Every change to a plan, newest first. Only call after checking the viewer may see the plan. */
export async function planHistory(db: Db, planId: string): Promise<PlanEvent[]> {
  const rows = await plans.listPlanEvents(db.kysely, planId);
  return rows.map((e) => ({ action: planActionOf(e.action), detail: e.detail, created_at: e.created_at, who: e.name || (e.email ?? "someone whose account was deleted") }));
}
