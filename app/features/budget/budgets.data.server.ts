// Saved budgets (budgets) and their history (the rows of budget_events with a budget). The only
// code that reads or writes them. Who may see which budget is the use cases' to decide.
import type { Insertable, Selectable, Updateable } from "kysely";
import type { Executor } from "../../../db/index";
import type { BudgetEventsTable, BudgetsTable } from "../../../db/schema";

export type BudgetRow = Selectable<BudgetsTable>;
export type NewBudget = Insertable<BudgetsTable>;
export type BudgetPatch = Updateable<BudgetsTable>;
export type NewBudgetEvent = Omit<Insertable<BudgetEventsTable>, "id">;

/** At most this many of a person's budgets in a list (the chooser, a connector's view). */
const LIST_LIMIT = 200;

export function findBudget(db: Executor, id: string): Promise<BudgetRow | undefined> {
  return db.selectFrom("budgets").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The budget when it is this person's (owner's account id). */
export function findBudgetOf(db: Executor, ownerId: string, id: string): Promise<BudgetRow | undefined> {
  return db.selectFrom("budgets").selectAll().where("id", "=", id).where("user_id", "=", ownerId).executeTakeFirst();
}

/** A person's budgets, last changed first. */
export function listBudgetsOf(db: Executor, ownerId: string): Promise<BudgetRow[]> {
  return db.selectFrom("budgets").selectAll().where("user_id", "=", ownerId).orderBy("updated_at", "desc").execute();
}

/** A person's budgets saved at or after `since` ("" for all), last changed first, at most 200. */
export function listBudgetsOfSince(db: Executor, ownerId: string, since: string): Promise<BudgetRow[]> {
  return db
    .selectFrom("budgets")
    .selectAll()
    .where("user_id", "=", ownerId)
    .where("created_at", ">=", since)
    .orderBy("updated_at", "desc")
    .orderBy("id")
    .limit(LIST_LIMIT)
    .execute();
}

/** The same list, only what a chooser shows (and the stored result, for its tier). */
export function listBudgetChoicesOfSince(db: Executor, ownerId: string, since: string) {
  return db
    .selectFrom("budgets")
    .select(["id", "name", "questionnaire", "version_id", "result", "per_year_pence", "updated_at"])
    .where("user_id", "=", ownerId)
    .where("created_at", ">=", since)
    .orderBy("updated_at", "desc")
    .orderBy("id")
    .limit(LIST_LIMIT)
    .execute();
}

/** A person's budgets in the order they were saved (for their download). */
export function listBudgetsOfInSavedOrder(db: Executor, ownerId: string): Promise<BudgetRow[]> {
  return db.selectFrom("budgets").selectAll().where("user_id", "=", ownerId).orderBy("created_at").orderBy("id").execute();
}

/** How many budgets were worked out under each version (versions with none are absent). */
export async function countBudgetsByVersion(db: Executor): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("budgets")
    .select((eb) => ["version_id", eb.fn.countAll<number>().as("n")])
    .groupBy("version_id")
    .execute();
  return new Map(rows.map((r) => [r.version_id, Number(r.n)]));
}

export async function insertBudget(db: Executor, b: NewBudget): Promise<void> {
  await db.insertInto("budgets").values(b).execute();
}

/** Change a budget. False when there is no such budget. */
export async function updateBudget(db: Executor, id: string, patch: BudgetPatch): Promise<boolean> {
  const r = await db.updateTable("budgets").set(patch).where("id", "=", id).executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

export async function addBudgetEvent(db: Executor, e: NewBudgetEvent): Promise<void> {
  await db.insertInto("budget_events").values(e).execute();
}

/** A budget's history, newest first, with the name and email of whoever did it (null: a deleted account). */
export function budgetEvents(db: Executor, budgetId: string) {
  return db
    .selectFrom("budget_events as e")
    .leftJoin("users as u", "u.id", "e.user_id")
    .select(["e.action", "e.detail", "e.created_at", "u.name", "u.email"])
    .where("e.budget_id", "=", budgetId)
    .orderBy("e.id", "desc")
    .execute();
}
