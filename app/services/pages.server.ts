// Data shaping shared by the HTML pages.
import type { Db } from "../../db/index";
import { POSTCODE_ATTRIBUTION } from "./geocode.server";

export interface PageAttribution {
  lines: { title: string; attribution: string; licence: string }[];
  extra: string[];
}

/**
 * Attribution lines for the data behind these assets (each record carries its own line and
 * licence; the dataset title comes from the datasets table), plus postcode data when used.
 */
export function attributionFor(db: Db, assetIds: string[], opts: { postcodes?: boolean } = {}): PageAttribution {
  const lines: PageAttribution["lines"] = [];
  if (assetIds.length) {
    const rows = db.sqlite
      .prepare(
        `SELECT DISTINCT a.source, COALESCE(d.title, a.source) AS title, a.attribution, a.licence
         FROM assets a LEFT JOIN datasets d ON d.source = a.source
         WHERE a.id IN (${assetIds.map(() => "?").join(",")}) ORDER BY title`,
      )
      .all(...assetIds) as { title: string; attribution: string; licence: string }[];
    const seen = new Set<string>();
    for (const r of rows) {
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
