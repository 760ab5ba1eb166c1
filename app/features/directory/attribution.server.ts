// The attribution lines shown under a page of listings (each record carries its own line and
// licence; the dataset title comes from the datasets table), plus the postcode data when used.
import type { Db } from "../../../db/index";
import { POSTCODE_ATTRIBUTION } from "../postcodes/geocode.server";
import { listAttributionsOf } from "./datasets.data.server";

export interface PageAttribution {
  lines: { title: string; attribution: string; licence: string }[];
  extra: string[];
}

export async function attributionFor(db: Db, assetIds: string[], opts: { postcodes?: boolean } = {}): Promise<PageAttribution> {
  const lines: PageAttribution["lines"] = [];
  if (assetIds.length) {
    const seen = new Set<string>();
    for (const r of await listAttributionsOf(db.kysely, assetIds)) {
      const key = `${r.title}|${r.attribution}`;
      if (!seen.has(key)) {
        seen.add(key);
        lines.push({ title: r.title, attribution: r.attribution, licence: r.licence });
      }
    }
  }
  const extra: string[] = [];
  if (opts.postcodes) extra.push(`Postcode locations: ${POSTCODE_ATTRIBUTION}`);
  return { lines, extra };
}
