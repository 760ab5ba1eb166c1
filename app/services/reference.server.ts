// Reference tables (categories, access features) follow app/core/taxonomy.ts.
import type { Db } from "../../db/index";
import { ACCESS_FEATURES, ACCESS_LABELS, CATEGORIES } from "../core/taxonomy";

const seeded = new WeakSet<object>();

export function seedReferenceData(db: Db): void {
  if (seeded.has(db.sqlite)) return;
  const cat = db.sqlite.prepare(
    "INSERT INTO categories (code, label, parent) VALUES (?, ?, ?) ON CONFLICT(code) DO UPDATE SET label = excluded.label, parent = excluded.parent",
  );
  const acc = db.sqlite.prepare(
    "INSERT INTO access_features (code, label) VALUES (?, ?) ON CONFLICT(code) DO UPDATE SET label = excluded.label",
  );
  db.sqlite.transaction(() => {
    for (const c of CATEGORIES) cat.run(c.code, c.label, c.parent);
    for (const f of ACCESS_FEATURES) acc.run(f, ACCESS_LABELS[f]);
  })();
  seeded.add(db.sqlite);
}
