// Data shaping shared by the HTML pages.
import type { Db } from "../../db/index";
import { datasetsFor, sourcesOf } from "./assets.server";
import { POSTCODE_ATTRIBUTION } from "./geocode.server";

export interface PageAttribution {
  lines: { title: string; attribution: string; licence: string }[];
  extra: string[];
}

/** Attribution lines for the datasets behind these assets (plus postcode data when used). */
export function attributionFor(db: Db, assetIds: string[], opts: { postcodes?: boolean } = {}): PageAttribution {
  const lines = datasetsFor(db, sourcesOf(db, assetIds)).map((d) => ({ title: d.title, attribution: d.attribution, licence: d.licence }));
  const extra: string[] = [];
  if (opts.postcodes) extra.push(`Postcode locations: ${POSTCODE_ATTRIBUTION}`);
  return { lines, extra };
}
