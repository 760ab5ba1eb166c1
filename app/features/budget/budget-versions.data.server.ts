// The versions of the budget questionnaires (budget_versions) and their history (the rows of
// budget_events with no budget). The only code that reads or writes them. A published version
// never changes: the database refuses it too (the triggers of migration 020), so the writes here
// also match only drafts.
import type { Insertable, Selectable } from "kysely";
import type { Executor } from "../../../db/index";
import type { BudgetEventsTable, BudgetVersionsTable } from "../../../db/schema";

export type BudgetVersionRow = Selectable<BudgetVersionsTable>;
export type NewBudgetVersion = Insertable<BudgetVersionsTable>;
export type NewVersionEvent = Omit<Insertable<BudgetEventsTable>, "id" | "budget_id">;

/** Insert this version unless its questionnaire has a version already (one statement: safe when two processes start at once). */
export async function insertFirstVersionIfNone(db: Executor, v: NewBudgetVersion): Promise<void> {
  await db
    .insertInto("budget_versions")
    .orIgnore()
    .columns(["id", "questionnaire", "number", "status", "config", "based_on", "created_by", "created_at", "updated_at", "published_by", "published_at"])
    .expression(
      db
        .selectNoFrom((eb) => [
          eb.val(v.id).as("id"),
          eb.val(v.questionnaire).as("questionnaire"),
          eb.val(v.number).as("number"),
          eb.val(v.status).as("status"),
          eb.val(v.config).as("config"),
          eb.val(v.based_on ?? null).as("based_on"),
          eb.val(v.created_by ?? null).as("created_by"),
          eb.val(v.created_at).as("created_at"),
          eb.val(v.updated_at).as("updated_at"),
          eb.val(v.published_by ?? null).as("published_by"),
          eb.val(v.published_at ?? null).as("published_at"),
        ])
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom("budget_versions").select("id").where("questionnaire", "=", v.questionnaire))),
        ),
    )
    .execute();
}

export function findVersion(db: Executor, id: string): Promise<BudgetVersionRow | undefined> {
  return db.selectFrom("budget_versions").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The id of the questionnaire's latest published version. */
export async function latestPublishedVersionId(db: Executor, questionnaire: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("budget_versions")
    .select("id")
    .where("questionnaire", "=", questionnaire)
    .where("status", "=", "published")
    .orderBy("number", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/** Every version, by questionnaire, newest first. */
export function listVersionRows(db: Executor): Promise<BudgetVersionRow[]> {
  return db.selectFrom("budget_versions").selectAll().orderBy("questionnaire").orderBy("number", "desc").execute();
}

/** The number the questionnaire's next version takes (1 when it has none). */
export async function nextVersionNumber(db: Executor, questionnaire: string): Promise<number> {
  const row = await db
    .selectFrom("budget_versions")
    .select((eb) => eb.fn.max("number").as("n"))
    .where("questionnaire", "=", questionnaire)
    .executeTakeFirst();
  return (row?.n ?? 0) + 1;
}

export async function insertVersion(db: Executor, v: NewBudgetVersion): Promise<void> {
  await db.insertInto("budget_versions").values(v).execute();
}

/** Replace a draft's config. False when there is no such draft (published versions never change). */
export async function updateDraftConfig(db: Executor, id: string, config: string, updatedAt: string): Promise<boolean> {
  const r = await db
    .updateTable("budget_versions")
    .set({ config, updated_at: updatedAt })
    .where("id", "=", id)
    .where("status", "=", "draft")
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

/** Publish a draft. False when there is no such draft. */
export async function markPublished(db: Executor, id: string, by: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable("budget_versions")
    .set({ status: "published", published_by: by, published_at: at, updated_at: at })
    .where("id", "=", id)
    .where("status", "=", "draft")
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

export async function addVersionEvent(db: Executor, e: NewVersionEvent): Promise<void> {
  await db.insertInto("budget_events").values({ ...e, budget_id: null }).execute();
}

/** A version's history, newest first, with the name and email of whoever did it (null: nobody, or a deleted account). */
export function versionEvents(db: Executor, versionId: string) {
  return db
    .selectFrom("budget_events as e")
    .leftJoin("users as u", "u.id", "e.user_id")
    .select(["e.action", "e.detail", "e.created_at", "u.name", "u.email"])
    .where("e.version_id", "=", versionId)
    .where("e.budget_id", "is", null)
    .orderBy("e.id", "desc")
    .execute();
}
