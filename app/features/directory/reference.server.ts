// Reference tables (categories, access features) follow app/core/taxonomy.ts: written once per
// connection, when the context is made.
import type { Db } from "../../../db/index";
import { ACCESS_FEATURES, ACCESS_LABELS, CATEGORIES } from "../../core/taxonomy";
import { upsertAccessFeatures, upsertCategories } from "./reference.data.server";

const seeded = new WeakSet<object>();

export async function seedReferenceData(db: Db): Promise<void> {
  if (seeded.has(db.kysely)) return;
  await db.kysely.transaction().execute(async (tx) => {
    await upsertCategories(tx, CATEGORIES.map((c) => ({ code: c.code, label: c.label, parent: c.parent })));
    await upsertAccessFeatures(tx, ACCESS_FEATURES.map((f) => ({ code: f, label: ACCESS_LABELS[f] })));
  });
  seeded.add(db.kysely);
}
