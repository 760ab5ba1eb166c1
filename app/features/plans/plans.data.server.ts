// Plans and their parts (plans, plan_members, plan_outcomes, plan_items) and their history
// (plan_events): the only code that reads or writes them. Who may see a plan is its profile's
// question, decided by the use cases through the access policy.
import type { InferResult, Insertable, Selectable, Updateable } from "kysely";
import type { Executor } from "../../../db/index";
import type { PlanEventsTable, PlanItemsTable, PlanMembersTable, PlanOutcomesTable, PlansTable } from "../../../db/schema";

export type NewPlan = Insertable<PlansTable>;
export type PlanPatch = Updateable<PlansTable>;
export type NewPlanMember = Insertable<PlanMembersTable>;
export type NewPlanOutcome = Insertable<PlanOutcomesTable>;
export type NewPlanItem = Insertable<PlanItemsTable>;
export type PlanItemPatch = Updateable<PlanItemsTable>;
export type NewPlanEvent = Omit<Insertable<PlanEventsTable>, "id">;

export type PlanHeader = Pick<Selectable<PlansTable>, "id" | "profile_id" | "title" | "created_at" | "updated_at" | "budget_id">;
export type PlanMemberRow = Pick<Selectable<PlanMembersTable>, "id" | "name" | "relationship" | "age">;
export type PlanOutcomeRow = Pick<Selectable<PlanOutcomesTable>, "id" | "member_id" | "statement" | "domain" | "priority" | "created_at">;

export function findPlan(db: Executor, id: string): Promise<PlanHeader | undefined> {
  return db.selectFrom("plans").select(["id", "profile_id", "title", "created_at", "updated_at", "budget_id"]).where("id", "=", id).executeTakeFirst();
}

/** A profile's plans, in the order they were made. */
export function listPlansOf(db: Executor, profileId: string): Promise<Pick<Selectable<PlansTable>, "id" | "title" | "updated_at">[]> {
  return db.selectFrom("plans").select(["id", "title", "updated_at"]).where("profile_id", "=", profileId).orderBy("created_at").orderBy("id").execute();
}

export function listMembersOf(db: Executor, planId: string): Promise<PlanMemberRow[]> {
  return db.selectFrom("plan_members").select(["id", "name", "relationship", "age"]).where("plan_id", "=", planId).orderBy("created_at").orderBy("id").execute();
}

/** A plan's outcomes, most important first. */
export function listOutcomesOf(db: Executor, planId: string): Promise<PlanOutcomeRow[]> {
  return db
    .selectFrom("plan_outcomes")
    .select(["id", "member_id", "statement", "domain", "priority", "created_at"])
    .where("plan_id", "=", planId)
    .orderBy("priority")
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

function itemsQuery(db: Executor) {
  return db
    .selectFrom("plan_items as i")
    .leftJoin("users as u", "u.id", "i.added_by")
    .leftJoin("assets as a", "a.id", "i.asset_id")
    .select([
      "i.id",
      "i.outcome_id",
      "i.asset_id",
      "i.asset_name",
      "a.kind as asset_kind",
      "i.who",
      "i.when_text",
      "i.cost_text",
      "i.status",
      "i.added_by",
      "u.name as added_by_name",
      "i.added_at",
      "i.updated_at",
      "i.cost",
    ]);
}

/** A plan's line with the kind of its listing (null: not a listing, or gone) and who added it. */
export type PlanItemRow = InferResult<ReturnType<typeof itemsQuery>>[number];

/** A plan's support lines, in the order they were added. */
export function listItemsOf(db: Executor, planId: string): Promise<PlanItemRow[]> {
  return itemsQuery(db).where("i.plan_id", "=", planId).orderBy("i.added_at").orderBy("i.id").execute();
}

export async function insertPlan(db: Executor, row: NewPlan): Promise<void> {
  await db.insertInto("plans").values(row).execute();
}

/** Change a plan (its title, budget, when it was last changed). False when there is no such plan. */
export async function updatePlan(db: Executor, id: string, patch: PlanPatch): Promise<boolean> {
  const r = await db.updateTable("plans").set(patch).where("id", "=", id).executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

export async function insertMember(db: Executor, row: NewPlanMember): Promise<void> {
  await db.insertInto("plan_members").values(row).execute();
}

export async function insertOutcome(db: Executor, row: NewPlanOutcome): Promise<void> {
  await db.insertInto("plan_outcomes").values(row).execute();
}

/** Remove an outcome of this plan; its lines stay in the plan, for no outcome. */
export async function deleteOutcome(db: Executor, planId: string, outcomeId: string): Promise<void> {
  await db.deleteFrom("plan_outcomes").where("id", "=", outcomeId).where("plan_id", "=", planId).execute();
}

export async function insertItem(db: Executor, row: NewPlanItem): Promise<void> {
  await db.insertInto("plan_items").values(row).execute();
}

/** Change a line of this plan. False when the plan has no such line. */
export async function updateItem(db: Executor, planId: string, itemId: string, patch: PlanItemPatch): Promise<boolean> {
  const r = await db.updateTable("plan_items").set(patch).where("id", "=", itemId).where("plan_id", "=", planId).executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

export async function deleteItem(db: Executor, planId: string, itemId: string): Promise<void> {
  await db.deleteFrom("plan_items").where("id", "=", itemId).where("plan_id", "=", planId).execute();
}

// ------------------------------------------------------------------ history (plan_events)

export async function addPlanEvent(db: Executor, e: NewPlanEvent): Promise<void> {
  await db.insertInto("plan_events").values(e).execute();
}

/** A plan's history, newest first, with the name and email of whoever did it (null: a deleted account). */
export function listPlanEvents(db: Executor, planId: string) {
  return db
    .selectFrom("plan_events as e")
    .leftJoin("users as u", "u.id", "e.user_id")
    .select(["e.action", "e.detail", "e.created_at", "u.name", "u.email"])
    .where("e.plan_id", "=", planId)
    .orderBy("e.id", "desc")
    .execute();
}
