// What each service carries besides its own row: categories, access features, the Changing
// Places toilet, the organisation and (for full services) the revision history, read for a whole
// page or batch at once (one query each, never one per service).
import type { Executor } from "../../../db/index";
import { METADATA_REVISIONS, type AssetExtras } from "../../core/hsds/mapping";
import * as hsds from "./hsds.data.server";

/**
 * Categories, access, Changing Places and organisations for these rows, in four queries (a fifth
 * for the revision history, read only for full services).
 */
export async function extrasFor(db: Executor, rows: readonly hsds.ServiceRow[], opts: { revisions?: boolean } = {}): Promise<Map<string, AssetExtras>> {
  const out = new Map<string, AssetExtras>();
  if (!rows.length) return out;
  const ids = rows.map((r) => r.id);
  for (const r of rows) out.set(r.id, { categories: [], access: [], changingPlaces: null, organisation: null });
  for (const c of await hsds.categoriesOf(db, ids)) out.get(c.asset_id)!.categories.push(c.category);
  for (const c of await hsds.accessOf(db, ids)) out.get(c.asset_id)!.access.push(c.feature);
  for (const c of await hsds.changingPlacesOf(db, ids)) out.get(c.asset_id)!.changingPlaces = c;
  const orgIds = [...new Set(rows.map((r) => r.organisation_id).filter((x): x is string => !!x))];
  if (orgIds.length) {
    const orgs = new Map((await hsds.organisationsByIds(db, orgIds)).map((o) => [o.id, o]));
    for (const r of rows) if (r.organisation_id) out.get(r.id)!.organisation = orgs.get(r.organisation_id) ?? null;
  }
  if (opts.revisions) {
    for (const r of rows) out.get(r.id)!.revisions = [];
    for (const r of await hsds.latestRevisionsOf(db, ids, METADATA_REVISIONS)) out.get(r.asset_id)!.revisions!.push(r);
  }
  return out;
}
