// The data module for the reference tables that follow app/core/taxonomy.ts: categories and
// access features. The only code that writes them.
import type { Insertable } from "kysely";
import type { Executor } from "../../../db/index";
import type { AccessFeaturesTable, CategoriesTable } from "../../../db/schema";

export async function upsertCategories(db: Executor, rows: Insertable<CategoriesTable>[]): Promise<void> {
  if (!rows.length) return;
  await db
    .insertInto("categories")
    .values(rows)
    .onConflict((oc) => oc.column("code").doUpdateSet((eb) => ({ label: eb.ref("excluded.label"), parent: eb.ref("excluded.parent") })))
    .execute();
}

export async function upsertAccessFeatures(db: Executor, rows: Insertable<AccessFeaturesTable>[]): Promise<void> {
  if (!rows.length) return;
  await db
    .insertInto("access_features")
    .values(rows)
    .onConflict((oc) => oc.column("code").doUpdateSet((eb) => ({ label: eb.ref("excluded.label") })))
    .execute();
}
