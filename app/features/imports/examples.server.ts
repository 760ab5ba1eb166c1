// Example listings for the kinds with no open data (Changing Places toilets, time credits,
// micro-enterprises): db/seed/examples.json, every record marked is_example.
import fs from "node:fs";
import path from "node:path";
import { assetInputSchema, fieldErrors, type ValidAsset } from "../../core/asset";
import { describeFields } from "../../server/errors";
import { writeAssets } from "../assets/write-assets.server";
import type { Context } from "../../server/context.server";
import { registerDataset } from "../directory/datasets.data.server";
import { EXAMPLES_ATTRIBUTION, EXAMPLES_LICENCE, EXAMPLES_SOURCE } from "./sources";
import type { ImportResult, RejectedRow } from "./types";

export const EXAMPLES_FILE = path.join("db", "seed", "examples.json");

export const EXAMPLES_DATASET = {
  source: EXAMPLES_SOURCE,
  title: "Example listings (made up for the demo)",
  licence: EXAMPLES_LICENCE,
  attribution: EXAMPLES_ATTRIBUTION,
  url: null,
};

/** Load the example listings. Records that are not marked as examples are refused. */
export async function importExamples(ctx: Context, file: string = path.resolve(EXAMPLES_FILE), now: Date = new Date()): Promise<ImportResult> {
  const started = Date.now();
  const records = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>[];
  if (!Array.isArray(records)) throw new Error(`${file} must hold a JSON array of listings.`);
  const valid: ValidAsset[] = [];
  const rejects: RejectedRow[] = [];
  records.forEach((record, i) => {
    const row = { index: i + 1, values: { source_id: String(record.source_id ?? ""), name: String(record.name ?? "") } };
    if (record.is_example !== true || record.source !== EXAMPLES_SOURCE) {
      rejects.push({ row, reason: `every example must have is_example: true and source "${EXAMPLES_SOURCE}"` });
      return;
    }
    const parsed = assetInputSchema.safeParse(record);
    if (parsed.success) valid.push(parsed.data);
    else rejects.push({ row, reason: describeFields(fieldErrors(parsed.error)) });
  });
  const counts = { created: 0, updated: 0, unchanged: 0 };
  for (const o of await writeAssets(ctx, valid, now)) counts[o.status]++;
  await registerDataset(ctx.db.kysely, EXAMPLES_DATASET, now);
  return {
    file,
    source: EXAMPLES_SOURCE,
    title: EXAMPLES_DATASET.title,
    read: records.length,
    ...counts,
    rejected: rejects.length,
    skipped: 0,
    rejectReasons: rejects.map((r) => ({ reason: r.reason, count: 1 })),
    skipReasons: [],
    rejects,
    rejectsFile: null,
    durationMs: Date.now() - started,
  };
}
